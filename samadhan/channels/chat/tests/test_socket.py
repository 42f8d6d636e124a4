"""The visitor's socket and long poll against the real ASGI application."""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Awaitable, Callable

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.db import connections

from samadhan.channels.chat.live import MESSAGES_PER_MINUTE
from samadhan.channels.chat.models import ChatVisitor
from samadhan.channels.chat.tests.asgi import Socket, http_get
from samadhan.channels.chat.tests.conftest import ORIGIN, Chat, Visitor, make_chat
from samadhan.realtime.events import ClientEvent, ClientEventType, send_now_async
from samadhan.realtime.groups import ticket_group, ticket_public_group
from samadhan.tickets.models import Message, MessageKind, Ticket
from samadhan.tickets.services.message import message_create
from samadhan.tickets.timeline import Author

# Socket code reads and writes on other threads: every change must be committed.
pytestmark = pytest.mark.django_db(transaction=True)


def in_loop(test: Callable[[], Awaitable[None]]) -> Callable[[], None]:
    """Run an async test on its own thread: the browser tests' Playwright keeps a loop here."""

    @functools.wraps(test)
    def run() -> None:
        failures: list[BaseException] = []

        def target() -> None:
            try:
                async_to_sync(test)()
            except BaseException as exc:  # noqa: BLE001 - re-raised on the test's thread
                failures.append(exc)
            finally:
                connections.close_all()

        thread = threading.Thread(target=target)
        thread.start()
        thread.join()
        if failures:
            raise failures[0]

    return run


def _started() -> tuple[Chat, Visitor]:
    chat = make_chat()
    visitor = Visitor(chat)
    visitor.start(language="hi")
    return chat, visitor


def _agent_reply(chat: Chat, text: str, kind: MessageKind = MessageKind.OUTBOUND) -> Message:
    ticket = Ticket.objects.get(workspace=chat.workspace)
    return message_create(
        ticket=ticket, author=Author.of_agent(chat.agent), kind=kind, body_text=text
    )


@in_loop
async def test_visitor_writes_agent_replies_live_notes_never_reach_the_visitor() -> None:
    chat, visitor = await sync_to_async(_started)()
    socket = Socket(f"/ws/chat/{chat.inbox.public_id}/?token={visitor.token}", origin=ORIGIN)
    assert await socket.open()
    assert await socket.receive_json() == {"type": "ready", "ticket_id": None}

    await socket.send_json({"type": "message", "client_id": "k1", "text": "मेरा ऑर्डर कहाँ है?"})
    ack = await socket.receive_json()
    assert ack["type"] == "ack"
    assert ack["client_id"] == "k1"
    assert ack["duplicate"] is False
    created = await socket.receive_json()  # the first message, to every tab of this visitor
    assert created["type"] == "message.created"
    assert created["id"] == ack["message_id"]

    # A retry after a lost ack stores nothing new.
    await socket.send_json({"type": "message", "client_id": "k1", "text": "मेरा ऑर्डर कहाँ है?"})
    again = await socket.receive_json()
    assert again["message_id"] == ack["message_id"]
    assert again["duplicate"] is True

    await sync_to_async(_agent_reply)(chat, "internal note", MessageKind.NOTE)
    reply = await sync_to_async(_agent_reply)(chat, "आज पहुँचेगा")
    event = await socket.receive_json()
    assert event == {
        "type": "message.created",
        "id": reply.pk,
        "ticket_id": ack["ticket_id"],
        "client_id": None,
        "text": "आज पहुँचेगा",
        "author": {"kind": "agent", "name": "Priya"},
        "created_at": reply.created_at.isoformat(),
        "attachments": [],
    }

    # Agent typing and read receipts (sent by the agents' side) reach the visitor as they are.
    typing = ClientEvent(
        type=ClientEventType.TYPING,
        payload={
            "ticket_id": ack["ticket_id"],
            "who": {"kind": "agent", "name": "Priya"},
            "typing": True,
        },
    )
    await send_now_async(ticket_public_group(ack["ticket_id"]), typing)
    assert (await socket.receive_json())["who"] == {"kind": "agent", "name": "Priya"}
    receipt = ClientEvent(
        type=ClientEventType.RECEIPT,
        payload={
            "ticket_id": ack["ticket_id"],
            "status": "read",
            "up_to_message_id": ack["message_id"],
        },
    )
    await send_now_async(ticket_public_group(ack["ticket_id"]), receipt)
    assert (await socket.receive_json())["type"] == "receipt"
    # Kept, so the ✓✓ survive a reload.
    row = await sync_to_async(ChatVisitor.objects.get)(inbox=chat.inbox)
    assert row.agent_read_up_to == ack["message_id"]
    assert await socket.receive_nothing(0.2)
    await socket.close()
    assert await sync_to_async(Message.objects.count)() == 3


@in_loop
async def test_visitor_typing_and_read_receipts_reach_the_agents_group() -> None:
    from channels.layers import get_channel_layer

    chat, visitor = await sync_to_async(_started)()
    await sync_to_async(visitor.say)("hello", "h1")
    ticket = await sync_to_async(Ticket.objects.get)(workspace=chat.workspace)
    reply = await sync_to_async(_agent_reply)(chat, "hi!")
    layer = get_channel_layer()
    agents = await layer.new_channel()
    await layer.group_add(ticket_group(ticket.pk), agents)

    socket = Socket(f"/ws/chat/{chat.inbox.public_id}/?token={visitor.token}", origin=ORIGIN)
    assert await socket.open()
    await socket.receive_json()
    await socket.send_json({"type": "typing", "typing": True})
    typing = (await asyncio.wait_for(layer.receive(agents), 2))["event"]
    assert typing == {
        "type": "typing",
        "ticket_id": ticket.pk,
        "who": {"kind": "visitor", "name": ""},
        "typing": True,
    }
    await socket.send_json({"type": "read", "up_to_message_id": reply.pk})
    receipt = (await asyncio.wait_for(layer.receive(agents), 2))["event"]
    assert receipt["type"] == "receipt"
    assert receipt["up_to_message_id"] == reply.pk
    assert (await sync_to_async(ChatVisitor.objects.get)(inbox=chat.inbox)).read_up_to == reply.pk
    await socket.close()


@in_loop
async def test_wrong_origin_and_unknown_tokens_are_closed_with_a_reason() -> None:
    chat, visitor = await sync_to_async(_started)()
    path = f"/ws/chat/{chat.inbox.public_id}/?token={visitor.token}"

    stranger = Socket(path, origin="https://evil.example.com")
    assert await stranger.open()
    error = await stranger.receive_json()
    assert error["code"] == "origin_not_allowed"
    assert error["message"] == (
        "This website (https://evil.example.com) is not allowed to use this chat."
    )
    assert await stranger.receive_json() == {"closed": 4403}

    forged = Socket(f"/ws/chat/{chat.inbox.public_id}/?token=chv_forged", origin=ORIGIN)
    assert await forged.open()
    assert (await forged.receive_json())["code"] == "unauthorized"
    assert await forged.receive_json() == {"closed": 4401}


@in_loop
async def test_oversize_and_too_many_messages_get_errors_not_silence() -> None:
    chat, visitor = await sync_to_async(_started)()
    socket = Socket(f"/ws/chat/{chat.inbox.public_id}/?token={visitor.token}", origin=ORIGIN)
    assert await socket.open()
    await socket.receive_json()
    await socket.send_json({"type": "message", "client_id": "big", "text": "x" * 5001})
    error = await socket.receive_json()
    assert error["code"] == "too_large"
    assert error["client_id"] == "big"
    assert "5000" in error["message"]
    for i in range(MESSAGES_PER_MINUTE - 1):  # the refused one counted too
        await socket.send_json({"type": "message", "client_id": f"n{i}", "text": f"#{i}"})
        reply = await socket.receive_json()
        while reply["type"] != "ack":
            reply = await socket.receive_json()
    await socket.send_json({"type": "message", "client_id": "over", "text": "one more"})
    limited = await socket.receive_json()
    while limited["type"] == "message.created":
        limited = await socket.receive_json()
    assert limited["code"] == "rate_limited"
    assert limited["client_id"] == "over"
    await socket.close()


@in_loop
async def test_the_long_poll_returns_a_reply_as_it_arrives() -> None:
    chat, visitor = await sync_to_async(_started)()
    ack = (await sync_to_async(visitor.say)("hello", "p1")).json()
    path = f"{chat.base}/poll?after={ack['message_id']}"

    waiting = asyncio.ensure_future(http_get(path, origin=ORIGIN, token=visitor.token))
    await asyncio.sleep(0.5)
    assert not waiting.done()
    reply = await sync_to_async(_agent_reply)(chat, "here")
    status, headers, body = await asyncio.wait_for(waiting, 5)
    assert status == 200
    assert headers["access-control-allow-origin"] == ORIGIN
    assert [m["id"] for m in body["messages"]] == [reply.pk]

    refused = await http_get(path, origin=ORIGIN, token="chv_forged")
    assert refused[0] == 401

    # The browser's preflight (no token yet) passes on the origin alone.
    preflight = await http_get(path, origin=ORIGIN, token="", method="OPTIONS")
    assert preflight[0] == 204
    assert "authorization" in preflight[1]["access-control-allow-headers"].lower()
    foreign = await http_get(path, origin="https://evil.example", token="", method="OPTIONS")
    assert foreign[0] == 403
    assert "access-control-allow-origin" not in foreign[1]
