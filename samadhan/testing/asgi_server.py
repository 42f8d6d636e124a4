"""A real ASGI server (uvicorn, websockets included) on the test database.

pytest-django's ``live_server`` is a WSGI server: no websockets. ``AsgiServer``
runs ``uvicorn config.asgi:application`` in a subprocess against the test
database (a file on SQLite, the test database on PostgreSQL), so tests need
``transactional_db``: both processes must see committed rows. Media files
(uploads) are shared with the test process. With ``REDIS_URL`` set the server
uses Redis like the test process; without, its channel layer is its own
in-memory one, so events must be caused through the server (HTTP).

The ``asgi_server_factory`` and ``asgi_server`` fixtures start servers and stop
them after the test; test modules import them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

UVICORN = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1"]
UVICORN += ["--log-level", "warning", "--ws", "websockets", "--lifespan", "off"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class AsgiServer:
    """One ``uvicorn`` process serving the project; ``start()``, then ``stop()``.

    The port is chosen once, so a server stopped and started again (``restart()``)
    answers at the same ``url``: clients reconnect as they would in production.
    """

    def __init__(self, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": server_database_url(),
            # Media files (uploads) are shared with the test process.
            "SAMADHAN_VAR_DIR": str(Path(settings.MEDIA_ROOT).parent),
            "SAMADHAN_PUBLIC_URL": self.url,
            # Sessions, upload tokens and signed links made by the test process are valid there.
            "SAMADHAN_SECRET_KEY": settings.SECRET_KEY,
            "PYTHONUNBUFFERED": "1",
        }
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter
                [*UVICORN, "--port", str(self.port)],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self._wait_ready(timeout)

    def _wait_ready(self, timeout: float) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"uvicorn exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1):  # noqa: S310
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"uvicorn did not answer /healthz within {timeout} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def restart(self, timeout: float = 30) -> None:
        self.stop()
        self.start(timeout)


@pytest.fixture
def asgi_server_factory(
    transactional_db: None, tmp_path: Path
) -> Iterator[Callable[[], AsgiServer]]:
    servers: list[AsgiServer] = []

    def make() -> AsgiServer:
        server = AsgiServer(tmp_path / f"uvicorn-{len(servers)}.log")
        server.start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def asgi_server(asgi_server_factory: Callable[[], AsgiServer]) -> AsgiServer:
    return asgi_server_factory()
