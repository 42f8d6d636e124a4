"""What readers tell us: "Did this help?" and page views."""

from __future__ import annotations

import regex
from django.db import transaction

from samadhan.kb.models import ArticleFeedback, ArticleTranslation
from samadhan.kb.services import translation_counter_add

MAX_COMMENT = 2000
# Crawlers, link previews and monitors announce themselves; an empty agent is a script.
_BOT = regex.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|embedly|curl|wget|python-|"
    r"httpx|go-http|java/|headless|lighthouse|pingdom|uptime|monitor",
    regex.IGNORECASE,
)


def is_bot(user_agent: str) -> bool:
    return not user_agent.strip() or bool(_BOT.search(user_agent))


def article_view_record(*, translation: ArticleTranslation, user_agent: str) -> bool:
    """Count one view unless a crawler asked; says whether it was counted."""
    if is_bot(user_agent):
        return False
    translation_counter_add(translation_id=translation.pk, field="view_count")
    return True


@transaction.atomic
def article_feedback_record(
    *, translation: ArticleTranslation, helpful: bool, comment: str = ""
) -> ArticleFeedback:
    feedback = ArticleFeedback.objects.create(
        workspace_id=translation.workspace_id,
        translation=translation,
        helpful=helpful,
        comment=comment.strip()[:MAX_COMMENT],
    )
    translation_counter_add(
        translation_id=translation.pk, field="helpful_count" if helpful else "unhelpful_count"
    )
    return feedback
