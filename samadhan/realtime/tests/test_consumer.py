"""The agents' socket: who may connect, what each one hears, what it may ask for."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.db import transaction

from samadhan.accounts.models import Agent, Role
from samadhan.accounts.services import team_create
from samadhan.realtime.consumers import CLOSE_NOT_MEMBER, CLOSE_UNAUTHENTICATED
from samadhan.realtime.events import ClientEvent, ClientEventType, send_now
from samadhan.realtime.groups import ticket_group, ticket_public_group, workspace_group
from samadhan.realtime.presence import PresenceStatus, agents_online, presence_of
from samadhan.realtime.testing import WebsocketCommunicator, run_async_test
from samadhan.realtime.tests.conftest import agent_socket
from samadhan.testing.factories import make_agent, make_ticket, make_workspace
from samadhan.tickets.models import MessageKind, Ticket
from samadhan.tickets.services.message import message_create
from samadhan.tickets.services.ticket import TicketChanges, ticket_update
from samadhan.tickets.timeline import CONTACT_AUTHOR, Author
from samadhan.workspaces.models import Workspace

# Real commits: domain events and their client events leave only after one, and
# channels' database_sync_to_async closes connections left inside a transaction.
pytestmark = pytest.mark.django_db(transaction=True)

Run = Callable[..., Any]


def run(coro_fn: Callable[[], Any]) -> None:
    run_async_test(coro_fn)


async def connected(socket: WebsocketCommunicator) -> WebsocketCommunicator:
    ok, code = await socket.connect()
    assert ok, code
    # Its own arrival: the presence event every connection starts with.
    first = await socket.receive_json_from()
    assert first["type"] == "presence"
    return socket


async def drain(socket: WebsocketCommunicator) -> list[dict[str, Any]]:
    events = []
    while not await socket.receive_nothing(timeout=0.05):
        events.append(await socket.receive_json_from())
    return events


async def next_of(socket: WebsocketCommunicator, kind: str) -> dict[str, Any]:
    for _ in range(20):
        event: dict[str, Any] = await socket.receive_json_from(timeout=2)
        if event["type"] == kind:
            return event
    raise AssertionError(f"no {kind} event")


async def viewers_become(socket: WebsocketCommunicator, expected: list[dict[str, Any]]) -> None:
    """Viewing events arrive as the list grows; wait for the expected one."""
    seen = []
    for _ in range(5):
        viewers = (await next_of(socket, "viewing"))["viewers"]
        if viewers == expected:
            return
        seen.append(viewers)
    raise AssertionError(f"viewers never became {expected}: {seen}")


def committed(change: Callable[[], Any]) -> Callable[[], Any]:
    """Run ``change`` as a request would: sync code on the thread that holds the connection."""
    return database_sync_to_async(change)  # type: ignore[no-any-return]


@pytest.fixture
def ws() -> Workspace:
    return make_workspace()


def test_unauthenticated_is_refused(ws: Workspace) -> None:
    async def scenario() -> None:
        ok, code = await agent_socket(ws.slug).connect()
        assert (ok, code) == (False, CLOSE_UNAUTHENTICATED)

    run(scenario)


def test_foreign_origin_and_missing_origin_are_refused(ws: Workspace) -> None:
    agent = make_agent(ws)
    foreign = agent_socket(ws.slug, agent=agent, origin="https://evil.example")
    missing = agent_socket(ws.slug, agent=agent, origin=None)
    # An allowed host, but not the host the page was loaded from.
    other_port = agent_socket(ws.slug, agent=agent, origin="http://localhost:9999")

    async def scenario() -> None:
        for socket in (foreign, missing, other_port):
            ok, _ = await socket.connect()
            assert ok is False

    run(scenario)


def test_non_member_is_refused(ws: Workspace) -> None:
    stranger = make_agent(make_workspace())
    socket = agent_socket(ws.slug, agent=stranger)
    unknown = agent_socket("no-such-workspace", agent=stranger)

    async def scenario() -> None:
        assert await socket.connect() == (False, CLOSE_NOT_MEMBER)
        assert await unknown.connect() == (False, CLOSE_NOT_MEMBER)

    run(scenario)


def test_ticket_changed_schema_and_collaborator_sees_only_their_teams(ws: Workspace) -> None:
    agent = make_agent(ws, name="Asha")
    collaborator = make_agent(ws, role=Role.COLLABORATOR)
    billing = team_create(workspace=ws, name="Billing", members=[collaborator])
    shipping = team_create(workspace=ws, name="Shipping")
    full = agent_socket(ws.slug, agent=agent)
    light = agent_socket(ws.slug, agent=collaborator)

    async def scenario() -> None:
        await connected(full)
        await connected(light)
        await drain(full)
        hidden = await committed(lambda: make_ticket(ws, team_id=shipping.pk))()
        event = await next_of(full, "ticket.changed")
        assert event == {
            "type": "ticket.changed",
            "ticket_id": hidden.pk,
            "number": hidden.number,
            "status": "new",
            "assignee_id": None,
            "team_id": shipping.pk,
            "previous_team_id": None,
            "channel": "api",
            "updated_at": hidden.updated_at.isoformat(),
            "cause": "ticket.created",
        }
        assert await drain(light) == []  # not even the number of a ticket outside their teams
        # Moved into the collaborator's team: now they hear of it.
        await committed(
            lambda: ticket_update(
                ticket=Ticket.objects.get(pk=hidden.pk),
                author=Author.of_agent(agent),
                changes=TicketChanges(team_id=billing.pk, set_team=True),
            )
        )()
        moved = await next_of(light, "ticket.changed")
        assert (moved["team_id"], moved["cause"]) == (billing.pk, "ticket.updated")
        # ... and when it leaves their team, so its row can go away.
        await committed(
            lambda: ticket_update(
                ticket=Ticket.objects.get(pk=hidden.pk),
                author=Author.of_agent(agent),
                changes=TicketChanges(team_id=shipping.pk, set_team=True),
            )
        )()
        left = await next_of(light, "ticket.changed")
        assert (left["team_id"], left["previous_team_id"]) == (shipping.pk, billing.pk)
        await full.disconnect()
        await light.disconnect()

    run(scenario)


def test_view_requires_access_and_message_created_schema(ws: Workspace) -> None:
    collaborator = make_agent(ws, role=Role.COLLABORATOR)
    team = team_create(workspace=ws, name="Billing", members=[collaborator])
    other = team_create(workspace=ws, name="Shipping")
    hidden = make_ticket(ws, team_id=other.pk)
    visible = make_ticket(ws, team_id=team.pk)
    socket = agent_socket(ws.slug, agent=collaborator)

    async def scenario() -> None:
        await connected(socket)
        await socket.send_json_to({"type": "view", "ticket_id": hidden.pk})
        await committed(lambda: _customer_says(hidden, "hello?"))()
        assert [e["type"] for e in await drain(socket)] == []
        await socket.send_json_to({"type": "view", "ticket_id": 999_999})
        await socket.send_json_to({"type": "view", "ticket_id": visible.pk})
        viewing = await next_of(socket, "viewing")
        assert viewing["ticket_id"] == visible.pk
        message = await committed(lambda: _customer_says(visible, "still waiting"))()
        event = await next_of(socket, "message.created")
        assert event == {
            "type": "message.created",
            "ticket_id": visible.pk,
            "number": visible.number,
            "message_id": message.pk,
            "kind": "inbound",
            "author_kind": "contact",
            "author_agent_id": None,
        }
        await socket.disconnect()

    run(scenario)


def _customer_says(ticket: Ticket, text: str) -> Any:
    return message_create(
        ticket=Ticket.objects.get(pk=ticket.pk),
        author=CONTACT_AUTHOR,
        kind=MessageKind.INBOUND,
        body_text=text,
    )


def test_rolled_back_change_sends_nothing(ws: Workspace) -> None:
    agent = make_agent(ws)
    socket = agent_socket(ws.slug, agent=agent)

    def fails() -> None:
        try:
            with transaction.atomic():
                make_ticket(ws)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass

    async def scenario() -> None:
        await connected(socket)
        await committed(fails)()
        assert await drain(socket) == []
        await socket.disconnect()

    run(scenario)


def test_viewing_and_typing_between_two_agents(ws: Workspace) -> None:
    asha = make_agent(ws, name="Asha")
    ravi = make_agent(ws, name="Ravi")
    ticket = make_ticket(ws)
    one, two = agent_socket(ws.slug, agent=asha), agent_socket(ws.slug, agent=ravi)
    layer = get_channel_layer()

    async def scenario() -> None:
        public = await layer.new_channel()
        await layer.group_add(ticket_public_group(ticket.pk), public)
        await connected(one)
        await connected(two)
        await one.send_json_to({"type": "view", "ticket_id": ticket.pk})
        assert await next_of(one, "viewing") == {
            "type": "viewing",
            "ticket_id": ticket.pk,
            "viewers": [{"agent_id": asha.pk, "name": "Asha"}],
        }
        # Viewing sends a read receipt up to the customer's last message.
        receipt = await layer.receive(public)
        first = ticket.messages.order_by("id").values_list("id", flat=True)
        assert receipt["event"] == {
            "type": "receipt",
            "ticket_id": ticket.pk,
            "status": "read",
            "up_to_message_id": await database_sync_to_async(lambda: first[0])(),
        }
        await two.send_json_to({"type": "view", "ticket_id": ticket.pk})
        both = [{"agent_id": asha.pk, "name": "Asha"}, {"agent_id": ravi.pk, "name": "Ravi"}]
        await viewers_become(one, both)
        await viewers_become(two, both)
        await layer.receive(public)  # Ravi's receipt

        await two.send_json_to(
            {"type": "typing", "ticket_id": ticket.pk, "typing": True, "mode": "note"}
        )
        typing = await next_of(one, "typing")
        assert typing == {
            "type": "typing",
            "ticket_id": ticket.pk,
            "who": {"kind": "agent", "agent_id": ravi.pk, "name": "Ravi"},
            "typing": True,
            "mode": "note",
        }
        await two.send_json_to(
            {"type": "typing", "ticket_id": ticket.pk, "typing": True, "mode": "reply"}
        )
        await next_of(one, "typing")
        # Faster than any page sends them: dropped.
        for _ in range(5):
            await two.send_json_to(
                {"type": "typing", "ticket_id": ticket.pk, "typing": True, "mode": "reply"}
            )
        assert await drain(one) == []
        # Only the reply reached the customer's side, without the agent's id.
        public_typing = await layer.receive(public)
        assert public_typing["event"] == {
            "type": "typing",
            "ticket_id": ticket.pk,
            "who": {"kind": "agent", "name": "Ravi"},
            "typing": True,
        }
        await two.send_json_to({"type": "unview"})
        assert (await next_of(one, "viewing"))["viewers"] == [{"agent_id": asha.pk, "name": "Asha"}]
        await one.disconnect()
        await two.disconnect()

    run(scenario)


def test_collaborator_typing_a_reply_never_reaches_the_customer(ws: Workspace) -> None:
    collaborator = make_agent(ws, role=Role.COLLABORATOR)
    team = team_create(workspace=ws, name="Billing", members=[collaborator])
    ticket = make_ticket(ws, team_id=team.pk)
    socket = agent_socket(ws.slug, agent=collaborator)
    layer = get_channel_layer()

    async def scenario() -> None:
        public = await layer.new_channel()
        await layer.group_add(ticket_public_group(ticket.pk), public)
        await connected(socket)
        await socket.send_json_to({"type": "view", "ticket_id": ticket.pk})
        await next_of(socket, "viewing")
        assert (await layer.receive(public))["event"]["type"] == "receipt"
        await socket.send_json_to(
            {"type": "typing", "ticket_id": ticket.pk, "typing": True, "mode": "reply"}
        )
        await next_of(socket, "typing")
        assert await drain_channel(layer, public) == []
        await socket.disconnect()

    run(scenario)


async def drain_channel(layer: Any, channel: str) -> list[dict[str, Any]]:
    import asyncio

    found = []
    while True:
        try:
            found.append(await asyncio.wait_for(layer.receive(channel), timeout=0.1))
        except TimeoutError:
            return found


def test_presence_online_away_offline(ws: Workspace) -> None:
    agent = make_agent(ws)
    watcher = make_agent(ws)
    socket = agent_socket(ws.slug, agent=agent)
    second_tab = agent_socket(ws.slug, agent=agent)
    other = agent_socket(ws.slug, agent=watcher)

    async def scenario() -> None:
        await connected(other)
        ok, _ = await socket.connect()
        assert ok
        assert await next_of(other, "presence") == {
            "type": "presence",
            "agent_id": agent.pk,
            "status": "online",
        }
        assert agents_online(workspace_id=ws.pk, agent_ids=[agent.pk]) == {agent.pk}
        # Idle page: automatically away.
        await socket.send_json_to({"type": "heartbeat", "active": False})
        assert (await next_of(other, "presence"))["status"] == "away"
        await socket.send_json_to({"type": "heartbeat", "active": True})
        assert (await next_of(other, "presence"))["status"] == "online"
        # The menu's choice stays until changed, whatever the activity.
        await socket.send_json_to({"type": "presence", "status": "away"})
        assert (await next_of(other, "presence"))["status"] == "away"
        await socket.send_json_to({"type": "heartbeat", "active": True})
        assert await drain(other) == []
        assert agents_online(workspace_id=ws.pk, agent_ids=[agent.pk]) == set()
        await socket.send_json_to({"type": "presence", "status": "online"})
        assert (await next_of(other, "presence"))["status"] == "online"
        # Two tabs: closing one leaves the agent online.
        await connected(second_tab)
        assert (await next_of(other, "presence"))["status"] == "online"
        await socket.disconnect()
        assert (await next_of(other, "presence"))["status"] == "offline"
        assert (await next_of(other, "presence"))["status"] == "online"
        assert presence_of(workspace_id=ws.pk, agent_id=agent.pk) == PresenceStatus.ONLINE
        await second_tab.disconnect()
        assert (await next_of(other, "presence"))["status"] == "offline"
        assert presence_of(workspace_id=ws.pk, agent_id=agent.pk) == PresenceStatus.OFFLINE
        await other.disconnect()

    run(scenario)


def test_notification_for_a_new_chat_message(ws: Workspace) -> None:
    assignee = make_agent(ws)
    bystander = make_agent(ws)
    ticket = make_ticket(ws, assignee_id=assignee.pk)
    Ticket.objects.filter(pk=ticket.pk).update(channel="chat")
    mine, theirs = agent_socket(ws.slug, agent=assignee), agent_socket(ws.slug, agent=bystander)

    async def scenario() -> None:
        await connected(mine)
        await connected(theirs)
        await committed(lambda: _customer_says(ticket, "are you there?"))()
        assert await next_of(mine, "notification") == {
            "type": "notification",
            "workspace_id": ws.pk,
            "ticket_id": ticket.pk,
            "number": ticket.number,
            "reason": "new_message",
        }
        assert "notification" not in [e["type"] for e in await drain(theirs)]
        await mine.disconnect()
        await theirs.disconnect()

    run(scenario)


def test_send_from_another_thread_reaches_the_socket(ws: Workspace) -> None:
    """The embedded worker is a thread: its sends are scheduled on the server's loop."""
    agent = make_agent(ws)
    socket = agent_socket(ws.slug, agent=agent)
    event = ClientEvent(type=ClientEventType.TICKET_CHANGED, payload={"ticket_id": 1})

    async def scenario() -> None:
        await connected(socket)
        sender = threading.Thread(target=send_now, args=(workspace_group(ws.pk), event))
        sender.start()
        sender.join()
        assert await socket.receive_json_from(timeout=2) == {
            "type": "ticket.changed",
            "ticket_id": 1,
        }
        await socket.disconnect()

    run(scenario)


def test_ticket_group_unknown_frames_are_ignored(ws: Workspace) -> None:
    agent: Agent = make_agent(ws)
    socket = agent_socket(ws.slug, agent=agent)

    async def scenario() -> None:
        await connected(socket)
        await socket.send_to(text_data="not json")
        await socket.send_json_to({"type": "view", "ticket_id": "1; drop"})
        await socket.send_json_to({"type": "typing", "ticket_id": 1, "typing": True})
        assert await drain(socket) == []
        assert ticket_group(1) == "ticket.1"
        await socket.disconnect()

    run(scenario)


def test_a_change_committed_by_another_thread_reaches_the_socket(ws: Workspace) -> None:
    """What the in-process worker does: a service on its own thread and connection."""
    agent = make_agent(ws)
    socket = agent_socket(ws.slug, agent=agent)
    made: list[Ticket] = []

    def worker() -> None:
        from django.db import connection

        made.append(make_ticket(ws))
        connection.close()

    async def scenario() -> None:
        await connected(socket)
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        event = await next_of(socket, "ticket.changed")
        assert event["number"] == made[0].number
        await socket.disconnect()

    run(scenario)
