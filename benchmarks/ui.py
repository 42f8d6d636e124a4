#!/usr/bin/env python
"""Agent UI benchmark: the inbox and ticket pages over HTTP, SQLite and PostgreSQL, beside the peer.

  .venv/bin/python benchmarks/ui.py            # quick: N=10k, SQLite, peer live (< 3 min)
  .venv/bin/python benchmarks/ui.py --full     # N=100k then 1M, SQLite and PostgreSQL
  .venv/bin/python benchmarks/ui.py --dbs postgres --sizes 100000 --no-peer

For each database, in one run: a fresh database (as benchmarks/core.py: SQLite
file, or a private PostgreSQL cluster in /tmp + Redis), `samadhan migrate` and
`samadhan createadmin`, bulk-seeded with benchmarks/_seed.py (the demo-like
multilingual tickets) to N, with ticket #1 topped up to a 200-message thread
and #2 to 20. Then `samadhan serve --workers 2 --no-worker`; a real sign-in
(GET /login/, POST with the CSRF token) gives the session cookie, and the peer's
load generator (../shared/peer/bench/loadgen.py, its own process) requests, at
concurrency 1, median of --runs runs of --n requests each:

  * the inbox, first page (view=all), 25 rows;
  * the inbox filtered: view=all&filtered=1&status=open&language=te;
  * the inbox with a text search: q=<a Hindi word> (--term);
  * the inbox 10,000 rows deep: after=<keyset cursor of row 10,000>;
  * the sidebar counts the inbox loads after itself (htmx, GET counts);
  * the ticket page of the ticket with 200 messages.

In the same run, interleaved run by run: the peer (django-helpdesk) seeded to
the same N with its adapter, its agent ticket list (HTML shell + datatables
JSON) and keyword search, signed in through its own login form. The peer's
list is O(N): at N > --peer-max (default 100k) it is not run, and the report
says so. SQL queries per page come from benchmarks/_ui_probe.py (in-process,
CaptureQueriesContext): the inbox at page sizes 5, 25 and 100, the ticket page
with 20 and 200 messages. It prints figures, never asserts. Results:
benchmarks/results/ui-<date>.json and ui-latest.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _infra as infra
import _report_ui as report
from _peer import RESULTS_UI, SEARCH_TERM, Peer
from _peer import TARGET as PEER_TARGET
from core import Bench, slim, summarise_runs

HERE = Path(__file__).resolve().parent
UI_TARGET = HERE / "targets" / "samadhan-ui.json"
CASES = [
    "inbox_first",
    "inbox_filtered",
    "inbox_search",
    "inbox_deep",
    "inbox_counts",
    "ticket_long",
]
PEER_CASES = {"list_ui": "inbox_first", "search_ui": "inbox_search"}
THREADS = {"long": (1, 200), "short": (2, 20)}  # ticket number, messages
OWNER = ("bench@example.com", "bench-password-1")  # what infra.samadhan_prepare creates


class UIBench(Bench):
    NAME = "ui"

    def __init__(self, args: argparse.Namespace) -> None:
        super().__init__(args)
        self.results["peer_reference_ui"] = RESULTS_UI
        self.server: subprocess.Popen[bytes] | None = None

    def run_db(self, db: str) -> None:
        args = self.args
        res: dict = {"sizes": {}}
        self.results["databases"][db] = res
        env = self.db_env(db, res)
        infra.log(f"== {db}: migrate, owner")
        infra.samadhan_prepare(env)
        peer = self.start_peer(db, res) if args.peer else None
        res["peer_live"] = peer is not None
        try:
            for size in args.sizes:
                res["sizes"][str(size)] = self.ui_size(db=db, env=env, size=size, peer=peer)
        finally:
            infra.stop(self.server)
            if peer is not None:
                peer.stop()

    def ui_size(self, *, db: str, env: dict, size: int, peer: Peer | None) -> dict:
        args = self.args
        out: dict = {}
        infra.stop(self.server)
        self.server = None
        infra.log(f"  seeding to {size:,} tickets, threads of {THREADS}")
        threads = ",".join(f"{number}:{n}" for number, n in THREADS.values())
        cmd = [infra.PYTHON, str(HERE / "_seed.py"), "--to", str(size), "--threads", threads]
        t0 = time.perf_counter()
        seeded = json.loads(infra.run(cmd, env=env, cwd=infra.ROOT, timeout=3600).splitlines()[-1])
        seeded["wall_s"] = round(time.perf_counter() - t0, 1)
        out["seed"] = seeded
        infra.log(
            f"  seeded +{seeded['added']:,} in {seeded.get('seconds')} s, "
            f"DB {seeded.get('db_bytes', 0) / 1e9:.2f} GB, threads {seeded.get('threads')}"
        )
        probe_cmd = [infra.PYTHON, str(HERE / "_ui_probe.py"), "--term", args.term]
        probe_cmd += ["--depth", str(min(args.depth, size // 2))]  # 10k: 5,000 deep
        probe_cmd += ["--long", str(THREADS["long"][0]), "--short", str(THREADS["short"][0])]
        probe = json.loads(infra.run(probe_cmd, env=env, cwd=infra.ROOT, timeout=1800))
        out["probe"] = probe
        infra.log(f"  probe: rows {probe['checks']}")
        infra.log(
            "  queries per page by page size: "
            + json.dumps(
                {
                    s: {c: v["queries"] for c, v in d.items()}
                    for s, d in probe["queries_by_page_size"].items()
                }
            )
        )
        infra.log(
            "  ticket page queries: "
            + ", ".join(
                f"{t['messages']} messages: {t['queries']}"
                for t in probe["ticket_queries_by_thread"].values()
            )
        )

        peer_cases: list[str] = []
        if peer is not None and size <= args.peer_max:
            infra.log(f"  peer: seeding to {size:,} tickets with its adapter")
            peer.stop()
            out["peer_seed"] = peer.seed_to(size)
            peer.start()
            peer_cases = list(PEER_CASES)
        elif peer is not None:
            out["peer_skipped"] = (
                f"not run at {size:,}: its list and search are O(N) "
                f"(1.5-2.1 s at 100k); only up to --peer-max {args.peer_max:,}"
            )
            infra.log(f"  peer: {out['peer_skipped']}")

        self.server, base = infra.samadhan_serve(env, self.work)
        cookies = infra.form_login(base, "/login/", *OWNER)
        lg_env = {**env, "SAMADHAN_UI_SESSION": cookies["sessionid"]}
        tag = f"{db}-{size}"
        self.calib(tag)
        ours: dict[str, list] = {case: [] for case in CASES}
        theirs: dict[str, list] = {case: [] for case in peer_cases}
        for r in range(args.runs):
            for case in CASES:
                ours[case].append(
                    self.lg(
                        f"{tag}-{case}-r{r}",
                        target=UI_TARGET,
                        scenario="page",
                        base_url=base,
                        n=args.n,
                        concurrency=1,
                        warmup=args.warmup,
                        env=lg_env,
                        variables={"path": probe["paths"][case]},
                        max_seconds=args.max_seconds,
                        timeout=120,
                    )
                )
            for case in peer_cases:
                assert peer is not None  # peer_cases is empty without one
                theirs[case].append(
                    self.lg(
                        f"{tag}-peer-{case}-r{r}",
                        target=PEER_TARGET,
                        scenario=case,
                        base_url=peer.base_url,
                        n=args.peer_n,
                        concurrency=1,
                        warmup=1,
                        env=peer.env,
                        variables={"term": SEARCH_TERM},
                        max_seconds=args.peer_seconds,
                        timeout=300,
                    )
                )
            self.calib(f"{tag}-r{r}")
        out["pages"] = {}
        for case, runs in ours.items():
            out["pages"][case] = {"summary": summarise_runs(runs), "raw": [slim(x) for x in runs]}
            s = out["pages"][case]["summary"]
            infra.log(f"  {case}: p50 {s.get('p50')} ms, p95 {s.get('p95')} ms")
        out["peer"] = {}
        for case, runs in theirs.items():
            out["peer"][case] = {
                "summary": summarise_runs(runs),
                "raw": [{**slim(x), "steps": x.get("steps")} for x in runs],
            }
            s = out["peer"][case]["summary"]
            infra.log(f"  peer {case}: p50 {s.get('p50')} ms, p95 {s.get('p95')} ms")
        return out

    def render_text(self) -> str:
        return report.ui_render(self.results)

    def render_markdown(self, text: str) -> str:
        return report.ui_markdown(self.results)


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--full", action="store_true", help="N = 100k and 1M, SQLite and PostgreSQL")
    ap.add_argument("--dbs", default="", help="comma list (default sqlite; --full: both)")
    ap.add_argument("--sizes", default="", help="comma list of N (default 10000; --full: 100k,1M)")
    peer = ap.add_mutually_exclusive_group()
    peer.add_argument("--peer", dest="peer", action="store_true", default=True)
    peer.add_argument("--no-peer", dest="peer", action="store_false")
    ap.add_argument("--pg-url", default="", help="postgres://user@host:port (default: private)")
    ap.add_argument("--redis-url", default="", help="Redis for PostgreSQL (default: private)")
    ap.add_argument("--n", type=int, default=0, help="requests per run (default 50; --full 100)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--max-seconds", type=float, default=30, help="time budget per run")
    ap.add_argument("--depth", type=int, default=10_000, help="rows before the deep page")
    ap.add_argument("--term", default="रिफंड", help="the text search (default: Hindi 'refund')")
    ap.add_argument("--peer-n", type=int, default=10, help="peer requests per run")
    ap.add_argument("--peer-seconds", type=float, default=45, help="peer time budget per run")
    ap.add_argument("--peer-max", type=int, default=100_000, help="largest N for the peer")
    ap.add_argument("--out-dir", type=Path, default=HERE / "results")
    ap.add_argument("--keep", action="store_true", help="keep the PostgreSQL cluster files")
    args = ap.parse_args()
    dbs = args.dbs or ("sqlite,postgres" if args.full else "sqlite")
    args.dbs = [d.strip() for d in dbs.split(",") if d.strip()]
    if args.sizes:
        args.sizes = [int(s) for s in args.sizes.split(",")]
    else:
        args.sizes = [100_000, 1_000_000] if args.full else [10_000]
    args.n = args.n or (100 if args.full else 50)
    return args


if __name__ == "__main__":
    UIBench(parse_args()).run()
