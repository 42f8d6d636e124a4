"""Plain-dict views of tickets and messages for domain events and webhooks."""

from __future__ import annotations

from typing import Any

from samadhan.tickets.models import Message, Ticket


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def ticket_payload(ticket: Ticket, *, tags: list[str] | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": ticket.pk,
        "number": ticket.number,
        "subject": ticket.subject,
        "status": ticket.status,
        "priority": ticket.priority,
        "language": ticket.language,
        "channel": ticket.channel,
        "contact_id": ticket.contact_id,
        "assignee_id": ticket.assignee_id,
        "team_id": ticket.team_id,
        "custom_fields": ticket.custom_fields,
        "created_at": _iso(ticket.created_at),
        "updated_at": _iso(ticket.updated_at),
    }
    if tags is not None:
        payload["tags"] = tags
    return payload


def message_payload(message: Message) -> dict[str, Any]:
    return {
        "id": message.pk,
        "ticket_number": message.ticket.number,
        "kind": message.kind,
        "author_kind": message.author_kind,
        "author_agent_id": message.author_agent_id,
        "author_contact_id": message.author_contact_id,
        "body_text": message.body_text,
        "body_html": message.body_html,
        "created_at": _iso(message.created_at),
    }
