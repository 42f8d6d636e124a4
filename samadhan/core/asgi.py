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

from typing import Any

from django.core.handlers.asgi import ASGIHandler


class PersistentThreadASGIHandler(ASGIHandler):
    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        await self.handle(scope, receive, send)
