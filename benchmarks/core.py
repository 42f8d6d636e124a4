#!/usr/bin/env python
"""Core performance benchmark: ticket create and list, SQLite and PostgreSQL, beside the peer.

  .venv/bin/python benchmarks/core.py                   # quick: N=100k, both databases, peer live
  .venv/bin/python benchmarks/core.py --full            # N=100k then 1M
  .venv/bin/python benchmarks/core.py --dbs sqlite --sizes 100000 --no-peer

For each database, in one run: a fresh database (SQLite file in a temp
SAMADHAN_VAR_DIR; PostgreSQL: a private cluster in /tmp unless --pg-url), migrated
with `samadhan migrate`, an owner and token from `samadhan createadmin` /
`samadhan token create`, bulk-seeded to N tickets; then `samadhan serve
--workers 2 --no-worker` (uvicorn, 2 processes for 2 cores) and the peer's load
generator (../shared/peer/bench/loadgen.py) as a separate process:

  * POST /api/v1/tickets at concurrency 8, interleaved run by run with the
    peer's POST /api/tickets/ (django-helpdesk under gunicorn, 2 sync workers);
  * GET /api/v1/tickets at concurrency 1: first page, first page with
    status=open, a page 10,000 rows deep with status=open, and one 10,000 rows
    deep without a filter; beside the peer's GET /api/tickets/ at 100k;
  * SQL queries per create and per list page (in-process, CaptureQueriesContext).

It prints figures, never asserts. Results: benchmarks/results/core-<date>.json
and core-latest.md. SAMADHAN_API_RATE_LIMIT is raised to 100,000,000/min so the
per-token rate limit does not interfere.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _infra as infra
import _report as report
from _peer import RESULTS_MD, Peer, ensure_venv

HERE = Path(__file__).resolve().parent
LIST_CASES = ["list_first", "list_first_open", "list_deep_open", "list_deep_all"]


def summarise_runs(runs: list[dict]) -> dict:
    """Median (and range) over runs of throughput, p50 and p95."""
    ok = [r for r in runs if r.get("ok")]
    if not ok:
        return {"runs": len(runs), "ok": 0}

    def med(key: str) -> float:
        return round(statistics.median(key_of(r, key) for r in ok), 2)

    def rng(key: str) -> list[float]:
        values = [key_of(r, key) for r in ok]
        return [round(min(values), 2), round(max(values), 2)]

    return {
        "runs": len(runs),
        "ok_requests": sum(r["ok"] for r in ok),
        "failed_requests": sum(r["failed"] for r in runs),
        "rps": med("rps"),
        "rps_range": rng("rps"),
        "p50": med("p50"),
        "p50_range": rng("p50"),
        "p95": med("p95"),
        "p95_range": rng("p95"),
    }


def key_of(result: dict, key: str) -> float:
    if key == "rps":
        return float(result["iterations_per_s"])
    return float(result["latency"][f"{key}_ms"])


class Bench:
    NAME = "core"  # results/<NAME>-<date>.json and <NAME>-latest.md

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work = infra.make_workdir()
        self.raw = self.work / "raw"
        self.raw.mkdir()
        self.results: dict = {
            "started_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "host": host_info(),
            "settings": {
                k: str(v) if isinstance(v, Path) else v
                for k, v in vars(args).items()
                if k != "pg_url"
            },
            "databases": {},
        }
        self.pg: infra.PrivatePostgres | None = None
        self.pg_url = args.pg_url or os.environ.get("SAMADHAN_BENCH_PG_URL")
        self.redis: infra.PrivateRedis | None = None

    # ----------------------------------------------------------------- helpers

    def lg(self, name: str, **kw: object) -> dict:
        out = self.raw / f"{name}.json"
        return infra.loadgen(out=out, **kw)  # type: ignore[arg-type]

    def calib(self, label: str) -> None:
        data = infra.cpu_calib(label, self.work / "cpu_calib.jsonl")
        if data:
            self.results.setdefault("cpu_calib", []).append(data)
            infra.log(
                f"  host probe {label}: PBKDF2 {data['pbkdf2_200k_ms']} ms, "
                f"parallel efficiency {data['parallel_efficiency']}, load {os.getloadavg()[0]:.2f}"
            )

    def postgres_base(self) -> str:
        if self.pg_url:
            return (
                self.pg_url.rstrip("/").rsplit("/", 1)[0]
                if self.pg_url.count("/") > 2
                else (self.pg_url)
            )
        if self.pg is None:
            self.pg = infra.PrivatePostgres(self.work)
            self.pg.start()
            infra.log(f"private PostgreSQL cluster on 127.0.0.1:{self.pg.port} ({self.pg.dir})")
        return self.pg.url

    def redis_url(self) -> str:
        if self.args.redis_url:
            return str(self.args.redis_url)
        if self.redis is None:
            self.redis = infra.PrivateRedis(self.work)
            self.redis.start()
        return self.redis.url

    # ----------------------------------------------------------------- one database

    def run_db(self, db: str) -> None:
        args = self.args
        res: dict = {"sizes": {}, "create": {}, "floor": {}}
        self.results["databases"][db] = res
        env = self.db_env(db, res)
        infra.log(f"== {db}: migrate, owner, token")
        token = infra.samadhan_prepare(env)
        lg_env = {**env, "SAMADHAN_TOKEN": token}

        peer = self.start_peer(db, res, queries_per_create=True) if args.peer else None
        server = None
        try:
            for index, size in enumerate(args.sizes):
                infra.stop(server)
                server = None
                res["sizes"][str(size)] = self.one_size(
                    db=db,
                    env=env,
                    lg_env=lg_env,
                    token=token,
                    size=size,
                    peer=peer,
                    first=index == 0,
                )
                server = self.last_server
        finally:
            infra.stop(server)
            if peer is not None:
                peer.stop()
        res["peer_live"] = peer is not None

    def db_env(self, db: str, res: dict) -> dict:
        """A fresh, empty database for ``db``; the server's environment for it."""
        var = self.work / f"var-{db}"
        if db == "sqlite":
            res["config"] = "SQLite file (WAL), local-memory cache: the embedded default"
            return infra.samadhan_env(var_dir=var, database_url=None, redis_url=None)
        base = self.postgres_base()
        url = infra.pg_recreate(base, "samadhan_bench")
        res["config"] = "PostgreSQL + Redis cache (scale-out settings from config/settings.py)"
        return infra.samadhan_env(var_dir=var, database_url=url, redis_url=self.redis_url())

    def start_peer(self, db: str, res: dict, *, queries_per_create: bool = False) -> Peer | None:
        """The peer on a fresh database beside ours, or None (its RESULTS.md figures then)."""
        try:
            ensure_venv()
            peer = Peer(db=db, workdir=self.work, pg_base_url=self.pg_base_or_none(db))
            peer.prepare()
            if queries_per_create:
                res["peer_queries_per_create"] = peer.queries_per_create()
            peer.start()
            infra.log(f"  peer up at {peer.base_url}")
            return peer
        except Exception as exc:
            infra.log(f"  peer could not start ({exc!r}); using RESULTS.md figures")
            res["peer_error"] = repr(exc)
            return None

    def pg_base_or_none(self, db: str) -> str | None:
        return self.postgres_base() if db == "postgres" else None

    def one_size(
        self,
        *,
        db: str,
        env: dict,
        lg_env: dict,
        token: str,
        size: int,
        peer: Peer | None,
        first: bool,
    ) -> dict:
        args = self.args
        out: dict = {}
        search = size <= args.search_index_max
        infra.log(f"  seeding to {size:,} tickets (search index: {'yes' if search else 'no'})")
        cmd = [infra.PYTHON, str(HERE / "_seed.py"), "--to", str(size)]
        if not search:
            cmd.append("--no-search")
        t0 = time.perf_counter()
        seeded = json.loads(infra.run(cmd, env=env, cwd=infra.ROOT, timeout=3600).splitlines()[-1])
        seeded["wall_s"] = round(time.perf_counter() - t0, 1)
        out["seed"] = seeded
        infra.log(
            f"  seeded +{seeded['added']:,} in {seeded['seconds']} s ({seeded.get('timings')}), "
            f"DB {seeded.get('db_bytes', 0) / 1e9:.2f} GB"
        )
        probe = json.loads(
            infra.run(
                [
                    infra.PYTHON,
                    str(HERE / "_probe.py"),
                    "--token",
                    token,
                    "--depth",
                    str(args.depth),
                ],
                env=env,
                cwd=infra.ROOT,
            )
        )
        out["probe"] = probe
        infra.log(f"  probe checks: {probe['checks']}")
        server, base = infra.samadhan_serve(env, self.work)
        self.last_server = server
        self.calib(f"{db}-{size}")
        tag = f"{db}-{size}"

        if first:
            out_floor = {}
            out_floor["ours"] = self.lg(
                f"{tag}-floor-ours",
                target=infra.TARGET,
                scenario="floor",
                base_url=base,
                n=args.floor_n,
                concurrency=8,
                warmup=50,
                env=lg_env,
            )
            if peer is not None:
                out_floor["peer"] = self.lg(
                    f"{tag}-floor-peer",
                    target=infra.PEER_HOME / "targets" / "peer.json",
                    scenario="floor",
                    base_url=peer.base_url,
                    n=args.floor_n,
                    concurrency=8,
                    warmup=50,
                    env=peer.env,
                )
            self.results["databases"][db]["floor"] = out_floor
            infra.log(
                "  floor: "
                + ", ".join(f"{k} {v['iterations_per_s']}/s" for k, v in out_floor.items())
            )

        lists: dict = {}
        for case in LIST_CASES:
            runs = []
            for r in range(args.list_runs):
                runs.append(
                    self.lg(
                        f"{tag}-{case}-r{r}",
                        target=infra.TARGET,
                        scenario="list",
                        base_url=base,
                        n=args.list_n,
                        concurrency=1,
                        warmup=10,
                        env=lg_env,
                        variables={"query": probe["cases"][case]},
                    )
                )
            lists[case] = {"summary": summarise_runs(runs), "raw": [slim(x) for x in runs]}
            s = lists[case]["summary"]
            infra.log(f"  {case}: p50 {s.get('p50')} ms, p95 {s.get('p95')} ms ({s.get('rps')}/s)")
        out["list"] = lists

        if first:
            self.creates(db=db, base=base, lg_env=lg_env, peer=peer, tag=tag)

        if peer is not None and size <= args.peer_list_max:
            out["peer_list"] = self.peer_list(peer=peer, size=size, tag=tag)
        return out

    def creates(self, *, db: str, base: str, lg_env: dict, peer: Peer | None, tag: str) -> None:
        args = self.args
        ours, theirs = [], []
        for r in range(args.create_runs):
            self.calib(f"{tag}-create-r{r}")
            ours.append(
                self.lg(
                    f"{tag}-create-ours-r{r}",
                    target=infra.TARGET,
                    scenario="create",
                    base_url=base,
                    n=args.create_n,
                    concurrency=8,
                    warmup=20,
                    env=lg_env,
                    run_id=f"{tag}c{r}",
                )
            )
            infra.log(
                f"  create ours r{r}: {ours[-1]['iterations_per_s']}/s "
                f"p50 {ours[-1]['latency'].get('p50_ms')} p95 {ours[-1]['latency'].get('p95_ms')}"
            )
            if peer is not None:
                theirs.append(
                    self.lg(
                        f"{tag}-create-peer-r{r}",
                        target=infra.PEER_HOME / "targets" / "peer.json",
                        scenario="create",
                        base_url=peer.base_url,
                        n=args.peer_create_n,
                        concurrency=8,
                        warmup=20,
                        env=peer.env,
                        run_id=f"{tag}p{r}",
                    )
                )
                infra.log(
                    f"  create peer r{r}: {theirs[-1]['iterations_per_s']}/s "
                    f"p50 {theirs[-1]['latency'].get('p50_ms')} "
                    f"p95 {theirs[-1]['latency'].get('p95_ms')}"
                )
        self.results["databases"][db]["create"] = {
            "ours": {"summary": summarise_runs(ours), "raw": [slim(x) for x in ours]},
            "peer": {"summary": summarise_runs(theirs), "raw": [slim(x) for x in theirs]}
            if theirs
            else None,
        }

    def peer_list(self, *, peer: Peer, size: int, tag: str) -> dict:
        infra.log(f"  peer: seeding to {size:,} tickets with its adapter, then GET /api/tickets/")
        peer.stop()
        seeded = peer.seed_to(size)
        peer.start()
        result = self.lg(
            f"{tag}-list-peer",
            target=infra.PEER_HOME / "targets" / "peer.json",
            scenario="list_api",
            base_url=peer.base_url,
            n=self.args.peer_list_n,
            concurrency=1,
            warmup=0,
            env=peer.env,
            max_seconds=self.args.peer_list_seconds,
            timeout=600,
        )
        infra.log(f"  peer list_api: p50 {result['latency'].get('p50_ms')} ms over {result['ok']}")
        return {"seed": seeded, "summary": summarise_runs([result]), "raw": slim(result)}

    # ----------------------------------------------------------------- all

    def run(self) -> None:
        try:
            for db in self.args.dbs:
                try:
                    self.run_db(db)
                except Exception:
                    infra.log(f"{db} failed:\n{traceback.format_exc()}")
                    self.results["databases"].setdefault(db, {})["error"] = traceback.format_exc()
        finally:
            infra.stop_all()
            if self.pg is not None:
                self.pg.stop()
        self.results["finished_at"] = time.strftime("%Y-%m-%dT%H:%M:%S")
        self.results["peer_reference"] = RESULTS_MD
        text = self.render_text()
        print(text)
        self.args.out_dir.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y-%m-%d-%H%M")
        name = self.NAME
        (self.args.out_dir / f"{name}-{stamp}.json").write_text(
            json.dumps(self.results, indent=1, ensure_ascii=False) + "\n"
        )
        (self.args.out_dir / f"{name}-latest.md").write_text(self.render_markdown(text))
        infra.log(f"results: {self.args.out_dir}/{name}-{stamp}.json and {name}-latest.md")
        infra.log(f"work dir (databases, logs, raw loadgen JSON): {self.work}")
        if not self.args.keep:
            subprocess.run(["rm", "-rf", str(self.work / "pg")], check=False)

    def render_text(self) -> str:
        return report.render(self.results)

    def render_markdown(self, text: str) -> str:
        return report.markdown(self.results, text)


def slim(result: dict) -> dict:
    keep = ("scenario", "concurrency", "completed", "ok", "failed", "wall_s", "iterations_per_s")
    return {
        **{k: result.get(k) for k in keep},
        "latency": result.get("latency"),
        "status_counts": result.get("status_counts"),
        "errors": result.get("errors_sample"),
    }


def host_info() -> dict:
    def git(*a: str) -> str:
        done = subprocess.run(
            ["git", *a], cwd=infra.ROOT, capture_output=True, text=True, check=False
        )
        return done.stdout.strip()

    return {
        "cpus": os.cpu_count(),
        "loadavg_at_start": os.getloadavg(),
        "python": sys.version.split()[0],
        "commit": git("rev-parse", "--short", "HEAD"),
        "dirty_files": len(git("status", "--porcelain", "--untracked-files=no").splitlines()),
    }


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--dbs", default="sqlite,postgres", help="comma list: sqlite,postgres")
    ap.add_argument(
        "--sizes", default="", help="comma list of N (default 100000; --full: 100000,1000000)"
    )
    ap.add_argument("--full", action="store_true", help="N = 100k and 1M")
    peer = ap.add_mutually_exclusive_group()
    peer.add_argument("--peer", dest="peer", action="store_true", default=True)
    peer.add_argument("--no-peer", dest="peer", action="store_false")
    ap.add_argument(
        "--pg-url",
        default="",
        help="postgres://user@host:port of a server to use "
        "(default: $SAMADHAN_BENCH_PG_URL or a private cluster in /tmp)",
    )
    ap.add_argument(
        "--redis-url", default="", help="Redis for the PostgreSQL run (default: private)"
    )
    ap.add_argument("--create-n", type=int, default=2000)
    ap.add_argument("--create-runs", type=int, default=3)
    ap.add_argument("--peer-create-n", type=int, default=1000)
    ap.add_argument("--list-n", type=int, default=200)
    ap.add_argument("--list-runs", type=int, default=3)
    ap.add_argument("--floor-n", type=int, default=3000)
    ap.add_argument("--depth", type=int, default=10_000)
    ap.add_argument("--peer-list-n", type=int, default=3)
    ap.add_argument("--peer-list-seconds", type=float, default=150)
    ap.add_argument(
        "--peer-list-max", type=int, default=100_000, help="largest N for the peer list"
    )
    ap.add_argument(
        "--search-index-max",
        type=int,
        default=10**9,
        help="fill the search index only up to this N",
    )
    ap.add_argument("--out-dir", type=Path, default=HERE / "results")
    ap.add_argument("--keep", action="store_true", help="keep the PostgreSQL cluster files")
    args = ap.parse_args()
    args.dbs = [d.strip() for d in args.dbs.split(",") if d.strip()]
    if args.sizes:
        args.sizes = [int(s) for s in args.sizes.split(",")]
    else:
        args.sizes = [100_000, 1_000_000] if args.full else [100_000]
    return args


if __name__ == "__main__":
    Bench(parse_args()).run()
