"""A socket over time: membership ends, a fellow viewer vanishes without a goodbye."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from samadhan.accounts.services import membership_deactivate
from samadhan.realtime import consumers
from samadhan.realtime.consumers import CLOSE_NOT_MEMBER
from samadhan.realtime.groups import ticket_group
from samadhan.realtime.presence import PresenceStatus, presence_of
from samadhan.realtime.tests.conftest import agent_socket
from samadhan.realtime.tests.test_consumer import connected, next_of, run, viewers_become
from samadhan.testing.factories import make_agent, make_ticket, make_workspace

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_removed_is_disconnected_at_the_next_heartbeat() -> None:
    ws = make_workspace()
    agent = make_agent(ws)
    watcher = make_agent(ws)
    socket, other = agent_socket(ws.slug, agent=agent), agent_socket(ws.slug, agent=watcher)

    async def scenario() -> None:
        await connected(other)
        await connected(socket)
        await database_sync_to_async(membership_deactivate)(workspace=ws, agent=agent)
        await socket.send_json_to({"type": "heartbeat", "active": True})
        assert await socket.receive_close(timeout=2) == CLOSE_NOT_MEMBER
        await socket.disconnect()
        status = None
        while status != "offline":
            event = await next_of(other, "presence")
            status = event["status"] if event["agent_id"] == agent.pk else None
        assert presence_of(workspace_id=ws.pk, agent_id=agent.pk) == PresenceStatus.OFFLINE
        await other.disconnect()

    run(scenario)


def test_a_viewer_unheard_of_is_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    ws = make_workspace()
    agent = make_agent(ws, name="Asha")
    ticket = make_ticket(ws)
    socket = agent_socket(ws.slug, agent=agent)
    layer = get_channel_layer()

    async def scenario() -> None:
        await connected(socket)
        await socket.send_json_to({"type": "view", "ticket_id": ticket.pk})
        await next_of(socket, "viewing")
        # A viewer on a process that then died: it joined, and will never answer.
        ghost = await layer.new_channel()
        await layer.group_send(
            ticket_group(ticket.pk),
            {
                "type": "viewer.join",
                "ticket_id": ticket.pk,
                "channel": ghost,
                "agent_id": 999,
                "name": "Ghost",
            },
        )
        me = {"agent_id": agent.pk, "name": "Asha"}
        await viewers_become(socket, [me, {"agent_id": 999, "name": "Ghost"}])
        monkeypatch.setattr(consumers, "VIEWER_TTL", 0.0)
        await socket.send_json_to({"type": "heartbeat", "active": True})
        await viewers_become(socket, [me])
        await socket.disconnect()

    run(scenario)
