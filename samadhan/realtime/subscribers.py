"""Domain events become client events for agents' browsers.

Domain events reach subscribers after commit (``core/domain_events.py``), so
what is sent here never describes a rolled-back change. Payloads carry ids,
numbers and states, never text: a page that needs more fetches it through the
ordinary access-checked views, and the one rendering path stays the templates.
Collaborators see only their teams' tickets: the agent consumer drops a
``ticket.changed`` whose ``team_id`` and ``previous_team_id`` are both outside
the connection's teams (``consumers.py``).
"""

from __future__ import annotations

from typing import Any

from samadhan.accounts.models import Membership, Role, Team
from samadhan.channels.models import InboxKind
from samadhan.core.domain_events import DomainEvent, EventType, subscribe
from samadhan.realtime.events import ClientEvent, ClientEventType, send_now
from samadhan.realtime.groups import agent_group, ticket_group, workspace_group
from samadhan.tickets.models import MessageKind, Ticket, TicketEventKind

# The ticket columns a ``ticket.changed`` event carries.
_TICKET_FIELDS = ("id", "number", "status", "assignee_id", "team_id", "channel", "updated_at")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _ticket_row(workspace_id: int, number: int) -> dict[str, Any] | None:
    row: dict[str, Any] | None = (
        Ticket.objects.filter(workspace_id=workspace_id, number=number)
        .values(*_TICKET_FIELDS)
        .first()
    )
    return row


def ticket_changed_event(
    row: dict[str, Any], *, cause: EventType, previous_team_id: int | None = None
) -> ClientEvent:
    return ClientEvent(
        type=ClientEventType.TICKET_CHANGED,
        payload={
            "ticket_id": row["id"],
            "number": row["number"],
            "status": row["status"],
            "assignee_id": row["assignee_id"],
            "team_id": row["team_id"],
            # The team it left, so its collaborators drop the row from their lists.
            "previous_team_id": previous_team_id,
            "channel": row["channel"],
            "updated_at": row["updated_at"]
            if isinstance(row["updated_at"], str)
            else _iso(row["updated_at"]),
            "cause": str(cause),
        },
    )


def _previous_team(changes: list[dict[str, Any]]) -> int | None:
    for change in changes:
        if change.get("kind") == TicketEventKind.TEAM_CHANGED:
            previous = change.get("from")
            return previous if isinstance(previous, int) else None
    return None


@subscribe(EventType.TICKET_CREATED, EventType.TICKET_UPDATED, EventType.TICKET_MERGED)
def ticket_changed(event: DomainEvent) -> None:
    ticket = event.payload["ticket"]
    row = {field: ticket[field] for field in _TICKET_FIELDS}
    changed = ticket_changed_event(
        row,
        cause=event.type,
        previous_team_id=_previous_team(event.payload.get("changes", [])),
    )
    send_now(workspace_group(event.workspace_id), changed)
    if event.type == EventType.TICKET_MERGED:
        source = _ticket_row(event.workspace_id, event.payload["merged_ticket_number"])
        if source is not None:
            send_now(
                workspace_group(event.workspace_id),
                ticket_changed_event(source, cause=event.type),
            )
    if event.type == EventType.TICKET_CREATED and ticket["channel"] == InboxKind.CHAT:
        _notify(event.workspace_id, row, reason="new_ticket", author_agent_id=None)


@subscribe(EventType.MESSAGE_CREATED)
def message_created(event: DomainEvent) -> None:
    message = event.payload["message"]
    row = _ticket_row(event.workspace_id, message["ticket_number"])
    if row is None:
        return
    send_now(workspace_group(event.workspace_id), ticket_changed_event(row, cause=event.type))
    send_now(
        ticket_group(row["id"]),
        ClientEvent(
            type=ClientEventType.MESSAGE_CREATED,
            payload={
                "ticket_id": row["id"],
                "number": row["number"],
                "message_id": message["id"],
                "kind": message["kind"],
                "author_kind": message["author_kind"],
                "author_agent_id": message["author_agent_id"],
            },
        ),
    )
    if row["channel"] == InboxKind.CHAT and message["kind"] == MessageKind.INBOUND:
        _notify(
            event.workspace_id,
            row,
            reason="new_message",
            author_agent_id=message["author_agent_id"],
        )


def notification_targets(workspace_id: int, row: dict[str, Any]) -> list[int]:
    """Who hears of a new chat: the assignee, else the team, else every agent.

    Only active members who can see the ticket: a collaborator only for their teams.
    """
    members = Membership.objects.filter(workspace_id=workspace_id, is_active=True)
    if row["assignee_id"] is not None:
        members = members.filter(agent_id=row["assignee_id"])
    elif row["team_id"] is not None:
        members = members.filter(agent__teams__id=row["team_id"])
    else:
        members = members.exclude(role=Role.COLLABORATOR)
    targets = []
    for agent_id, role in members.values_list("agent_id", "role"):
        if role == Role.COLLABORATOR and not _in_team(agent_id, row["team_id"]):
            continue
        targets.append(agent_id)
    return sorted(set(targets))


def _in_team(agent_id: int, team_id: int | None) -> bool:
    if team_id is None:
        return False
    return Team.objects.filter(pk=team_id, members=agent_id).exists()


def _notify(
    workspace_id: int, row: dict[str, Any], *, reason: str, author_agent_id: int | None
) -> None:
    event = ClientEvent(
        type=ClientEventType.NOTIFICATION,
        payload={
            "workspace_id": workspace_id,
            "ticket_id": row["id"],
            "number": row["number"],
            "reason": reason,
        },
    )
    for agent_id in notification_targets(workspace_id, row):
        if agent_id != author_agent_id:
            send_now(agent_group(agent_id), event)
