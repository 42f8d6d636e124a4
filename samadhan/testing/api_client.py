from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse
from django.test import Client
from django.test.client import MULTIPART_CONTENT


class ApiClient:
    """Django's test client speaking JSON with a bearer token to /api/v1."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def _url(self, path: str) -> str:
        return path if path.startswith("/") else f"/api/v1/{path}"

    def get(self, path: str, params: dict[str, Any] | None = None) -> HttpResponse:
        return self.client.get(self._url(path), params or {}, **self.headers)  # type: ignore[return-value]

    def _send(self, method: str, path: str, body: Any) -> HttpResponse:
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        send = getattr(self.client, method)
        return send(self._url(path), data=data, content_type="application/json", **self.headers)  # type: ignore[no-any-return]

    def post(self, path: str, body: Any = None) -> HttpResponse:
        return self._send("post", path, {} if body is None else body)

    def patch(self, path: str, body: Any) -> HttpResponse:
        return self._send("patch", path, body)

    def delete(self, path: str) -> HttpResponse:
        return self.client.delete(self._url(path), **self.headers)  # type: ignore[return-value]

    def upload(self, path: str, files: dict[str, Any]) -> HttpResponse:
        return self.client.post(  # type: ignore[return-value]
            self._url(path), data=files, content_type=MULTIPART_CONTENT, **self.headers
        )


def body(response: HttpResponse) -> Any:
    """The decoded JSON body of an API response."""
    return json.loads(response.content.decode("utf-8"))
