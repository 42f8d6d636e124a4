"""The semantic channel's nearest-neighbour search: exact, over a float32 matrix.

Each process keeps one matrix per workspace (all its chunks' vectors for the
configured model) with parallel arrays of translation id, article id, language
and status. A search reads the workspace's ``IndexVersion`` (one indexed row)
and reloads the matrix when it changed. Exact search measured 100k x 384 at
10-25 ms here, while an HNSW index (usearch) took minutes to build and lost
recall at that size (docs/decisions/0007-kb-search.md).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from django.db import connection

from samadhan.kb.search.models import IndexVersion

_LOAD_SQL = """
SELECT c.translation_id, c.article_id, c.language, t.status, e.vector
FROM kb_search_chunk c
JOIN kb_search_embedding e ON e.content_hash = c.content_hash AND e.model = %s
JOIN kb_articletranslation t ON t.id = c.translation_id
WHERE c.workspace_id = %s AND t.status IN ('published', 'internal')
ORDER BY CASE WHEN t.status = 'published' THEN 0 ELSE 1 END, c.id
"""


@dataclass(frozen=True)
class ChunkHit:
    translation_id: int
    article_id: int
    language: str
    score: float


@dataclass
class WorkspaceVectors:
    version: int
    model: str
    matrix: npt.NDArray[np.float32]
    translation_ids: npt.NDArray[np.int64]
    article_ids: npt.NDArray[np.int64]
    languages: npt.NDArray[np.str_]
    # Rows are published first, then internal: public search reads a prefix.
    published: int

    def search(
        self, query: npt.NDArray[np.float32], *, include_internal: bool, limit: int
    ) -> list[ChunkHit]:
        rows = len(self.translation_ids) if include_internal else self.published
        if not rows:
            return []
        scores = self.matrix[:rows] @ query
        k = min(limit, rows)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [
            ChunkHit(
                translation_id=int(self.translation_ids[i]),
                article_id=int(self.article_ids[i]),
                language=str(self.languages[i]),
                score=float(scores[i]),
            )
            for i in top
        ]


_cache: dict[int, WorkspaceVectors] = {}
_lock = threading.Lock()


def current_version(workspace_id: int) -> int:
    version = (
        IndexVersion.objects.filter(workspace_id=workspace_id)
        .values_list("version", flat=True)
        .first()
    )
    return int(version or 0)


def load(workspace_id: int, model: str, version: int) -> WorkspaceVectors:
    with connection.cursor() as cursor:
        cursor.execute(_LOAD_SQL, [model, workspace_id])
        rows = cursor.fetchall()
    # Chunks whose vector is not computed yet (the worker is behind) are left out.
    if rows:
        matrix = np.vstack([np.frombuffer(bytes(r[4]), dtype="<f4") for r in rows])
    else:
        matrix = np.zeros((0, 1), dtype=np.float32)
    return WorkspaceVectors(
        version=version,
        model=model,
        matrix=np.ascontiguousarray(matrix, dtype=np.float32),
        translation_ids=np.array([r[0] for r in rows], dtype=np.int64),
        article_ids=np.array([r[1] for r in rows], dtype=np.int64),
        languages=np.array([r[2] for r in rows], dtype=np.str_),
        published=sum(1 for r in rows if r[3] == "published"),
    )


def vectors_for(workspace_id: int, model: str) -> WorkspaceVectors:
    """The workspace's matrix, reloaded only when its index version changed."""
    version = current_version(workspace_id)
    cached = _cache.get(workspace_id)
    if cached is not None and cached.version == version and cached.model == model:
        return cached
    with _lock:
        cached = _cache.get(workspace_id)
        if cached is None or cached.version != version or cached.model != model:
            cached = load(workspace_id, model, version)
            _cache[workspace_id] = cached
        return cached


def forget(workspace_id: int | None = None) -> None:
    """Drop cached matrices (tests; a process that wants its memory back)."""
    with _lock:
        if workspace_id is None:
            _cache.clear()
        else:
            _cache.pop(workspace_id, None)
