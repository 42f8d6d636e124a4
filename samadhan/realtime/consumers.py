"""The agents' socket: live inbox and ticket pages, presence, who is viewing and typing.

One connection per open page, at ``/ws/agent/<workspace slug>/``. It is
same-origin and signed in by the Django session (``routing.py``); membership is
checked by fetching the actor, and a ticket is joined only after
``tickets_visible_to`` found it, exactly as the ticket page does.

Client → server frames (JSON):

- ``{"type": "view", "ticket_id": N}`` / ``{"type": "unview"}``
- ``{"type": "typing", "ticket_id": N, "typing": bool, "mode": "reply" | "note"}``
- ``{"type": "presence", "status": "online" | "away"}`` (the header menu)
- ``{"type": "heartbeat", "active": bool}`` every 25 s (``active`` false: idle)

Server → client frames are ``ClientEvent``s (``events.py``, docs/realtime.md).
Who views a ticket is known without shared state: a joining connection
announces itself to the ticket's group and every connection there answers it
directly, so each one holds the list of its fellow viewers.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from samadhan.accounts.access import Actor, actor_for_slug
from samadhan.accounts.models import Agent, Role
from samadhan.core.asgi import remember_server_loop
from samadhan.core.errors import AppError
from samadhan.realtime.events import (
    ClientEvent,
    ClientEventType,
    send_now_async,
)
from samadhan.realtime.groups import (
    agent_group,
    ticket_group,
    ticket_public_group,
    workspace_group,
)
from samadhan.realtime.presence import (
    PresenceStatus,
    presence_choose,
    presence_heartbeat,
    presence_set,
)
from samadhan.tickets.access import tickets_visible_to
from samadhan.tickets.models import Message, MessageKind

# Closed before the handshake completes, the browser sees a refused connection;
# these codes are for the logs and the tests.
CLOSE_UNAUTHENTICATED = 4401
CLOSE_NOT_MEMBER = 4403
# Viewers re-announce themselves with each heartbeat (25 s); one not heard of for
# this long is dropped (its process died without saying goodbye).
VIEWER_TTL = 70.0
# The page says "typing" every few seconds; more often is a broken or hostile client.
TYPING_MIN_INTERVAL = 0.5


@dataclass(frozen=True, kw_only=True)
class Seat:
    """The connected agent in one workspace, read once per connect and heartbeat."""

    actor: Actor
    name: str
    team_ids: frozenset[int]

    @property
    def agent_id(self) -> int:
        return self.actor.agent.pk

    @property
    def workspace_id(self) -> int:
        return self.actor.workspace_id


def seat_for(*, agent_id: int, slug: str) -> Seat | None:
    """The agent's seat in the workspace, or None when not (or no longer) an active member."""
    agent = Agent.objects.filter(pk=agent_id, is_active=True).first()
    if agent is None:
        return None
    try:
        actor = actor_for_slug(agent=agent, slug=slug)
    except AppError:
        return None
    # Read here, in sync code: the async side only compares ids.
    teams = actor.team_ids if actor.is_collaborator else frozenset()
    return Seat(actor=actor, name=agent.name or agent.email, team_ids=teams)


def visible_ticket(*, actor: Actor, ticket_id: int) -> int | None:
    """The ticket's latest customer message id (0 if none), or None when not visible."""
    if not tickets_visible_to(actor).filter(pk=ticket_id).exists():
        return None
    return last_customer_message(workspace_id=actor.workspace_id, ticket_id=ticket_id)


def last_customer_message(*, workspace_id: int, ticket_id: int) -> int:
    found = (
        Message.objects.filter(
            workspace_id=workspace_id, ticket_id=ticket_id, kind=MessageKind.INBOUND
        )
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    return found or 0


def _ticket_id(raw: Any) -> int | None:
    return raw if isinstance(raw, int) and not isinstance(raw, bool) and raw > 0 else None


class AgentConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    seat: Seat | None = None
    ticket_id: int | None = None
    active: bool = True
    status: PresenceStatus = PresenceStatus.OFFLINE
    closing: bool = False
    typing_at: float = 0.0
    typing_mode: str = ""

    async def connect(self) -> None:
        remember_server_loop()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        slug = self.scope["url_route"]["kwargs"]["slug"]
        self.slug = str(slug)
        self.seat = await database_sync_to_async(seat_for)(agent_id=user.pk, slug=self.slug)
        if self.seat is None:
            await self.close(code=CLOSE_NOT_MEMBER)
            return
        self.viewers: dict[str, dict[str, Any]] = {}
        await self._join_groups(self.seat)
        await self.accept()
        await self._heartbeat()

    async def disconnect(self, code: int) -> None:
        seat = self.seat
        if seat is None:
            return
        await self._leave_ticket()
        await self.channel_layer.group_discard(
            workspace_group(seat.workspace_id), self.channel_name
        )
        await self.channel_layer.group_discard(agent_group(seat.agent_id), self.channel_name)
        # The agent's other tabs, if any, put it back online (``_presence_event``).
        await database_sync_to_async(presence_set)(
            workspace_id=seat.workspace_id, agent_id=seat.agent_id, status=PresenceStatus.OFFLINE
        )
        self.seat = None
        await self._announce(seat, PresenceStatus.OFFLINE)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        # A malformed frame is ignored, never a crashed connection.
        try:
            content = json.loads(text_data or "")
        except ValueError:
            return
        if isinstance(content, dict):
            await self.receive_json(content)

    async def receive_json(self, content: dict[str, Any], **kwargs: Any) -> None:
        if self.seat is None or self.closing:
            return
        kind = content.get("type")
        if kind == "view":
            ticket_id = _ticket_id(content.get("ticket_id"))
            if ticket_id is not None:
                await self._view(ticket_id)
        elif kind == "unview":
            await self._leave_ticket()
        elif kind == "typing":
            await self._typing(content)
        elif kind == "presence" and content.get("status") in ("online", "away"):
            seat = self.seat
            await database_sync_to_async(presence_choose)(
                workspace_id=seat.workspace_id,
                agent_id=seat.agent_id,
                status=PresenceStatus(content["status"]),
            )
            await self._heartbeat()
        elif kind == "heartbeat":
            self.active = content.get("active") is not False
            # Membership and teams may have changed since the connect.
            seat = await database_sync_to_async(seat_for)(
                agent_id=self.seat.agent_id, slug=self.slug
            )
            if seat is None:
                self.closing = True  # disconnect() cleans up with the seat it had
                await self.close(code=CLOSE_NOT_MEMBER)
                return
            self.seat = seat
            await self._join_groups(seat)
            await self._heartbeat()
            await self._viewers_refresh()

    async def _join_groups(self, seat: Seat) -> None:
        # Again with every heartbeat: the layers forget a group membership after a day
        # (``group_expiry``), and agents keep their tabs open for longer.
        await self.channel_layer.group_add(workspace_group(seat.workspace_id), self.channel_name)
        await self.channel_layer.group_add(agent_group(seat.agent_id), self.channel_name)
        if self.ticket_id is not None:
            await self.channel_layer.group_add(ticket_group(self.ticket_id), self.channel_name)

    # --- presence --------------------------------------------------------------

    async def _heartbeat(self, *, force: bool = False) -> None:
        seat = self.seat
        if seat is None:
            return
        status = await database_sync_to_async(presence_heartbeat)(
            workspace_id=seat.workspace_id, agent_id=seat.agent_id, active=self.active
        )
        if status != self.status or force:
            self.status = status
            await self._announce(seat, status)

    async def _announce(self, seat: Seat, status: PresenceStatus) -> None:
        await send_now_async(
            workspace_group(seat.workspace_id),
            ClientEvent(
                type=ClientEventType.PRESENCE,
                payload={"agent_id": seat.agent_id, "status": str(status)},
            ),
        )

    # --- viewing and typing ------------------------------------------------------

    async def _view(self, ticket_id: int) -> None:
        seat = self.seat
        assert seat is not None  # noqa: S101 - receive_json checked it
        if ticket_id == self.ticket_id:
            return
        await self._leave_ticket()
        last_inbound = await database_sync_to_async(visible_ticket)(
            actor=seat.actor, ticket_id=ticket_id
        )
        if last_inbound is None:
            return  # Not found and not visible look the same: nothing is sent.
        self.ticket_id = ticket_id
        self.viewers = {}
        await self.channel_layer.group_add(ticket_group(ticket_id), self.channel_name)
        await self.channel_layer.group_send(
            ticket_group(ticket_id), {"type": "viewer.join", **self._me(ticket_id)}
        )
        if last_inbound:
            await self._receipt(ticket_id, last_inbound)

    async def _leave_ticket(self) -> None:
        ticket_id = self.ticket_id
        if ticket_id is None:
            return
        self.ticket_id = None
        self.viewers = {}
        await self.channel_layer.group_discard(ticket_group(ticket_id), self.channel_name)
        await self.channel_layer.group_send(
            ticket_group(ticket_id),
            {"type": "viewer.leave", "ticket_id": ticket_id, "channel": self.channel_name},
        )

    def _me(self, ticket_id: int) -> dict[str, Any]:
        assert self.seat is not None  # noqa: S101 - only called while connected
        return {
            "ticket_id": ticket_id,
            "channel": self.channel_name,
            "agent_id": self.seat.agent_id,
            "name": self.seat.name,
        }

    async def _viewers_refresh(self) -> None:
        """Say "still here" to the ticket's group and forget viewers long unheard of."""
        if self.ticket_id is None:
            return
        await self.channel_layer.group_send(
            ticket_group(self.ticket_id), {"type": "viewer.ping", **self._me(self.ticket_id)}
        )
        limit = time.monotonic() - VIEWER_TTL
        gone = [
            channel
            for channel, viewer in self.viewers.items()
            if channel != self.channel_name and viewer["seen"] < limit
        ]
        for channel in gone:
            del self.viewers[channel]
        if gone:
            await self._send_viewers()

    def _saw(self, message: dict[str, Any]) -> bool:
        """Record a viewer; True when it is new to this connection."""
        new = message["channel"] not in self.viewers
        self.viewers[message["channel"]] = {**message, "seen": time.monotonic()}
        return new

    async def viewer_join(self, message: dict[str, Any]) -> None:
        if message["ticket_id"] != self.ticket_id:
            return
        self._saw(message)
        if message["channel"] != self.channel_name:
            await self.channel_layer.send(
                message["channel"], {"type": "viewer.here", **self._me(message["ticket_id"])}
            )
        await self._send_viewers()

    async def viewer_here(self, message: dict[str, Any]) -> None:
        if message["ticket_id"] == self.ticket_id:
            self._saw(message)
            await self._send_viewers()

    async def viewer_ping(self, message: dict[str, Any]) -> None:
        if message["ticket_id"] == self.ticket_id and self._saw(message):
            await self._send_viewers()

    async def viewer_leave(self, message: dict[str, Any]) -> None:
        if message["ticket_id"] == self.ticket_id and self.viewers.pop(message["channel"], None):
            await self._send_viewers()

    async def _send_viewers(self) -> None:
        agents = {v["agent_id"]: v["name"] for v in self.viewers.values()}
        viewers = [
            {"agent_id": a, "name": n} for a, n in sorted(agents.items(), key=lambda i: i[1])
        ]
        event = ClientEvent(
            type=ClientEventType.VIEWING, payload={"ticket_id": self.ticket_id, "viewers": viewers}
        )
        await self.send_json(event.as_json())

    async def _typing(self, content: dict[str, Any]) -> None:
        seat = self.seat
        ticket_id = _ticket_id(content.get("ticket_id"))
        if seat is None or ticket_id is None or ticket_id != self.ticket_id:
            return
        typing = content.get("typing") is True
        mode = "note" if content.get("mode") == "note" else "reply"
        if typing:
            now = time.monotonic()
            if mode == self.typing_mode and now - self.typing_at < TYPING_MIN_INTERVAL:
                return
            self.typing_at, self.typing_mode = now, mode
        who = {"kind": "agent", "agent_id": seat.agent_id, "name": seat.name}
        await send_now_async(
            ticket_group(ticket_id),
            ClientEvent(
                type=ClientEventType.TYPING,
                payload={"ticket_id": ticket_id, "who": who, "typing": typing, "mode": mode},
            ),
        )
        # The customer may learn that a reply is being written, never that a note is.
        if mode == "reply" and seat.actor.has_role(Role.AGENT):
            await send_now_async(
                ticket_public_group(ticket_id),
                ClientEvent(
                    type=ClientEventType.TYPING,
                    payload={
                        "ticket_id": ticket_id,
                        "who": {"kind": "agent", "name": seat.name},
                        "typing": typing,
                    },
                ),
            )

    async def _receipt(self, ticket_id: int, up_to_message_id: int) -> None:
        await send_now_async(
            ticket_public_group(ticket_id),
            ClientEvent(
                type=ClientEventType.RECEIPT,
                payload={
                    "ticket_id": ticket_id,
                    "status": "read",
                    "up_to_message_id": up_to_message_id,
                },
            ),
        )

    # --- events from the channel layer -------------------------------------------

    async def realtime_event(self, message: dict[str, Any]) -> None:
        seat = self.seat
        if seat is None or self.closing:
            return
        event: dict[str, Any] = message["event"]
        kind = event.get("type")
        if kind == ClientEventType.TICKET_CHANGED:
            if not await self._may_see_change(seat, event):
                return
        elif kind == ClientEventType.NOTIFICATION:
            if event.get("workspace_id") != seat.workspace_id:
                return  # The agent's tabs in another workspace notify for it.
        elif kind == ClientEventType.PRESENCE:
            if event.get("agent_id") == seat.agent_id and event.get("status") == "offline":
                # Another tab of this agent closed: this one is still here.
                await self._heartbeat(force=True)
                return
        elif (
            kind == ClientEventType.MESSAGE_CREATED
            and event.get("ticket_id") == self.ticket_id
            and event.get("kind") == MessageKind.INBOUND
        ):
            await self._receipt(event["ticket_id"], event["message_id"])
        await self.send_json(event)

    async def _may_see_change(self, seat: Seat, event: dict[str, Any]) -> bool:
        """Collaborators hear only of their teams' tickets (and of one leaving a team)."""
        if not seat.actor.is_collaborator:
            return True
        teams = seat.team_ids
        if event.get("team_id") in teams:
            return True
        if event.get("ticket_id") == self.ticket_id:
            await self._leave_ticket()  # Moved out of the agent's teams: no longer visible.
        return event.get("previous_team_id") in teams
