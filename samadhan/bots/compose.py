"""The bot's words to a customer, in the ticket's language, and its notes to agents."""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from django.utils import translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from samadhan.core.conf import public_url
from samadhan.core.html import html_to_text

SNIPPET_CHARS = 160


@dataclass(frozen=True, kw_only=True)
class Offered:
    """An article the bot considered: what it shows and what the handoff note lists."""

    article_id: int
    translation_id: int
    language: str
    title: str
    url: str
    snippet: str
    score: float

    def as_json(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "translation_id": self.translation_id,
            "language": self.language,
            "title": self.title,
            "url": self.url,
            "snippet": self.snippet,
            "score": self.score,
        }


def snippet_text(snippet_html: str) -> str:
    text = " ".join(html_to_text(snippet_html).split())
    if len(text) <= SNIPPET_CHARS:
        return text
    return text[: SNIPPET_CHARS - 1].rsplit(" ", 1)[0] + "…"


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else public_url() + url


def _in_language(code: str) -> str:
    """The note after an article shown in another language than the customer's.

    The language is named in the reader's language (Babel's CLDR names: "इंग्रजी",
    not "English", for a Marathi reader).
    """
    try:
        reader = Locale.parse(translation.get_language() or "en", sep="-")
        name = reader.languages.get(code) or get_language_info(code)["name_local"]
    except (KeyError, ValueError, UnknownLocaleError):
        name = code
    return " (" + _("in %(language)s") % {"language": name} + ")"


def article_lines(articles: list[Offered], *, language: str = "") -> str:
    blocks = []
    for number, article in enumerate(articles, start=1):
        other = language and article.language and article.language != language
        title = article.title + (_in_language(article.language) if other else "")
        lines = [f"{number}. {title}", f"   {article.url}"]
        if article.snippet:
            lines.append(f"   {article.snippet}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def question_line(*, chat: bool) -> str:
    if chat:
        return _(
            "Did this answer your question? Reply “yes” or “no”, "
            "or write “agent” to talk to a person."
        )
    return _(
        "Did this answer your question? Reply “yes” or “no” to this email; "
        "a person from our team will answer if it did not."
    )


def answer_text(*, language: str, articles: list[Offered], chat: bool) -> str:
    """Links to the best articles, then the question (no generated text)."""
    with translation.override(language or None):
        intro = _("These articles from our help center may answer your question:")
        return "\n\n".join(
            [intro, article_lines(articles, language=language), question_line(chat=chat)]
        )


def generated_text(*, language: str, answer: str, cited: list[Offered], chat: bool) -> str:
    """A generated answer, its sources (every one it cites) and the question."""
    with translation.override(language or None):
        sources = _("Sources:")
        return "\n\n".join(
            [
                answer.strip(),
                sources + "\n" + article_lines(cited, language=language),
                question_line(chat=chat),
            ]
        )


def solved_text(*, language: str) -> str:
    with translation.override(language or None):
        return _("Glad that helped! Write again any time you need us.")


def handoff_text(*, language: str) -> str:
    with translation.override(language or None):
        return _("Thank you. A person from our team will reply here as soon as possible.")


def _meaning_label(meaning: str) -> str:
    labels = {
        "yes": _("yes"),
        "no": _("no"),
        "human": _("asked for a person"),
        "unclear": _("not clear"),
    }
    return labels.get(meaning, meaning)


def _candidate_line(title: str, url: str, score: float) -> str:
    return "- " + _("%(title)s (%(url)s, score %(score)s)") % {
        "title": title,
        "url": url,
        "score": f"{score:.2f}",
    }


def handoff_note(
    *, question: str, articles: list[dict[str, object]], reply: str, meaning: str, language: str
) -> str:
    """For agents (in the workspace's language): what was asked, offered and answered."""
    with translation.override(language or None):
        return _handoff_note(question=question, articles=articles, reply=reply, meaning=meaning)


def _handoff_note(
    *, question: str, articles: list[dict[str, object]], reply: str, meaning: str
) -> str:
    offered = "\n".join(
        _candidate_line(str(a["title"]), str(a["url"]), float(str(a["score"]))) for a in articles
    )
    return "\n\n".join(
        [
            _("The answer bot handed this conversation over."),
            _("Question:") + "\n" + question,
            _("Articles offered:") + "\n" + (offered or "-"),
            _("Customer's answer (%(meaning)s):") % {"meaning": _meaning_label(meaning)}
            + "\n"
            + reply,
        ]
    )


def nothing_found_note(
    *, question: str, articles: list[Offered], threshold: float, language: str
) -> str:
    """For agents (in the workspace's language): the bot stayed silent, and why."""
    with translation.override(language or None):
        return _nothing_found_note(question=question, articles=articles, threshold=threshold)


def _nothing_found_note(*, question: str, articles: list[Offered], threshold: float) -> str:
    candidates = "\n".join(_candidate_line(a.title, a.url, a.score) for a in articles)
    return "\n\n".join(
        [
            _("The answer bot found nothing confident (threshold %(threshold)s) and did not reply.")
            % {"threshold": f"{threshold:.2f}"},
            _("Question:") + "\n" + question,
            _("Top candidates:") + "\n" + (candidates or _("none")),
        ]
    )
