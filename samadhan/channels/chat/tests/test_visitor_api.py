from __future__ import annotations

import hashlib
import hmac
from typing import Any

import pytest
from django.test import Client

from samadhan.channels.chat.models import ChatVisitor
from samadhan.channels.chat.tests.conftest import ORIGIN, Chat, Visitor
from samadhan.channels.chat.visitors import MAX_MESSAGE_CHARS
from samadhan.contacts.models import IdentityKind
from samadhan.tickets.models import Message, MessageKind, Ticket
from samadhan.tickets.services.message import message_create
from samadhan.tickets.timeline import Author
from samadhan.workspaces.services import workspace_update

pytestmark = pytest.mark.django_db


def test_a_visitor_starts_writes_and_reads_back_their_conversation(chat: Chat) -> None:
    visitor = Visitor(chat)
    body = visitor.start(language="te-IN")

    assert body["token"].startswith("chv_")
    assert body["messages"] == []
    assert body["config"]["language"] == "te"
    assert body["config"]["greeting"] == "నమస్తే!"
    assert body["config"]["strings"]["send"]  # translated text, English until the catalogue has it
    assert body["config"]["status"] == {"online": False, "reason": "away"}

    response = visitor.say("నా ఆర్డర్ ఇంకా రాలేదు", "c-1")
    assert response.status_code == 201
    ack = response.json()
    ticket = Ticket.objects.get(workspace=chat.workspace)
    assert ticket.channel == "chat"
    assert ticket.inbox == chat.inbox
    assert ticket.language == "te"
    assert ticket.subject == "నా ఆర్డర్ ఇంకా రాలేదు"
    assert ack["message_id"] == ticket.messages.get().pk
    assert ticket.contact.identities.get().kind == IdentityKind.CHAT_VISITOR

    message_create(
        ticket=ticket,
        author=Author.of_agent(chat.agent),
        kind=MessageKind.NOTE,
        body_text="internal: check the courier",
    )
    reply = message_create(
        ticket=ticket,
        author=Author.of_agent(chat.agent),
        kind=MessageKind.OUTBOUND,
        body_text="<b>Checking</b> now",
    )

    history = visitor.get("messages")
    assert history.status_code == 200
    messages = history.json()["messages"]
    assert [m["text"] for m in messages] == ["నా ఆర్డర్ ఇంకా రాలేదు", "<b>Checking</b> now"]
    assert [m["author"] for m in messages] == [
        {"kind": "visitor", "name": ""},
        {"kind": "agent", "name": "Priya"},
    ]
    assert messages[0]["client_id"] == "c-1"
    assert visitor.get("messages", after=ack["message_id"]).json()["messages"][0]["id"] == reply.pk
    assert history["Access-Control-Allow-Origin"] == ORIGIN

    # A reload: the same token resumes the same conversation.
    again = visitor.start(language="te")
    assert again["token"] is None
    assert [m["id"] for m in again["messages"]] == [m["id"] for m in messages]


def test_the_ticket_speaks_the_language_written_else_the_widgets(chat: Chat) -> None:
    # Detection is restricted to the languages the workspace's customers write in.
    workspace_update(workspace=chat.workspace, by=None, languages=["en", "hi", "mr", "lv"])
    hindi = Visitor(chat)
    hindi.start(language="en")  # an English page...
    hindi.say("मेरा ऑर्डर अभी तक नहीं आया, कृपया मदद कीजिए", "h1")  # ...written in Hindi
    short = Visitor(chat)
    short.start(language="lv")
    short.say("ok", "s1")  # too short to tell: the widget's language
    languages = dict(
        Ticket.objects.filter(workspace=chat.workspace).values_list("subject", "language")
    )
    assert languages == {"मेरा ऑर्डर अभी तक नहीं आया, कृपया मदद कीजिए": "hi", "ok": "lv"}


def test_a_retry_with_the_same_client_id_never_duplicates(chat: Chat) -> None:
    visitor = Visitor(chat)
    visitor.start()
    first = visitor.say("hello", "same-id")
    second = visitor.say("hello", "same-id")
    third = visitor.say("hello again", "other-id")

    assert (first.status_code, second.status_code, third.status_code) == (201, 200, 201)
    assert first.json()["message_id"] == second.json()["message_id"]
    assert second.json()["duplicate"] is True
    assert Message.objects.filter(workspace=chat.workspace).count() == 2
    assert Ticket.objects.filter(workspace=chat.workspace).count() == 1


def test_a_page_on_another_origin_is_refused(chat: Chat) -> None:
    stranger = Visitor(chat, origin="https://evil.example.com")
    response = stranger.post("session", {})
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert "https://evil.example.com" in response.json()["message"]
    assert "Access-Control-Allow-Origin" not in response

    preflight = Client(HTTP_ORIGIN=ORIGIN).options(
        f"{chat.base}/messages", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == ORIGIN
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]


def test_a_visitor_never_reads_another_visitors_conversation(chat: Chat) -> None:
    alice, bob = Visitor(chat), Visitor(chat)
    alice.start()
    bob.start()
    alice.say("my address is 12 MG Road", "a1")

    assert bob.get("messages").json()["messages"] == []
    bob.token = "chv_not-a-real-token"
    refused = bob.get("messages")
    assert refused.status_code == 401
    assert refused.json()["code"] == "unauthorized"
    # A token of another inbox is no token here either.
    from samadhan.channels.chat.tests.conftest import make_chat

    other = make_chat("globex")
    stranger = Visitor(other)
    stranger.start()
    stranger.chat = chat
    assert stranger.get("messages").status_code == 401


def test_an_oversize_message_is_refused_with_a_clear_error(chat: Chat) -> None:
    visitor = Visitor(chat)
    visitor.start()
    response = visitor.say("अ" * (MAX_MESSAGE_CHARS + 1), "long")
    assert response.status_code == 413
    assert response.json() == {
        "code": "too_large",
        "message": f"The message is longer than {MAX_MESSAGE_CHARS} characters; send it in parts.",
        "fields": {"text": ["Too long."]},
    }
    assert not Message.objects.filter(workspace=chat.workspace).exists()


def test_messages_are_rate_limited_per_visitor(chat: Chat) -> None:
    from samadhan.channels.chat.live import MESSAGES_PER_MINUTE

    visitor = Visitor(chat)
    visitor.start()
    codes = [visitor.say(f"m{i}", f"id-{i}").status_code for i in range(MESSAGES_PER_MINUTE + 1)]
    assert codes[:MESSAGES_PER_MINUTE] == [201] + [201] * (MESSAGES_PER_MINUTE - 1)
    assert codes[-1] == 429
    assert visitor.say("one more", "id-x").json()["code"] == "rate_limited"


def _hash(secret: str, value: str) -> str:
    return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()


def test_identity_verification_joins_the_signed_in_user(chat: Chat) -> None:
    secret = chat.settings.identity_secret
    identity: dict[str, Any] = {
        "user_id": "cust-42",
        "email": "meera@example.in",
        "name": "Meera",
        "user_hash": _hash(secret, "cust-42"),
    }
    phone = Visitor(chat)
    phone.start(identity=identity)
    phone.say("from my phone", "p1")

    laptop = Visitor(chat)
    body = laptop.start(identity=identity)
    assert [m["text"] for m in body["messages"]] == ["from my phone"]
    visitors = ChatVisitor.objects.filter(inbox=chat.inbox)
    assert visitors.count() == 2
    assert len({v.contact_id for v in visitors}) == 1
    contact = visitors[0].contact
    assert contact is not None
    assert sorted(contact.identities.values_list("kind", "normalized")) == [
        (IdentityKind.EMAIL, "meera@example.in"),
        (IdentityKind.EXTERNAL, "cust-42"),
    ]


def test_a_wrong_user_hash_is_refused(chat: Chat) -> None:
    visitor = Visitor(chat)
    response = visitor.post(
        "session", {"identity": {"user_id": "cust-42", "user_hash": _hash("guess", "cust-42")}}
    )
    assert response.status_code == 403
    assert response.json()["message"] == (
        "The user_hash does not match: compute HMAC-SHA256(identity secret, user_id)."
    )
    assert not ChatVisitor.objects.exists()
