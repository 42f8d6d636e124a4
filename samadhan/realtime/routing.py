"""WebSocket routes of agents' browsers: same origin, signed in by the session."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from channels.auth import AuthMiddlewareStack
from channels.security.websocket import AllowedHostsOriginValidator, WebsocketDenier
from django.conf import settings
from django.urls import path

from samadhan.realtime.consumers import AgentConsumer


class SameOriginValidator:
    """Refuse a socket whose ``Origin`` is not the page's own host.

    ``AllowedHostsOriginValidator`` accepts any origin in ``ALLOWED_HOSTS``;
    this also requires the origin to be the host the browser connected to
    (or one of ``CSRF_TRUSTED_ORIGINS``, for a proxy that rewrites ``Host``),
    the same rule Django's CSRF check applies to a form post.
    """

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: Any, receive: Any, send: Any) -> Any:
        headers = dict(scope.get("headers") or [])
        origin = headers.get(b"origin", b"").decode("latin1")
        host = headers.get(b"host", b"").decode("latin1")
        parts = urlsplit(origin)
        trusted = origin in settings.CSRF_TRUSTED_ORIGINS
        if not trusted and (not host or parts.netloc != host):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)


def agent_socket() -> Any:
    return AllowedHostsOriginValidator(
        SameOriginValidator(AuthMiddlewareStack(AgentConsumer.as_asgi()))
    )


websocket_urlpatterns: list[Any] = [
    path("ws/agent/<slug:slug>/", agent_socket()),
]
