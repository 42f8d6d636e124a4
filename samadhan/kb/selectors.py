"""Reading the knowledge base for editors, agents and the API."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from samadhan.accounts.access import Actor
from samadhan.kb.access import articles_readable, translations_readable
from samadhan.kb.models import (
    Article,
    ArticleFeedback,
    ArticleTranslation,
    ArticleVersion,
    Category,
    Section,
)


def article_list(
    *, actor: Actor, language: str | None = None, section_id: int | None = None
) -> QuerySet[Article]:
    """Articles the actor may read, each with the translations the actor may read."""
    articles = articles_readable(actor)
    if language:
        articles = articles.filter(
            translations__in=translations_readable(actor).filter(language=language)
        )
    if section_id is not None:
        articles = articles.filter(section_id=section_id)
    return (
        articles.select_related("section__category")
        .prefetch_related(
            Prefetch(
                "translations",
                queryset=translations_readable(actor).order_by("language"),
                to_attr="readable_translations",
            ),
            "related",
        )
        .order_by("position", "id")
    )


def category_list(*, actor: Actor) -> QuerySet[Category]:
    return (
        Category.objects.filter(workspace=actor.workspace)
        .prefetch_related("translations")
        .order_by("position", "id")
    )


def section_list(*, actor: Actor, category_id: int | None = None) -> QuerySet[Section]:
    sections = Section.objects.filter(workspace=actor.workspace)
    if category_id is not None:
        sections = sections.filter(category_id=category_id)
    return sections.prefetch_related("translations").order_by("position", "id")


def version_list(
    *, actor: Actor, article: Article, language: str | None = None
) -> QuerySet[ArticleVersion]:
    versions = ArticleVersion.objects.filter(
        workspace=actor.workspace, translation__article=article
    )
    if language:
        versions = versions.filter(translation__language=language)
    return versions.select_related("translation", "author").order_by(
        "translation__language", "-number"
    )


def feedback_list(*, translation: ArticleTranslation, limit: int = 50) -> list[ArticleFeedback]:
    return list(
        ArticleFeedback.objects.filter(
            workspace_id=translation.workspace_id, translation=translation
        ).order_by("-created_at", "-id")[:limit]
    )


@dataclass(frozen=True)
class Cell:
    """One article and language of the editors' matrix; ``None`` translation: missing."""

    language: str
    translation: ArticleTranslation | None

    @property
    def name(self) -> str:
        return dict(settings.LANGUAGES).get(self.language, self.language)


def language_matrix(article: Article, languages: list[str]) -> list[Cell]:
    by_language = {t.language: t for t in getattr(article, "readable_translations", [])}
    return [
        Cell(language=language, translation=by_language.get(language)) for language in languages
    ]


def workspace_languages(actor: Actor) -> list[str]:
    known = [code for code, _name in settings.LANGUAGES]
    chosen = [code for code in actor.workspace.languages or [] if code in known]
    return chosen or known


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "add", "remove", "context", "hunk"
    text: str


def version_diff(old: ArticleVersion | None, new: ArticleVersion) -> list[DiffLine]:
    """A unified diff of title and Markdown from ``old`` (nothing: the first) to ``new``."""
    before = [] if old is None else [old.title, "", *old.body_markdown.splitlines()]
    after = [new.title, "", *new.body_markdown.splitlines()]
    lines: list[DiffLine] = []
    for raw in difflib.unified_diff(before, after, lineterm="", n=2):
        if raw.startswith(("---", "+++")):
            continue
        if raw.startswith("@@"):
            lines.append(DiffLine("hunk", raw))
        elif raw.startswith("+"):
            lines.append(DiffLine("add", raw[1:]))
        elif raw.startswith("-"):
            lines.append(DiffLine("remove", raw[1:]))
        else:
            lines.append(DiffLine("context", raw[1:]))
    return lines


def version_previous(version: ArticleVersion) -> ArticleVersion | None:
    return (
        ArticleVersion.objects.filter(
            workspace_id=version.workspace_id,
            translation_id=version.translation_id,
            number__lt=version.number,
        )
        .order_by("-number")
        .first()
    )
