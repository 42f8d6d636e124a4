"""Agents' sockets under test: the real ASGI application, a real session, a fresh layer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from channels.layers import channel_layers
from django.test import Client

from samadhan.accounts.models import Agent
from samadhan.realtime.testing import WebsocketCommunicator

ORIGIN = "http://localhost:8000"


@pytest.fixture(autouse=True)
def in_memory_layer(settings: Any) -> Iterator[None]:
    """Every test gets its own in-memory channel layer (the embedded default)."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


def session_cookie(agent: Agent) -> str:
    client = Client()
    client.force_login(agent)
    return client.cookies["sessionid"].value


def agent_socket(
    slug: str,
    *,
    agent: Agent | None = None,
    origin: str | None = ORIGIN,
    host: str = "localhost:8000",
) -> WebsocketCommunicator:
    from config.asgi import application

    headers = [(b"host", host.encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    if agent is not None:
        headers.append((b"cookie", f"sessionid={session_cookie(agent)}".encode()))
    return WebsocketCommunicator(application, f"/ws/agent/{slug}/", headers=headers)
