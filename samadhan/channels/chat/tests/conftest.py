"""Chat tests: a chat inbox on a workspace with an agent, a fresh layer and fresh limits."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from channels.layers import channel_layers
from django.core.cache import cache
from django.test import Client

from samadhan.accounts.models import Agent, Role
from samadhan.channels.chat.models import ChatSettings
from samadhan.channels.chat.services import ChatSettingsChanges, chat_inbox_create
from samadhan.channels.models import Inbox
from samadhan.testing.factories import make_agent, make_workspace
from samadhan.workspaces.models import Workspace

ORIGIN = "https://shop.example.in"


@pytest.fixture(autouse=True)
def in_memory_layer(settings: Any) -> Iterator[None]:
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    channel_layers.backends.clear()
    cache.clear()
    yield
    channel_layers.backends.clear()


@dataclass
class Chat:
    workspace: Workspace
    agent: Agent
    inbox: Inbox

    @property
    def settings(self) -> ChatSettings:
        return ChatSettings.objects.get(inbox=self.inbox)

    @property
    def base(self) -> str:
        return f"/chat/v1/{self.inbox.public_id}"


def make_chat(slug: str = "acme") -> Chat:
    workspace = make_workspace(slug)
    agent = make_agent(workspace, role=Role.ADMIN, name="Priya Sharma")
    inbox = chat_inbox_create(
        workspace=workspace,
        name="Website chat",
        by=agent,
        settings=ChatSettingsChanges(
            allowed_origins=[ORIGIN], greeting={"": "Namaste!", "te": "నమస్తే!"}
        ),
    )
    return Chat(workspace=workspace, agent=agent, inbox=inbox)


@pytest.fixture
def chat(db: None) -> Chat:
    return make_chat()


class Visitor:
    """A browser on the shop's site talking to the visitor API."""

    def __init__(self, chat: Chat, origin: str = ORIGIN) -> None:
        self.chat = chat
        self.client = Client(HTTP_ORIGIN=origin)
        self.token = ""

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def post(self, path: str, data: dict[str, Any]) -> Any:
        return self.client.post(
            f"{self.chat.base}/{path}",
            data,
            content_type="application/json",
            headers=self._headers(),
        )

    def get(self, path: str, **query: Any) -> Any:
        return self.client.get(f"{self.chat.base}/{path}", query, headers=self._headers())

    def start(self, **data: Any) -> dict[str, Any]:
        response = self.post("session", {"token": self.token, **data})
        assert response.status_code == 200, response.content
        body: dict[str, Any] = response.json()
        if body["token"]:
            self.token = body["token"]
        return body

    def say(self, text: str, client_id: str) -> Any:
        return self.post("messages", {"client_id": client_id, "text": text})
