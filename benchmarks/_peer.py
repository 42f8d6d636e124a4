"""Drive the peer (django-helpdesk, ../shared/peer) for the comparable workloads.

Uses the peer harness unchanged: its host project, its adapter (init, seed),
its gunicorn config (2 sync workers) and its target file. Only the bind
address, the data folder and, for PostgreSQL, the server are ours: the peer's
database lives in the same PostgreSQL cluster as Samadhan's, so both run
against the same server in the same run.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from _infra import PEER_HOME, free_port, log, run, spawn, stop, wait_http

PEER_VENV = Path(os.environ.get("PEER_VENV", "/tmp/peervenv"))
TARGET = PEER_HOME / "targets" / "peer.json"

# The peer's published figures (../shared/peer/RESULTS.md), used only when the
# peer cannot run live; always labelled as such in the output.
RESULTS_MD = {
    "sqlite": {
        "create": {"rps": 41.5, "p50": 186.0, "p95": 247.5, "note": "pass 1; pass 2: 90.8/s"},
        "list_api_100k": {"p50": 22176.0, "p95": 22198.0},
        "floor": {"rps": 1249.7},
        "queries_per_create": 19,
    },
    "postgres": {
        "create": {"rps": 83.2, "p50": 91.8, "p95": 119.1, "note": ""},
        "list_api_100k": {"p50": 52508.7, "p95": 53085.4},
        "floor": {"rps": 1249.7},
        "queries_per_create": 19,
    },
}

# The peer's agent ticket list (HTML shell + its datatables JSON, first 25 rows)
# and keyword search (term in ~1 % of tickets), c=1, from RESULTS.md: p50/p95 ms
# by number of tickets. Used only when the peer cannot run live.
RESULTS_UI = {
    "sqlite": {
        "list_ui": {10_000: (195.0, 201.0), 100_000: (1548.6, 1573.1)},
        "search_ui": {10_000: (97.2, 109.3), 100_000: (464.6, 468.8)},
    },
    "postgres": {
        "list_ui": {10_000: (219.0, 287.1), 100_000: (2095.7, 2571.4)},
        "search_ui": {10_000: (300.6, 444.2), 100_000: (1992.6, 2348.6)},
    },
}
SEARCH_TERM = "frobnicator"  # what adapters/peer_helpdesk.py seeds into ~1 % of tickets


def ensure_venv() -> None:
    """The peer's own setup_peer.sh, minus apt: a venv with its pinned packages."""
    if (PEER_VENV / "bin" / "gunicorn").exists():
        return
    log(f"installing the peer into {PEER_VENV} (pip, pinned requirements-peer.txt)")
    subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
    subprocess.run(
        [
            str(PEER_VENV / "bin" / "pip"),
            "install",
            "-q",
            "-r",
            str(PEER_HOME / "requirements-peer.txt"),
        ],
        check=True,
    )


class Peer:
    def __init__(self, *, db: str, workdir: Path, pg_base_url: str | None) -> None:
        self.db = db
        self.data = workdir / f"peer-{db}"
        self.data.mkdir(parents=True, exist_ok=True)
        self.proc: subprocess.Popen[bytes] | None = None
        self.base_url = ""
        env = dict(os.environ)
        env.update(
            PEER_HOME=str(PEER_HOME),
            PEER_VENV=str(PEER_VENV),
            PEER_DATA=str(self.data),
            PEER_DB=db,
            PATH=f"{PEER_VENV / 'bin'}:{env.get('PATH', '')}",
            PYTHONPATH=f"{PEER_HOME / 'hostproj'}:{PEER_HOME / 'bench'}",
            DJANGO_SETTINGS_MODULE="peerhost.settings",
            PYTHONPYCACHEPREFIX="/tmp/peer_pycache",
            PEER_GUNICORN_LOG=str(self.data / "gunicorn.log"),
        )
        env.pop("DATABASE_URL", None)
        if db == "postgres":
            if pg_base_url is None:
                raise RuntimeError("the PostgreSQL peer needs a server")
            m = re.match(r"postgres(?:ql)?://(\w+)@([\w.]+):(\d+)", pg_base_url)
            if m is None:
                raise RuntimeError(f"cannot read user/host/port from {pg_base_url}")
            env.update(
                PEER_PG_USER=m.group(1),
                PEER_PG_HOST=m.group(2),
                PEER_PG_PORT=m.group(3),
                PEER_PG_NAME="peer_bench",
            )
        self.env = env
        self.python = str(PEER_VENV / "bin" / "python")

    def prepare(self) -> None:
        """Fresh database, migrated, with the adapter's users, queues and API token."""
        if self.db == "postgres":
            from _infra import pg_recreate

            base = (
                f"postgres://{self.env['PEER_PG_USER']}@{self.env['PEER_PG_HOST']}:"
                f"{self.env['PEER_PG_PORT']}"
            )
            pg_recreate(base, "peer_bench")
        run([self.python, "manage.py", "migrate", "-v0"], env=self.env, cwd=PEER_HOME / "hostproj")
        run([self.python, "adapters/peer_helpdesk.py", "init"], env=self.env, cwd=PEER_HOME)
        for line in (self.data / "peer.env").read_text().splitlines():
            key, _, value = line.removeprefix("export ").partition("=")
            self.env[key] = value

    def queries_per_create(self) -> int | None:
        """The harness's own in-process counter (adapters/peer_profile.py)."""
        out = run(
            [
                self.python,
                "adapters/peer_profile.py",
                "--n",
                "20",
                "--what",
                "create",
                "--top",
                "1",
            ],
            env=self.env,
            cwd=PEER_HOME,
        )
        m = re.search(r"(\d+) SQL queries/request", out)
        return int(m.group(1)) if m else None

    def start(self) -> str:
        port = free_port()
        self.env["PEER_BIND"] = f"127.0.0.1:{port}"
        self.proc = spawn(
            [
                str(PEER_VENV / "bin" / "gunicorn"),
                "-c",
                "gunicorn.conf.py",
                "peerhost.wsgi:application",
            ],
            env=self.env,
            cwd=PEER_HOME / "hostproj",
            logfile=self.data / "gunicorn.out",
        )
        self.base_url = f"http://127.0.0.1:{port}"
        wait_http(f"{self.base_url}/floor/", proc=self.proc)
        return self.base_url

    def stop(self) -> None:
        stop(self.proc)
        self.proc = None

    def seed_to(self, total: int) -> dict:
        have = json.loads(
            run([self.python, "adapters/peer_helpdesk.py", "counts"], env=self.env, cwd=PEER_HOME)
        )["tickets"]
        add = total - int(have)
        if add <= 0:
            return {"seeded_tickets": 0, "total_tickets": have}
        out = run(
            [
                self.python,
                "adapters/peer_helpdesk.py",
                "seed",
                "--n",
                str(add),
                "--seed",
                str(total),
            ],
            env=self.env,
            cwd=PEER_HOME,
            timeout=3600,
        )
        return dict(json.loads(out.strip().splitlines()[-1]))
