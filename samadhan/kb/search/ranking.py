"""Both channels for one query, collapsed to articles and combined.

The combination was chosen by measurement on the evaluation set
(benchmarks/kb_eval.py, docs/search.md): the semantic score leads and the
lexical channel, normalised by the query's best lexical score, adds a small
weight for shared words (exact codes and order numbers win through it). Rank
fusion (RRF) was measured and lost to this on paraphrases and on MRR.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from samadhan.kb.models import ArticleTranslation
from samadhan.kb.search import lexical
from samadhan.kb.search.analysis import QueryAnalysis, analyse_query
from samadhan.kb.search.embeddings import get_provider
from samadhan.kb.search.vectors import vectors_for

LEXICAL_CANDIDATES = 50
SEMANTIC_CHUNKS = 200


@dataclass(frozen=True)
class Weights:
    """How the channels are combined: ``semantic + lexical * lex_norm + code * code_hit``."""

    semantic: float = 1.0
    lexical: float = 0.05
    code: float = 0.0


# Chosen on the odd-numbered questions of benchmarks/kb_eval (docs/search.md):
# lexical 0.05 had the best MRR (0.943 same-language, 0.721 cross-language); a
# code bonus of 0.1 or 0.2 changed nothing there (codes already match
# lexically), so it is off and its extra query is skipped.
DEFAULT_WEIGHTS = Weights()


@dataclass
class ChannelScores:
    """Per-article scores of each channel, and the translation that scored them."""

    analysis: QueryAnalysis
    semantic: dict[int, float] = field(default_factory=dict)
    semantic_translation: dict[int, int] = field(default_factory=dict)
    lexical: dict[int, float] = field(default_factory=dict)
    lexical_translation: dict[int, int] = field(default_factory=dict)
    code_articles: set[int] = field(default_factory=set)


def _statuses(include_internal: bool) -> list[str]:
    return ["published", "internal"] if include_internal else ["published"]


def _lexical_articles(
    workspace_id: int, words: list[str], statuses: list[str]
) -> tuple[dict[int, float], dict[int, int]]:
    hits = lexical.search(
        workspace_id=workspace_id, words=words, statuses=statuses, limit=LEXICAL_CANDIDATES
    )
    if not hits:
        return {}, {}
    # The index may lag a status change: the translation rows are the truth.
    articles = dict(
        ArticleTranslation.objects.filter(
            workspace_id=workspace_id,
            pk__in=[h.translation_id for h in hits],
            status__in=statuses,
        ).values_list("pk", "article_id")
    )
    scores: dict[int, float] = {}
    translations: dict[int, int] = {}
    for hit in hits:
        article = articles.get(hit.translation_id)
        if article is not None and article not in scores:
            scores[article] = hit.score
            translations[article] = hit.translation_id
    return scores, translations


def channel_scores(
    *,
    workspace_id: int,
    query: str,
    languages: list[str],
    include_internal: bool = False,
    semantic: bool = True,
    codes: bool = DEFAULT_WEIGHTS.code > 0,
) -> ChannelScores:
    analysis = analyse_query(query, languages=languages)
    result = ChannelScores(analysis=analysis)
    statuses = _statuses(include_internal)
    result.lexical, result.lexical_translation = _lexical_articles(
        workspace_id, analysis.tokens, statuses
    )
    code_words = [w for w in analysis.tokens if any(c.isdigit() for c in w) and len(w) >= 3]
    if codes and code_words:
        result.code_articles = set(_lexical_articles(workspace_id, code_words, statuses)[0])
    if semantic and query.strip():
        provider = get_provider()
        vector = provider.embed([query], role="query")[0]
        store = vectors_for(workspace_id, provider.name)
        for hit in store.search(
            np.asarray(vector, dtype=np.float32),
            include_internal=include_internal,
            limit=SEMANTIC_CHUNKS,
        ):
            if hit.article_id not in result.semantic:
                result.semantic[hit.article_id] = hit.score
                result.semantic_translation[hit.article_id] = hit.translation_id
    return result


def combine(scores: ChannelScores, weights: Weights = DEFAULT_WEIGHTS) -> list[tuple[int, float]]:
    """Articles best first with their combined score."""
    top_lexical = max(scores.lexical.values(), default=0.0) or 1.0
    # Without a semantic score an article still ranks by its words, below the
    # weakest semantic candidate (the vector may not be computed yet).
    floor = min(scores.semantic.values(), default=0.0)
    combined: dict[int, float] = {}
    for article in scores.semantic.keys() | scores.lexical.keys():
        value = weights.semantic * scores.semantic.get(article, floor)
        value += weights.lexical * scores.lexical.get(article, 0.0) / top_lexical
        if article in scores.code_articles:
            value += weights.code
        combined[article] = value
    return sorted(combined.items(), key=lambda item: (-item[1], item[0]))
