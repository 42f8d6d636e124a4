"""Django's ASGI handler with one long-lived thread for sync code per process.

Django's own handler gives every request a fresh thread (a
``ThreadSensitiveContext`` per request), and database connections are
per-thread, so each request opened and closed its own connection: on SQLite
that meant re-reading the schema, a cold page cache and a WAL checkpoint on
every close; on PostgreSQL a new backend process per request. Without the
per-request context, asgiref runs thread-sensitive code on one shared thread,
the connection outlives the request (``CONN_MAX_AGE``), and the process
serves its sync views one at a time — the model of a sync worker, with one
process per core. Async code (websockets, later) is not affected.
"""

from __future__ import annotations

import asyncio
from typing import Any

from django.core.handlers.asgi import ASGIHandler

# The event loop of this process's server, known from its first request or socket.
# Code on other threads (the embedded worker, decision 0006) hands realtime sends
# to it: the in-memory channel layer's queues belong to that loop.
_server_loop: asyncio.AbstractEventLoop | None = None


def remember_server_loop() -> None:
    """Called from async code on the server's loop."""
    global _server_loop  # noqa: PLW0603 - one loop per process
    _server_loop = asyncio.get_running_loop()


def server_loop() -> asyncio.AbstractEventLoop | None:
    """The server's loop while it runs, else None."""
    loop = _server_loop
    return loop if loop is not None and loop.is_running() else None


class PersistentThreadASGIHandler(ASGIHandler):
    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        remember_server_loop()
        await self.handle(scope, receive, send)
