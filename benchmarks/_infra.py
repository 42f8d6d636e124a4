"""Processes for the core benchmark: private PostgreSQL/Redis, the Samadhan server, loadgen.

Everything listens on 127.0.0.1 only. Every process started here is remembered
and stopped by its own id (its process group, which it leads).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python")
SAMADHAN = str(VENV_BIN / "samadhan")
PEER_HOME = Path(os.environ.get("SAMADHAN_BENCH_PEER_HOME", ROOT.parent / "shared" / "peer"))
LOADGEN = PEER_HOME / "bench" / "loadgen.py"
CPU_CALIB = PEER_HOME / "bench" / "cpu_calib.py"
TARGET = Path(__file__).resolve().parent / "targets" / "samadhan.json"

_started: list[subprocess.Popen[bytes]] = []


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def spawn(
    cmd: list[str], *, env: dict[str, str], cwd: Path | None = None, logfile: Path
) -> subprocess.Popen[bytes]:
    out = logfile.open("ab")
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )
    _started.append(proc)
    return proc


def stop(proc: subprocess.Popen[bytes] | None, timeout: float = 20) -> None:
    """SIGTERM the process group this process leads (uvicorn/gunicorn children too)."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass
    if proc in _started:
        _started.remove(proc)


def stop_all() -> None:
    for proc in list(reversed(_started)):
        stop(proc)


def wait_http(url: str, timeout: float = 60, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def run(
    cmd: list[str], *, env: dict[str, str], cwd: Path | None = None, timeout: float = 3600
) -> str:
    """Run to completion; return stdout, raise with stderr on failure."""
    done = subprocess.run(
        cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd[:4])}... exited {done.returncode}:\n{done.stderr[-3000:]}"
        )
    return done.stdout


# --------------------------------------------------------------------------- PostgreSQL


def _as_pg(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class PrivatePostgres:
    """A throw-away PostgreSQL cluster configured like the peer's: shared_buffers=1GB,
    work_mem=32MB, fsync and synchronous_commit left on (durable commits)."""

    def __init__(self, workdir: Path) -> None:
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if not found:
            raise RuntimeError("no PostgreSQL server binaries (apt-get install postgresql)")
        self.bin = found[-1].parent
        self.dir = workdir / "pg"
        self.port = free_port()

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def start(self) -> None:
        self.dir.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
            shutil.chown(self.dir.parent, "postgres")
        subprocess.run(
            _as_pg(
                [
                    str(self.bin / "initdb"),
                    "-D",
                    str(self.dir),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            capture_output=True,
        )
        opts = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c shared_buffers=1GB -c work_mem=32MB -c max_connections=100"
        )
        subprocess.run(
            _as_pg(
                [
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(self.dir),
                    "-l",
                    str(self.dir / "log"),
                    "-w",
                    "-o",
                    opts,
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        subprocess.run(
            _as_pg([str(self.bin / "pg_ctl"), "-D", str(self.dir), "-m", "fast", "stop"]),
            check=False,
            capture_output=True,
        )


def pg_admin(base_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{base_url}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def pg_recreate(base_url: str, name: str) -> str:
    pg_admin(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    pg_admin(base_url, f'CREATE DATABASE "{name}"')
    return f"{base_url}/{name}"


# --------------------------------------------------------------------------- Redis


class PrivateRedis:
    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.dir = workdir
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        exe = shutil.which("redis-server")
        if exe is None:
            raise RuntimeError("redis-server not found (apt-get install redis-server)")
        self.proc = spawn(
            [
                exe,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            env=dict(os.environ),
            logfile=self.dir / "redis.log",
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")


# --------------------------------------------------------------------------- Samadhan


def samadhan_env(*, var_dir: Path, database_url: str | None, redis_url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        SAMADHAN_VAR_DIR=str(var_dir),
        SAMADHAN_API_RATE_LIMIT="100000000",
        SAMADHAN_DEBUG="0",
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONPATH=str(ROOT),
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def samadhan_prepare(env: dict[str, str]) -> str:
    """Migrate, create an owner and return a fresh API token."""
    run([SAMADHAN, "migrate", "-v0"], env=env, cwd=ROOT)
    run(
        [
            SAMADHAN,
            "createadmin",
            "--workspace",
            "bench",
            "--email",
            "bench@example.com",
            "--password",
            "bench-password-1",
        ],
        env=env,
        cwd=ROOT,
    )
    out = run(
        [SAMADHAN, "token", "create", "--workspace", "bench", "--email", "bench@example.com"],
        env=env,
        cwd=ROOT,
    )
    return out.strip().splitlines()[-1].strip()


def samadhan_serve(env: dict[str, str], logdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = spawn(
        [
            SAMADHAN,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
            "--no-worker",
        ],
        env=env,
        cwd=ROOT,
        logfile=logdir / "samadhan-serve.log",
    )
    base = f"http://127.0.0.1:{port}"
    wait_http(f"{base}/healthz", proc=proc)
    return proc, base


def form_login(base: str, path: str, username: str, password: str) -> dict[str, str]:
    """Sign in through a Django login form over HTTP (GET for the CSRF token, then POST);
    return the cookies it set (the session among them)."""
    from http.cookies import SimpleCookie

    def cookies_of(headers: object) -> dict[str, str]:
        jar: SimpleCookie = SimpleCookie()
        for header in headers.get_all("Set-Cookie") or []:  # type: ignore[attr-defined]
            jar.load(header)
        return {k: m.value for k, m in jar.items()}

    with urllib.request.urlopen(base + path, timeout=30) as r:
        page = r.read().decode()
        cookies = cookies_of(r.headers)
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if found is None:
        raise RuntimeError(f"no CSRF token in {path}")
    form = {"username": username, "password": password, "csrfmiddlewaretoken": found.group(1)}

    class Keep(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a: object, **kw: object) -> None:
            return None

    request = urllib.request.Request(
        base + path,
        data=urllib.parse.urlencode(form).encode(),
        headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), "Referer": base},
    )
    try:
        with urllib.request.build_opener(Keep).open(request, timeout=60) as r:
            status, headers = r.status, r.headers
    except urllib.error.HTTPError as exc:  # the redirect after a good sign-in
        status, headers = exc.code, exc.headers
    cookies.update(cookies_of(headers))
    if status not in (302, 303) or "sessionid" not in cookies:
        raise RuntimeError(f"sign-in at {path} failed: HTTP {status}")
    return cookies


# --------------------------------------------------------------------------- loadgen


def loadgen(
    *,
    target: Path,
    scenario: str,
    base_url: str,
    n: int,
    concurrency: int,
    out: Path,
    env: dict[str, str],
    warmup: int = 0,
    run_id: str = "",
    variables: dict[str, str] | None = None,
    max_seconds: float = 0,
    timeout: float = 300,
) -> dict:
    cmd = [PYTHON, str(LOADGEN), "--target", str(target), "--scenario", scenario]
    cmd += ["--base-url", base_url, "--n", str(n), "-c", str(concurrency), "--out", str(out)]
    cmd += ["--warmup", str(warmup), "--timeout", str(timeout)]
    if run_id:
        cmd += ["--run-id", run_id]
    if max_seconds:
        cmd += ["--max-seconds", str(max_seconds)]
    for key, value in (variables or {}).items():
        cmd += ["--var", f"{key}={value}"]
    budget = (max_seconds or 1800) + timeout + 120
    subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=budget, check=False)
    if not out.exists():
        raise RuntimeError(f"loadgen wrote no result for {scenario}")
    result: dict = json.loads(out.read_text())
    if result.get("failed"):
        log(f"  WARNING {scenario}: {result['failed']} failed, e.g. {result['errors_sample'][:2]}")
    return result


def cpu_calib(label: str, out: Path) -> dict | None:
    """The peer's host-speed probe (this host's speed drifts): recorded with each stage."""
    if not CPU_CALIB.exists():
        return None
    try:
        done = subprocess.run(
            [sys.executable, str(CPU_CALIB), "--label", label, "--out", str(out)],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return json.loads(done.stdout)
    except (subprocess.SubprocessError, json.JSONDecodeError):
        return None


def make_workdir() -> Path:
    path = Path(tempfile.mkdtemp(prefix="samadhan-bench-"))
    path.chmod(0o755)
    return path
