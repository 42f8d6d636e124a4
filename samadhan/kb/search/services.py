"""Writes of the search app: the query log and clicks on results."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samadhan.kb.models import SearchQuery, SearchSource

MAX_QUERY_CHARS = 500
CLICK_WINDOW = timedelta(hours=1)


def search_query_log(
    *,
    workspace_id: int,
    query: str,
    language: str,
    detected_language: str,
    source: str,
    result_count: int,
    top_article_id: int | None,
    top_score: float | None,
) -> SearchQuery:
    if source not in SearchSource.values:
        source = SearchSource.API
    return SearchQuery.objects.create(
        workspace_id=workspace_id,
        query=query.strip()[:MAX_QUERY_CHARS],
        language=language[:16],
        detected_language=detected_language[:16],
        source=source,
        result_count=result_count,
        top_article_id=top_article_id,
        top_score=top_score,
    )


def kb_search_click(*, workspace_id: int, query: str, article_id: int) -> bool:
    """Mark the latest unclicked search for ``query`` (in the last hour) as clicked."""
    since = timezone.now() - CLICK_WINDOW
    search = (
        SearchQuery.objects.filter(
            workspace_id=workspace_id,
            query=query.strip()[:MAX_QUERY_CHARS],
            clicked_article__isnull=True,
            created_at__gte=since,
        )
        .order_by("-created_at", "-id")
        .first()
    )
    if search is None:
        return False
    search.clicked_article_id = article_id
    search.save(update_fields=["clicked_article"])
    return True
