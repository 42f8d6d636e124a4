"""Keeping the search indexes in step with translations (run by the worker).

``kb_translation_index`` is idempotent: it reads the translation as it is now,
replaces its lexical row and chunks, and embeds only texts whose
``(model, hash)`` has no cached vector yet, so re-saving unchanged text embeds
nothing. Drafts and archived translations are removed from both indexes.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from django.db import transaction
from django.db.models import F

from samadhan.kb.models import ArticleStatus, ArticleTranslation
from samadhan.kb.search import lexical
from samadhan.kb.search.chunks import plain_text, translation_chunks
from samadhan.kb.search.embeddings import EmbeddingProvider, content_hash, get_provider
from samadhan.kb.search.models import Chunk, Embedding, IndexVersion

SEARCHABLE = (ArticleStatus.PUBLISHED, ArticleStatus.INTERNAL)


def _bump(workspace_id: int) -> None:
    updated = IndexVersion.objects.filter(workspace_id=workspace_id).update(
        version=F("version") + 1
    )
    if not updated:
        IndexVersion.objects.get_or_create(workspace_id=workspace_id, defaults={"version": 1})


def embeddings_ensure(
    texts: Iterable[str], *, provider: EmbeddingProvider | None = None
) -> dict[str, bytes]:
    """Vectors (as stored bytes) by content hash for ``texts``, embedding only the missing."""
    provider = provider or get_provider()
    by_hash = {content_hash("passage", text): text for text in texts}
    found = dict(
        Embedding.objects.filter(model=provider.name, content_hash__in=list(by_hash)).values_list(
            "content_hash", "vector"
        )
    )
    missing = [h for h in by_hash if h not in found]
    if missing:
        matrix = provider.embed([by_hash[h] for h in missing], role="passage")
        rows = [
            Embedding(
                content_hash=h,
                model=provider.name,
                dim=matrix.shape[1],
                vector=np.asarray(vector, dtype="<f4").tobytes(),
            )
            for h, vector in zip(missing, matrix, strict=True)
        ]
        Embedding.objects.bulk_create(rows, ignore_conflicts=True)
        found.update({row.content_hash: bytes(row.vector) for row in rows})
    return {h: bytes(found[h]) for h in by_hash}


def kb_translation_index(*, translation_id: int, embed: bool = True) -> str:
    """Bring one translation's lexical row and chunks up to date; returns what was done."""
    translation = ArticleTranslation.objects.filter(pk=translation_id).first()
    if translation is None or translation.status not in SEARCHABLE:
        with transaction.atomic():
            lexical.remove([translation_id])
            Chunk.objects.filter(translation_id=translation_id).delete()
            if translation is not None:
                _bump(translation.workspace_id)
        return "removed"
    texts = translation_chunks(
        title=translation.title,
        keywords=[str(k) for k in translation.keywords],
        body_markdown=translation.body_markdown,
    )
    if embed:
        # Slow part first and outside the transaction: the model runs here.
        embeddings_ensure(texts)
    with transaction.atomic():
        lexical.index_rows(
            [
                (
                    translation.pk,
                    translation.workspace_id,
                    translation.language,
                    translation.status,
                    translation.title,
                    [str(k) for k in translation.keywords],
                    plain_text(translation.body_markdown),
                )
            ]
        )
        Chunk.objects.filter(translation_id=translation.pk).delete()
        Chunk.objects.bulk_create(
            [
                Chunk(
                    workspace_id=translation.workspace_id,
                    translation_id=translation.pk,
                    article_id=translation.article_id,
                    language=translation.language,
                    position=position,
                    text=text,
                    content_hash=content_hash("passage", text),
                )
                for position, text in enumerate(texts)
            ]
        )
        _bump(translation.workspace_id)
    return "indexed"


def kb_translations_unindex(*, workspace_id: int, translation_ids: list[int]) -> None:
    """Translations gone (an article deleted): their lexical rows go, chunks cascade."""
    with transaction.atomic():
        lexical.remove(translation_ids)
        Chunk.objects.filter(workspace_id=workspace_id, translation_id__in=translation_ids).delete()
        _bump(workspace_id)
