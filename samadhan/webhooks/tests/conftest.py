"""A real HTTP receiver on 127.0.0.1 for webhook deliveries."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pytest_django import Settings


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """Records every request; answers ``fail_status`` to the first ``fail_first`` of them."""

    url: str
    requests: list[Received] = field(default_factory=list)
    fail_first: int = 0
    fail_status: int = 500
    # Answer 200 with a body that does not end (up to ``ENDLESS_LIMIT`` bytes).
    endless: bool = False
    # Set when the endless answer ends: True if the client hung up first.
    endless_cut: bool | None = None
    endless_done: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, request: Received) -> int:
        with self.lock:
            self.requests.append(request)
            return self.fail_status if len(self.requests) <= self.fail_first else 200


ENDLESS_LIMIT = 64 * 1024 * 1024


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state: list[Receiver] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            status = state[0].answer(
                Received(path=self.path, headers=dict(self.headers.items()), body=body)
            )
            if state[0].endless:
                self._endless()
                return
            reply = b'{"ok": true}' if status == 200 else b"upstream broke"
            self.send_response(status)
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def _endless(self) -> None:
            self.send_response(200)
            self.end_headers()  # no length: the body lasts until the connection closes
            chunk = "क".encode() * 20_000
            sent = 0
            try:
                while sent < ENDLESS_LIMIT:
                    self.wfile.write(chunk)
                    sent += len(chunk)
                state[0].endless_cut = False
            except (BrokenPipeError, ConnectionResetError):
                state[0].endless_cut = True  # the client stopped reading, as it should
            finally:
                state[0].endless_done.set()

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output quiet

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.append(Receiver(url=f"http://127.0.0.1:{server.server_address[1]}/hooks/samadhan"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state[0]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def private_ok(settings: Settings) -> None:
    """Let webhooks reach this machine, as a developer's receiver would."""
    settings.SAMADHAN = {**settings.SAMADHAN, "WEBHOOK_ALLOW_PRIVATE_NETWORKS": True}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
