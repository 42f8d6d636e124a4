"""The answer bot's decision (kb_search + confidence threshold) on benchmarks/kb_eval.

    .venv/bin/python benchmarks/bot_eval.py [--out benchmarks/results/bot-eval-latest.md]

Loads the 42 articles x 5 languages into a fresh SQLite database through the KB
import service, indexes them with the real search code, asks every one of the
262 labelled questions through ``kb_search(..., source="bot")`` exactly as the
bot does, and sweeps the confidence threshold. For each threshold and query
language it reports:

- precision: of the questions the bot answers, how often its top article is right;
- answer rate (coverage): how many questions it answers at all;
- deflection-eligible rate: answered with the right top article (answer rate x precision).

The chosen threshold is the lowest one whose overall precision is >= 0.9 (the
most answers at that precision). Vectors are cached in
/tmp/samadhan-kb-eval-vectors.npz (the same cache as benchmarks/kb_eval.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "benchmarks" / "kb_eval"
CACHE = Path("/tmp/samadhan-kb-eval-vectors.npz")
LANGS = ["en", "hi", "mr", "te", "lv"]
TARGET_PRECISION = 0.9
THRESHOLDS = [round(0.78 + 0.01 * i, 2) for i in range(18)]

sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="samadhan-bot-eval-"))
os.environ["SAMADHAN_VAR_DIR"] = str(WORK)
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from samadhan.bots.models import DEFAULT_THRESHOLD  # noqa: E402
from samadhan.kb.models import ArticleTranslation  # noqa: E402
from samadhan.kb.search import indexing, ranking  # noqa: E402
from samadhan.kb.search.embeddings import content_hash, get_provider  # noqa: E402
from samadhan.kb.search.selectors import kb_search  # noqa: E402
from samadhan.kb.transfer import kb_import  # noqa: E402
from samadhan.testing.factories import make_workspace  # noqa: E402


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


def build_workspace(provider: CachingProvider) -> tuple[int, dict[int, str]]:
    directory = WORK / "articles"
    for article in sorted((SET / "articles").iterdir()):
        for language in LANGS:
            target = directory / article.name / f"{language}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(article / f"{language}.md", target)
    workspace = make_workspace(slug="bot-eval", languages=LANGS)
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
    print(f"  {len(ids)} translations indexed in {time.perf_counter() - started:.1f}s")
    return workspace.pk, keys


Row = tuple[str, float, bool]  # (language, top score, top article right)


def figures(rows: list[Row], threshold: float) -> tuple[float | None, float, float, int]:
    answered = [right for _, score, right in rows if score >= threshold]
    n = len(rows) or 1
    precision = sum(answered) / len(answered) if answered else None
    return precision, len(answered) / n, sum(answered) / n, len(rows)


def choose(rows: list[Row]) -> tuple[float, bool]:
    """The lowest threshold reaching the target precision, else the most precise one."""
    for threshold in THRESHOLDS:
        precision = figures(rows, threshold)[0]
        if precision is not None and precision >= TARGET_PRECISION:
            return threshold, True
    best = max(THRESHOLDS, key=lambda t: figures(rows, t)[0] or 0.0)
    return best, False


def cell(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def report(rows: list[Row], chosen: float, reached: bool, ms: float, model: str) -> str:
    lines = [
        "# Answer bot: threshold evaluation",
        "",
        (
            "`.venv/bin/python benchmarks/bot_eval.py` — 42 articles x 5 languages, "
            f"{len(rows)} labelled questions (benchmarks/kb_eval), embeddings `{model}`, "
            f"{ms:.0f} ms per kb_search."
        ),
        "",
        (
            "Precision: share of answered questions whose top article is the labelled one. "
            "Answer rate: share of questions answered (top score >= threshold). "
            "Deflection-eligible: answered with the right article (share of all questions)."
        ),
        "",
        f"**Chosen threshold: {chosen:.2f}** "
        + (
            f"(the lowest with overall precision >= {TARGET_PRECISION})."
            if reached
            else f"(precision {TARGET_PRECISION} not reached; the most precise threshold)."
        ),
        f"Default in the code (`samadhan.bots.models.DEFAULT_THRESHOLD`): {DEFAULT_THRESHOLD:.2f}.",
        "",
        "## Overall",
        "",
        "| threshold | precision | answer rate | deflection-eligible |",
        "|---|---|---|---|",
    ]
    for threshold in THRESHOLDS:
        p, a, d, _ = figures(rows, threshold)
        mark = " ←" if threshold == chosen else ""
        lines.append(f"| {threshold:.2f}{mark} | {cell(p)} | {a:.2f} | {d:.2f} |")
    lines += [
        "",
        "## Per language (precision / answer rate / deflection-eligible)",
        "",
        "| threshold | " + " | ".join(LANGS) + " |",
        "|---|" + "---|" * len(LANGS),
    ]
    for threshold in THRESHOLDS:
        cells = []
        for language in LANGS:
            p, a, d, _n = figures([r for r in rows if r[0] == language], threshold)
            cells.append(f"{cell(p)} / {a:.2f} / {d:.2f}")
        mark = " ←" if threshold == chosen else ""
        lines.append(f"| {threshold:.2f}{mark} | " + " | ".join(cells) + " |")
    counts = ", ".join(f"{lang} {sum(1 for r in rows if r[0] == lang)}" for lang in LANGS)
    lines += ["", f"Questions per language: {counts}.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "benchmarks/results/bot-eval-latest.md"))
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    provider = CachingProvider()
    indexing.get_provider = lambda: provider  # type: ignore[assignment]
    ranking.get_provider = lambda: provider  # type: ignore[assignment]
    print(f"model {provider.name}; {len(provider.cache)} cached vectors")
    workspace_id, keys = build_workspace(provider)
    questions = [json.loads(x) for x in (SET / "questions.jsonl").read_text().splitlines() if x]
    rows: list[Row] = []
    started = time.perf_counter()
    for q in questions:
        hits = kb_search(
            workspace_id=workspace_id, query=q["text"], language=None, limit=3, source="bot"
        )
        top = hits[0] if hits else None
        rows.append(
            (
                q["language"],
                top.score if top else 0.0,
                bool(top and keys[top.article_id] == q["article"]),
            )
        )
    ms = (time.perf_counter() - started) * 1000 / len(questions)
    provider.save()
    chosen, reached = choose(rows)
    text = report(rows, chosen, reached, ms, provider.name)
    Path(args.out).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
