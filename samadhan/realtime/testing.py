"""A WebSocket test client for ASGI applications.

``channels.testing.WebsocketCommunicator`` cannot be imported here: the
``channels.testing`` package imports its live-server helper, which needs daphne
(we serve with uvicorn). This is the same small protocol driver on asgiref's
``ApplicationCommunicator``, with the same method names.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import unquote, urlsplit

from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from django.db import connections

# asgiref's communicator is untyped; its methods are called through this alias.
_Base: Any = ApplicationCommunicator


class WebsocketCommunicator(ApplicationCommunicator):
    def __init__(
        self, application: Any, path: str, headers: list[tuple[bytes, bytes]] | None = None
    ) -> None:
        parsed = urlsplit(path)
        scope = {
            "type": "websocket",
            "path": unquote(parsed.path),
            "query_string": parsed.query.encode("utf-8"),
            "headers": headers or [],
            "subprotocols": [],
        }
        _Base.__init__(self, application, scope)
        self.response_headers: list[tuple[bytes, bytes]] | None = None

    async def connect(self, timeout: float = 1) -> tuple[bool, int | None]:
        """``(True, subprotocol)`` when accepted, ``(False, close code)`` when refused."""
        await _Base.send_input(self, {"type": "websocket.connect"})
        response = await _Base.receive_output(self, timeout)
        if response["type"] == "websocket.close":
            return False, response.get("code", 1000)
        self.response_headers = response.get("headers", [])
        return True, response.get("subprotocol", None)

    async def send_to(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is not None:
            await _Base.send_input(self, {"type": "websocket.receive", "text": text_data})
        else:
            await _Base.send_input(self, {"type": "websocket.receive", "bytes": bytes_data})

    async def send_json_to(self, data: Any) -> None:
        await self.send_to(text_data=json.dumps(data))

    async def receive_close(self, timeout: float = 1) -> int:
        """The close code of a socket the server closes."""
        response = await _Base.receive_output(self, timeout)
        if response["type"] != "websocket.close":
            raise AssertionError(f"expected a websocket.close, got {response['type']}")
        return int(response.get("code", 1000))

    async def receive_from(self, timeout: float = 1) -> str:
        response = await _Base.receive_output(self, timeout)
        if response["type"] != "websocket.send":
            raise AssertionError(f"expected a websocket.send, got {response['type']}")
        return str(response.get("text") or "")

    async def receive_json_from(self, timeout: float = 1) -> Any:
        return json.loads(await self.receive_from(timeout))

    async def disconnect(self, code: int = 1000, timeout: float = 1) -> None:
        await _Base.send_input(self, {"type": "websocket.disconnect", "code": code})
        await _Base.wait(self, timeout)

    async def receive_nothing(self, timeout: float = 0.1, interval: float = 0.01) -> bool:
        """True when nothing arrives within ``timeout``."""
        return bool(await _Base.receive_nothing(self, timeout, interval))


def run_async_test(body: Callable[[], Awaitable[None]]) -> None:
    """Run an async test body on a thread and event loop of its own.

    A browser test's Playwright keeps an event loop running on the main thread
    for the rest of the session, and ``async_to_sync`` refuses to start there.
    The body's ``database_sync_to_async`` calls run on that thread, with their own
    connection: tests using this need ``transactional_db``.
    """
    failures: list[BaseException] = []

    def target() -> None:
        try:
            async_to_sync(body)()
        except BaseException as exc:  # noqa: BLE001 - re-raised on the test's thread
            failures.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=target, name="async-test")
    thread.start()
    thread.join()
    if failures:
        raise failures[0]
