#!/usr/bin/env python
"""Live chat benchmark: N concurrent visitor sockets against one server process, agents connected.

  .venv/bin/python benchmarks/chat.py     # N = 100, 1000, 2000 on SQLite; scale-out at 1000
  .venv/bin/python benchmarks/chat.py --sizes 1000 --runs 3 --no-scale-out
  .venv/bin/python benchmarks/chat.py --sizes 0 --scale-out-n 1000   # only the scale-out part

Per configuration:

1. A fresh database: SQLite in a temp SAMADHAN_VAR_DIR (embedded default: in-memory
   channel layer, local-memory cache); for the scale-out, a private PostgreSQL cluster
   (initdb in /tmp, as benchmarks/core.py) and a private redis-server.
2. Setup (`samadhan migrate`, `samadhan createadmin`, then a Django subprocess using the
   project's services): --agents agents in a team, a chat inbox for that team whose
   allowed origin is the load generator's page origin.
3. The server: `samadhan serve --workers 1 --no-imap-poll` (one process; the embedded
   worker thread on SQLite). Scale-out: two such processes (--no-worker) sharing
   PostgreSQL and Redis; visitors on A, agents on B.
4. Each agent signs in over HTTP (GET /login/ + POST with the CSRF token).
5. The load generator (benchmarks/_chat_load.py, its own process, asyncio + websockets,
   uvloop) opens the sockets (visitor session over HTTP, then the socket), waits
   --settle s, then for --duration s every visitor sends a message every U(lo, hi) s
   (--interval, default 5-10 s: N/7.5 messages/s) and agents answer --reply-share of them
   through the composer's HTTP endpoint. See that file for how latency is matched.
6. Server RSS (/proc) before the sockets, after they are open, and at the end; CPU time
   of the server, the load generator and the host over the load phase; the load average.

It prints figures, never asserts. Results: benchmarks/results/chat-<date>.json and
chat-latest.md. The load generator shares the 2 cores with the server: read its CPU
time and loop lag beside the latencies.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _infra as infra  # noqa: E402
from _chat_report import markdown, median_of, one_line, render  # noqa: E402

ORIGIN = "https://shop.example.com"
PASSWORD = "bench-agent-password-1"
TICK = os.sysconf("SC_CLK_TCK")

SETUP = r"""
import json, sys
import django
django.setup()
from samadhan.accounts.models import Role
from samadhan.accounts.services.agents import agent_create
from samadhan.accounts.services.memberships import membership_set
from samadhan.accounts.services.teams import team_create
from samadhan.channels.chat.services import ChatSettingsChanges, chat_inbox_create
from samadhan.workspaces.models import Workspace

n, origin, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ws = Workspace.objects.get(slug="bench")
agents = []
for i in range(n):
    a = agent_create(email=f"agent{i}@bench.test", name=f"Agent {i}", password=password)
    membership_set(workspace=ws, agent=a, role=Role.AGENT)
    agents.append(a)
team = team_create(workspace=ws, name="Chat", members=agents)
inbox = chat_inbox_create(
    workspace=ws, name="Website", by=None, default_team=team,
    settings=ChatSettingsChanges(allowed_origins=[origin], greeting={"": "Hello!"}),
)
print(json.dumps({"public_id": inbox.public_id, "slug": ws.slug,
                  "agents": [a.email for a in agents]}))
"""


# --------------------------------------------------------------------------- /proc


def proc_tree(pid: int) -> list[int]:
    """pid and its descendants."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            kids = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            kids = []
        todo += [int(k) for k in kids]
    return out


def rss_mb(pid: int) -> float:
    total = 0
    for p in proc_tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return round(total / 1024, 1)


def cpu_s(pid: int) -> float:
    total = 0
    for p in proc_tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError):
            pass
    return total / TICK


def runq_wait_s(pid: int) -> float:
    """Seconds the process tree's threads spent runnable but waiting for a CPU
    (/proc/<pid>/task/<tid>/schedstat, second field): CPU starvation, not our work."""
    total = 0
    for p in proc_tree(pid):
        for task in Path(f"/proc/{p}/task").glob("*"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                total += int((task / "schedstat").read_text().split()[1])
    return total / 1e9


def host_cpu() -> tuple[float, float]:
    """(busy, total) jiffies of the whole host."""
    parts = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = parts[3] + parts[4]
    return (sum(parts) - idle) / TICK, sum(parts) / TICK


# --------------------------------------------------------------------------- the bench


class ChatBench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work = infra.make_workdir()
        from core import host_info

        self.results: dict[str, Any] = {
            "started_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "host": host_info(),
            "settings": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
            "configs": {},
        }
        self.pg: infra.PrivatePostgres | None = None
        self.redis: infra.PrivateRedis | None = None

    # ----------------------------------------------------------------- setup

    def prepare(self, env: dict[str, str]) -> dict[str, Any]:
        infra.samadhan_prepare(env)
        out = infra.run(
            [infra.PYTHON, "-c", SETUP, str(self.args.agents), ORIGIN, PASSWORD],
            env=env,
            cwd=infra.ROOT,
        )
        return dict(json.loads(out.strip().splitlines()[-1]))

    def serve(self, env: dict[str, str], name: str, *, worker: bool) -> tuple[Any, int]:
        port = infra.free_port()
        cmd = [infra.SAMADHAN, "serve", "--host", "127.0.0.1", "--port", str(port)]
        cmd += ["--workers", "1", "--no-imap-poll"]
        if not worker:
            cmd.append("--no-worker")
        proc = infra.spawn(cmd, env=env, cwd=infra.ROOT, logfile=self.work / f"{name}.log")
        infra.wait_http(f"http://127.0.0.1:{port}/healthz", proc=proc)
        return proc, port

    # ----------------------------------------------------------------- one run

    def one_run(
        self,
        *,
        tag: str,
        n: int,
        setup: dict[str, Any],
        env: dict[str, str],
        two: bool,
    ) -> dict[str, Any]:
        """Fresh server process(es), sign-ins, the load generator; figures of this run."""
        args = self.args
        if two:
            srv_a, port_a = self.serve(env, f"{tag}-A", worker=False)
            srv_b, port_b = self.serve(env, f"{tag}-B", worker=False)
        else:
            srv_a, port_a = self.serve(env, f"{tag}-A", worker=True)
            srv_b, port_b = srv_a, port_a
        servers = {"A": srv_a} if not two else {"A": srv_a, "B": srv_b}
        try:
            agent_base = f"http://127.0.0.1:{port_b}"
            cookies = [
                infra.form_login(agent_base, "/login/", email, PASSWORD)
                for email in setup["agents"]
            ]
            # Warm both processes (first-request imports) before the baseline.
            for port in {port_a, port_b}:
                infra.wait_http(f"http://127.0.0.1:{port}/healthz")
            time.sleep(1)
            rss0 = {k: rss_mb(p.pid) for k, p in servers.items()}
            cfg = {
                "host": "127.0.0.1",
                "port_visitors": port_a,
                "port_agents": port_b,
                "public_id": setup["public_id"],
                "slug": setup["slug"],
                "origin": ORIGIN,
                "agents": cookies,
                "n": n,
                "interval": args.interval,
                "reply_share": args.reply_share,
                "duration": args.duration,
                "settle": args.settle,
                "drain": args.drain,
                "connect_concurrency": args.connect_concurrency,
                "seed": 1,
            }
            cfg_path = self.work / f"{tag}-cfg.json"
            out_path = self.work / f"{tag}-out.json"
            cfg_path.write_text(json.dumps(cfg))
            errlog = (self.work / f"{tag}-loadgen.err").open("ab")
            lg = subprocess.Popen(
                [infra.PYTHON, str(HERE / "_chat_load.py"), str(cfg_path), str(out_path)],
                stdout=subprocess.PIPE,
                stderr=errlog,
                text=True,
                env={**os.environ, "PYTHONPATH": str(infra.ROOT)},
            )
            marks: dict[str, Any] = {}
            assert lg.stdout is not None
            t_start = time.time()
            for line in lg.stdout:
                word = line.split()[0] if line.split() else ""
                now = time.time()
                if word == "CONNECTED":
                    marks["connected"] = int(line.split()[1])
                    marks["connect_s"] = round(now - t_start, 1)
                    time.sleep(min(1.0, args.settle / 2))
                    marks["rss_connected"] = {k: rss_mb(p.pid) for k, p in servers.items()}
                elif word == "LOAD":
                    marks["cpu0"] = {k: cpu_s(p.pid) for k, p in servers.items()}
                    marks["lg_cpu0"] = cpu_s(lg.pid)
                    marks["wait0"] = {k: runq_wait_s(p.pid) for k, p in servers.items()}
                    marks["lg_wait0"] = runq_wait_s(lg.pid)
                    marks["host0"] = host_cpu()
                    marks["t0"] = now
                    marks["load0"] = os.getloadavg()
                elif word == "DONE":
                    marks["cpu1"] = {k: cpu_s(p.pid) for k, p in servers.items()}
                    marks["lg_cpu1"] = cpu_s(lg.pid)
                    marks["wait1"] = {k: runq_wait_s(p.pid) for k, p in servers.items()}
                    marks["lg_wait1"] = runq_wait_s(lg.pid)
                    marks["host1"] = host_cpu()
                    marks["t1"] = now
                    marks["load1"] = os.getloadavg()
                    marks["rss_end"] = {k: rss_mb(p.pid) for k, p in servers.items()}
            lg.wait(timeout=600)
            errlog.close()
            if not out_path.exists():
                err = (self.work / f"{tag}-loadgen.err").read_text()[-3000:]
                raise RuntimeError(f"load generator wrote nothing (exit {lg.returncode}):\n{err}")
            res: dict[str, Any] = json.loads(out_path.read_text())
        finally:
            infra.stop(srv_a)
            if two:
                infra.stop(srv_b)
        wall = marks["t1"] - marks["t0"]
        busy = marks["host1"][0] - marks["host0"][0]
        total = marks["host1"][1] - marks["host0"][1]
        res["server_rss_mb"] = {
            "before": rss0,
            "connected": marks["rss_connected"],
            "end": marks["rss_end"],
        }
        opened = res["connected"] or 1
        grow = sum(marks["rss_connected"].values()) - sum(rss0.values())
        res["kb_per_connection"] = round(grow * 1024 / opened, 1)
        res["server_cpu_s"] = {
            k: round(marks["cpu1"][k] - marks["cpu0"][k], 2) for k in marks["cpu0"]
        }
        res["server_cpu_share"] = {
            k: round(v / wall, 2) for k, v in res["server_cpu_s"].items()
        }  # of one core
        # Threads' time runnable but not running, per second of the load phase.
        res["server_runqueue_wait_per_s"] = {
            k: round((marks["wait1"][k] - marks["wait0"][k]) / wall, 2) for k in marks["wait0"]
        }
        res["loadgen_runqueue_wait_per_s"] = round(
            (marks["lg_wait1"] - marks["lg_wait0"]) / wall, 2
        )
        res["loadgen_cpu_s"] = round(marks["lg_cpu1"] - marks["lg_cpu0"], 2)
        res["host_busy_cores"] = round(busy / wall, 2)
        res["host_cores_total"] = round(total / wall, 2)
        res["other_cpu_cores"] = round(
            (busy - sum(res["server_cpu_s"].values()) - res["loadgen_cpu_s"]) / wall, 2
        )
        res["loadavg"] = {"load_start": marks["load0"], "load_end": marks["load1"]}
        res["load_wall_s"] = round(wall, 1)
        infra.log(f"  {tag}: {one_line(res)}")
        return res

    # ----------------------------------------------------------------- configurations

    def config(self, key: str, label: str, env: dict[str, str], n: int, two: bool) -> None:
        infra.log(f"== {key}: {label}")
        cfgres: dict[str, Any] = {"label": label, "n": n, "runs": []}
        self.results["configs"][key] = cfgres
        try:
            var = Path(env["SAMADHAN_VAR_DIR"])
            setup = self.setups.get(str(var))
            if setup is None:
                setup = self.prepare(env)
                self.setups[str(var)] = setup
            for r in range(self.args.runs):
                cfgres["runs"].append(
                    self.one_run(tag=f"{key}-r{r}", n=n, setup=setup, env=env, two=two)
                )
            cfgres["median"] = median_of(cfgres["runs"])
        except Exception:
            infra.log(f"{key} failed:\n{traceback.format_exc()}")
            cfgres["error"] = traceback.format_exc()

    def run(self) -> None:
        args = self.args
        self.setups: dict[str, dict[str, Any]] = {}
        _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        try:
            sqlite_env = infra.samadhan_env(
                var_dir=self.work / "var-sqlite", database_url=None, redis_url=None
            )
            for n in args.sizes:
                self.config(
                    f"sqlite-1proc-{n}",
                    "one process, SQLite, in-memory channel layer",
                    sqlite_env,
                    n,
                    False,
                )
            if args.scale_out_n:
                self.pg = infra.PrivatePostgres(self.work)
                self.pg.start()
                self.redis = infra.PrivateRedis(self.work)
                self.redis.start()
                url = infra.pg_recreate(self.pg.url, "samadhan_chat")
                pg_env = infra.samadhan_env(
                    var_dir=self.work / "var-pg", database_url=url, redis_url=self.redis.url
                )
                n = args.scale_out_n
                if args.scale_out_single:
                    self.config(
                        f"pg-1proc-{n}",
                        "one process, PostgreSQL + Redis channel layer",
                        pg_env,
                        n,
                        False,
                    )
                self.config(
                    f"pg-2proc-{n}",
                    "two processes, PostgreSQL + Redis channel layer; visitors on A, agents on B",
                    pg_env,
                    n,
                    True,
                )
        finally:
            infra.stop_all()
            if self.pg is not None:
                self.pg.stop()
        self.results["finished_at"] = time.strftime("%Y-%m-%dT%H:%M:%S")
        text = render(self.results)
        print(text)
        args.out_dir.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y-%m-%d-%H%M")
        (args.out_dir / f"chat-{stamp}.json").write_text(
            json.dumps(self.results, indent=1, ensure_ascii=False) + "\n"
        )
        (args.out_dir / "chat-latest.md").write_text(markdown(self.results, text))
        infra.log(f"results: {args.out_dir}/chat-{stamp}.json and chat-latest.md")
        infra.log(f"work dir (databases, server logs, raw load generator output): {self.work}")
        if not args.keep:
            subprocess.run(["rm", "-rf", str(self.work / "pg")], check=False)


# --------------------------------------------------------------------------- report


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", default="100,1000,2000", help="N on one SQLite process; 0: none")
    ap.add_argument("--scale-out-n", type=int, default=1000, help="0: no scale-out part")
    ap.add_argument("--no-scale-out", dest="scale_out_n", action="store_const", const=0)
    ap.add_argument(
        "--scale-out-single",
        action="store_true",
        help="also one process on PostgreSQL + Redis (the scale-out's baseline)",
    )
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--duration", type=float, default=60, help="load phase, s")
    ap.add_argument("--settle", type=float, default=3)
    ap.add_argument(
        "--drain", type=float, default=10, help="s after the last message before the sockets close"
    )
    ap.add_argument("--interval", default="5,10", help="lo,hi s between a visitor's messages")
    ap.add_argument("--agents", type=int, default=5)
    ap.add_argument("--reply-share", type=float, default=0.2)
    ap.add_argument("--connect-concurrency", type=int, default=20)
    ap.add_argument("--out-dir", type=Path, default=HERE / "results")
    ap.add_argument("--keep", action="store_true", help="keep the PostgreSQL cluster files")
    args = ap.parse_args()
    args.sizes = [int(x) for x in args.sizes.split(",") if x.strip() and int(x)]
    args.interval = [float(x) for x in args.interval.split(",")]
    return args


if __name__ == "__main__":
    ChatBench(parse_args()).run()
