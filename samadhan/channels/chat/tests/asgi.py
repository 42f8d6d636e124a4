"""Driving the real ASGI application in tests: a socket and a plain HTTP request.

``channels.testing`` needs daphne (we serve with uvicorn), so these are the two
small protocol drivers on asgiref's ``ApplicationCommunicator``.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from asgiref import testing

# asgiref ships no types: the driver is used through Any.
_Communicator: Any = testing.ApplicationCommunicator


def _app() -> Any:
    from config.asgi import application

    return application


class Socket:
    def __init__(self, path: str, *, origin: str | None, client: str = "203.0.113.7") -> None:
        parsed = urlsplit(path)
        headers = [(b"host", b"samadhan.test")]
        if origin:
            headers.append((b"origin", origin.encode()))
        scope = {
            "type": "websocket",
            "path": parsed.path,
            "query_string": parsed.query.encode(),
            "headers": headers,
            "subprotocols": [],
            "client": [client, 50000],
        }
        self.driver: Any = _Communicator(_app(), scope)

    async def open(self) -> bool:
        await self.driver.send_input({"type": "websocket.connect"})
        response = await self.driver.receive_output(2)
        return bool(response["type"] == "websocket.accept")

    async def send_json(self, data: Any) -> None:
        await self.driver.send_input({"type": "websocket.receive", "text": json.dumps(data)})

    async def receive_json(self, timeout: float = 2) -> Any:
        response = await self.driver.receive_output(timeout)
        if response["type"] != "websocket.send":
            return {"closed": response.get("code")}
        return json.loads(response["text"])

    async def receive_nothing(self, timeout: float) -> bool:
        return bool(await self.driver.receive_nothing(timeout))

    async def close(self) -> None:
        await self.driver.send_input({"type": "websocket.disconnect", "code": 1000})
        await self.driver.wait(2)


async def http_get(
    path: str, *, origin: str, token: str, timeout: float = 30, method: str = "GET"
) -> tuple[int, dict[str, str], Any]:
    parsed = urlsplit(path)
    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": method,
        "path": parsed.path,
        "raw_path": parsed.path.encode(),
        "query_string": parsed.query.encode(),
        "root_path": "",
        "scheme": "http",
        "headers": [
            (b"host", b"samadhan.test"),
            (b"origin", origin.encode()),
            (b"authorization", f"Bearer {token}".encode()),
        ],
        "client": ["203.0.113.7", 50000],
        "server": ["samadhan.test", 80],
    }
    driver = _Communicator(_app(), scope)
    await driver.send_input({"type": "http.request", "body": b"", "more_body": False})
    start = await driver.receive_output(timeout)
    body = b""
    while True:
        part = await driver.receive_output(timeout)
        body += part.get("body", b"")
        if not part.get("more_body"):
            break
    headers = {k.decode().lower(): v.decode() for k, v in start.get("headers", [])}
    return start["status"], headers, json.loads(body or b"{}")
