"""Generative answers against a local fake OpenAI-compatible chat endpoint (stdlib http.server)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from samadhan.bots.configuration import BotSettingsChanges, bot_settings_update
from samadhan.bots.generative import REFUSAL, grounded
from samadhan.bots.models import BotConversation
from samadhan.bots.tests.conftest import Shop, Visitor, run_bot_tasks
from samadhan.tickets.models import AuthorKind, Message

pytestmark = pytest.mark.django_db
QUESTION = "I forgot my password, how can I get into my account?"


@dataclass
class FakeChat:
    url: str
    reply: str = ""
    status: int = 200
    requests: list[dict[str, Any]] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)


@pytest.fixture
def fake_chat() -> Iterator[FakeChat]:
    state = FakeChat(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            state.requests.append({"path": self.path, **body})
            state.keys.append(self.headers.get("Authorization", ""))
            answer = {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "model": body["model"],
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": state.reply},
                    }
                ],
            }
            data = json.dumps(answer).encode()
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_port}/v1"
    yield state
    server.shutdown()
    server.server_close()


def _ask(shop: Shop, capture: DjangoCaptureOnCommitCallbacks) -> str:
    visitor = Visitor(shop.chat)
    with capture(execute=True):
        visitor.say(QUESTION)
    with capture(execute=True):
        assert run_bot_tasks() == ["answered"]
    return Message.objects.get(author_kind=AuthorKind.BOT).body_text


def _generative(shop: Shop, fake: FakeChat) -> None:
    bot_settings_update(
        inbox=shop.chat,
        by=None,
        changes=BotSettingsChanges(
            generative=True, llm_url=fake.url, llm_model="tiny-chat", llm_api_key="sk-test"
        ),
    )


def test_a_grounded_answer_cites_its_articles(
    shop: Shop,
    fake_chat: FakeChat,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    _generative(shop, fake_chat)
    fake_chat.reply = "Click Forgot password on the sign-in page, then follow the emailed link [1]."
    body = _ask(shop, django_capture_on_commit_callbacks)

    [request] = fake_chat.requests
    assert request["path"] == "/v1/chat/completions"
    assert (request["model"], request["temperature"]) == ("tiny-chat", 0)
    assert fake_chat.keys == ["Bearer sk-test"]
    system, user = request["messages"]
    assert (system["role"], user) == ("system", {"role": "user", "content": QUESTION})
    # Only the retrieved articles, numbered, and the refusal rule.
    assert "ONLY the numbered help-center articles" in system["content"]
    assert f"reply exactly {REFUSAL}" in system["content"]
    assert "[1] Reset your password\nClick Forgot password on the sign-in page" in system["content"]
    assert "Reply in English" in system["content"]

    answer, sources, question = body.split("\n\n", 2)
    assert answer == fake_chat.reply
    assert sources.startswith("Sources:\n1. Reset your password\n   http://")
    assert question.startswith("Did this answer your question?")
    assert BotConversation.objects.get().generative is True


@pytest.mark.parametrize(
    ("reply", "status"),
    [
        (REFUSAL, 200),  # none of the articles fits
        ("Gift cards never expire.", 200),  # cites nothing: not grounded
        ("See our terms [4].", 200),  # cites an article it was not given
        ("", 500),  # the endpoint fails
    ],
)
def test_refusal_or_ungrounded_or_error_falls_back_to_links(
    shop: Shop,
    fake_chat: FakeChat,
    reply: str,
    status: int,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    _generative(shop, fake_chat)
    fake_chat.reply, fake_chat.status = reply, status
    body = _ask(shop, django_capture_on_commit_callbacks)
    assert len(fake_chat.requests) == 1
    assert body.startswith("These articles from our help center may answer your question:\n\n")
    assert "1. Reset your password" in body
    assert reply not in body or not reply
    assert BotConversation.objects.get().generative is False


def test_generative_off_or_unconfigured_never_calls_out(
    shop: Shop,
    fake_chat: FakeChat,
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.BOT_LLM = {"URL": fake_chat.url, "MODEL": "tiny-chat", "API_KEY": ""}
    body = _ask(shop, django_capture_on_commit_callbacks)  # off by default
    assert fake_chat.requests == []
    assert body.startswith("These articles")


def test_the_deployment_endpoint_is_used_when_the_inbox_has_none(
    shop: Shop,
    fake_chat: FakeChat,
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.BOT_LLM = {"URL": fake_chat.url, "MODEL": "env-model", "API_KEY": ""}
    bot_settings_update(inbox=shop.chat, by=None, changes=BotSettingsChanges(generative=True))
    fake_chat.reply = "Use Forgot password [1]."
    body = _ask(shop, django_capture_on_commit_callbacks)
    assert [r["model"] for r in fake_chat.requests] == ["env-model"]
    assert fake_chat.keys == [""]
    assert body.startswith("Use Forgot password [1].\n\nSources:")


def test_grounding_rules() -> None:
    assert grounded("Yes [1] and [2], see [1].", count=2) is not None
    assert grounded("Yes [1] and [2].", count=1) is None
    assert grounded(f"{REFUSAL}", count=3) is None
    assert grounded("Sorry, I do not know.", count=3) is None
