"""Reads of knowledge-base search: ``kb_search`` (used by the API, the help
center, the agent sidebar and the bot) and the content-gaps report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone

from samadhan.kb.models import ArticleTranslation, SearchQuery
from samadhan.kb.search.analysis import clean_query
from samadhan.kb.search.chunks import plain_text
from samadhan.kb.search.ranking import channel_scores, combine
from samadhan.kb.search.services import search_query_log
from samadhan.kb.search.snippets import snippet_html
from samadhan.workspaces.models import Workspace

MAX_LIMIT = 50
# Below this combined score a top result is "no good answer" (content gaps).
GAP_SCORE = 0.85
GAP_DAYS = 30


@dataclass(frozen=True)
class SearchHit:
    article_id: int
    translation_id: int
    # The language of the translation shown: may differ from the one asked for
    # when the article is not translated into it (the caller shows a note).
    language: str
    title: str
    snippet_html: str
    score: float
    url: str


def help_url(*, workspace_slug: str, language: str, article_id: int, slug: str) -> str:
    return f"/help/{workspace_slug}/{language}/{article_id}-{slug}"


def _shown_translations(
    workspace_id: int, article_ids: list[int], statuses: list[str], language: str
) -> dict[int, ArticleTranslation]:
    """Per article the translation to show: the asked language, else English, else any."""
    rows = ArticleTranslation.objects.filter(
        workspace_id=workspace_id, article_id__in=article_ids, status__in=statuses
    ).only("id", "article_id", "language", "title", "slug", "body_markdown")
    chosen: dict[int, ArticleTranslation] = {}
    for row in rows:
        current = chosen.get(row.article_id)
        rank = (row.language != language, row.language != "en", row.language)
        if current is None or rank < (
            current.language != language,
            current.language != "en",
            current.language,
        ):
            chosen[row.article_id] = row
    return chosen


def kb_search(
    *,
    workspace_id: int,
    query: str,
    language: str | None,
    limit: int = 10,
    include_internal: bool = False,
    source: str = "api",
    log: bool = True,
) -> list[SearchHit]:
    """Articles for ``query``, best first.

    Only published translations, or internal ones too with ``include_internal``
    (agents); never drafts or archived ones.
    """
    query = clean_query(query)
    workspace = Workspace.objects.only("id", "slug", "languages", "default_language").get(
        pk=workspace_id
    )
    languages = list(workspace.languages or [workspace.default_language])
    limit = max(1, min(limit, MAX_LIMIT))
    scores = channel_scores(
        workspace_id=workspace_id,
        query=query,
        languages=languages,
        include_internal=include_internal,
    )
    ranked = combine(scores)[:limit]
    statuses = ["published", "internal"] if include_internal else ["published"]
    wanted = language or scores.analysis.detected_language or workspace.default_language
    shown = _shown_translations(workspace_id, [a for a, _ in ranked], statuses, wanted)
    hits = []
    for article_id, score in ranked:
        translation = shown.get(article_id)
        if translation is None:  # unpublished since it was indexed
            continue
        hits.append(
            SearchHit(
                article_id=article_id,
                translation_id=translation.pk,
                language=translation.language,
                title=translation.title,
                snippet_html=snippet_html(
                    plain_text(translation.body_markdown), scores.analysis.tokens
                ),
                score=round(score, 4),
                url=help_url(
                    workspace_slug=workspace.slug,
                    language=translation.language,
                    article_id=article_id,
                    slug=translation.slug,
                ),
            )
        )
    if log:
        search_query_log(
            workspace_id=workspace_id,
            query=query,
            language=language or "",
            detected_language=scores.analysis.detected_language,
            source=source,
            result_count=len(hits),
            top_article_id=hits[0].article_id if hits else None,
            top_score=hits[0].score if hits else None,
        )
    return hits


@dataclass(frozen=True)
class ContentGap:
    query: str
    language: str
    searches: int
    no_results: int
    best_score: float | None


def kb_content_gaps(
    *, workspace_id: int, days: int = GAP_DAYS, threshold: float = GAP_SCORE, limit: int = 100
) -> list[ContentGap]:
    """Frequent searches of the last ``days`` with no result or a weak top result."""
    since = timezone.now() - timedelta(days=days)
    weak = Q(result_count=0) | Q(top_score__lt=threshold)
    rows = (
        SearchQuery.objects.filter(workspace_id=workspace_id, created_at__gte=since)
        .filter(weak)
        .values("query", "language", "detected_language")
        .annotate(
            searches=Count("id"),
            no_results=Count("id", filter=Q(result_count=0)),
            best=Max("top_score"),
        )
        .order_by("-searches", "query")[:limit]
    )
    return [
        ContentGap(
            query=row["query"],
            language=row["language"] or row["detected_language"],
            searches=row["searches"],
            no_results=row["no_results"],
            best_score=row["best"],
        )
        for row in rows
    ]
