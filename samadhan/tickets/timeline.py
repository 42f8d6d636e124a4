"""Writing timeline/audit rows, in the same transaction as the change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from samadhan.accounts.models import Agent
from samadhan.tickets.models import ActorKind, Ticket, TicketEvent, TicketEventKind


@dataclass(frozen=True, kw_only=True)
class Author:
    """Who made a change: an agent, the contact, the bot or the system."""

    kind: ActorKind
    agent: Agent | None = None

    @classmethod
    def of_agent(cls, agent: Agent) -> Author:
        return cls(kind=ActorKind.AGENT, agent=agent)


SYSTEM = Author(kind=ActorKind.SYSTEM)
CONTACT_AUTHOR = Author(kind=ActorKind.CONTACT)
# The answer bot (samadhan.bots): its replies, notes and status changes.
BOT_AUTHOR = Author(kind=ActorKind.BOT)


def event_build(
    *, ticket: Ticket, kind: TicketEventKind, author: Author, data: dict[str, Any] | None = None
) -> TicketEvent:
    return TicketEvent(
        workspace_id=ticket.workspace_id,
        ticket=ticket,
        kind=kind,
        actor_kind=author.kind,
        actor_agent=author.agent,
        data=data or {},
    )


def event_record(
    *, ticket: Ticket, kind: TicketEventKind, author: Author, data: dict[str, Any] | None = None
) -> TicketEvent:
    event = event_build(ticket=ticket, kind=kind, author=author, data=data)
    event.save()
    return event
