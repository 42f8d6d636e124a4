"""``GET /api/v1/kb/search``: knowledge-base search for API clients (thin)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import ConfigDict, Field

from samadhan.api.auth import actor_of
from samadhan.kb.access import kb_readable_statuses
from samadhan.kb.models import ArticleStatus, SearchSource
from samadhan.kb.search.selectors import MAX_LIMIT, kb_search

router = Router(tags=["knowledge base"])


class SearchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    q: str = Field(min_length=1, max_length=500)
    language: str | None = Field(default=None, min_length=2, max_length=16)
    limit: int = Field(default=10, ge=1, le=MAX_LIMIT)


class SearchHitOut(Schema):
    article_id: int
    translation_id: int
    language: str = Field(description="The language of the hit; may differ from the one asked.")
    title: str
    snippet_html: str = Field(description="Escaped text with <mark> around matched words.")
    score: float
    url: str


class SearchOut(Schema):
    results: list[SearchHitOut]


@router.get("/kb/search", response=SearchOut)
def search_articles(request: HttpRequest, query: Query[SearchIn]) -> Any:
    actor = actor_of(request)
    hits = kb_search(
        workspace_id=actor.workspace.pk,
        query=query.q,
        language=query.language,
        limit=query.limit,
        include_internal=ArticleStatus.INTERNAL in kb_readable_statuses(actor),
        source=SearchSource.API,
    )
    return {"results": hits}
