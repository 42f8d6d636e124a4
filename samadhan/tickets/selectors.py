"""Reading tickets: filtered, keyset-paginated lists and timelines."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.access import Actor
from samadhan.core.errors import ValidationFailed
from samadhan.tickets import search
from samadhan.tickets.access import tickets_visible_to
from samadhan.tickets.models import (
    Macro,
    Message,
    Tag,
    Ticket,
    TicketEvent,
    TicketLink,
    TicketTag,
)

MAX_PAGE_SIZE = 100
MAX_ID = 2**62


@dataclass(frozen=True, kw_only=True)
class TicketFilters:
    status: list[str] | None = None
    assignee: str | None = None  # "me", "none" or an agent id
    team_id: int | None = None
    tag: str | None = None
    contact_id: int | None = None
    language: str | None = None
    updated_since: datetime | None = None
    q: str | None = None


@dataclass(frozen=True)
class Page:
    items: list[Ticket]
    next_cursor: str | None


def encode_cursor(ticket: Ticket) -> str:
    raw = f"{ticket.updated_at.isoformat()}|{ticket.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        updated, _sep, pk = base64.urlsafe_b64decode(padded.encode()).decode().partition("|")
        moment = datetime.fromisoformat(updated)
        if moment.tzinfo is None or not pk.isascii() or not 0 < int(pk) <= MAX_ID:
            raise ValueError
        return moment.astimezone(UTC), int(pk)
    except (ValueError, OverflowError, UnicodeDecodeError, binascii.Error):
        raise ValidationFailed(
            _("The cursor is not valid."), fields={"cursor": [str(_("Invalid cursor."))]}
        ) from None


def _filtered(actor: Actor, filters: TicketFilters) -> QuerySet[Ticket]:
    qs = tickets_visible_to(actor)
    if filters.status:
        qs = qs.filter(status__in=filters.status)
    if filters.assignee == "me":
        qs = qs.filter(assignee_id=actor.agent.pk)
    elif filters.assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif filters.assignee is not None:
        # isdigit() alone accepts "²" and other digits int() refuses.
        if not (filters.assignee.isascii() and filters.assignee.isdigit()) or (
            int(filters.assignee) > MAX_ID
        ):
            raise ValidationFailed(
                _("assignee must be me, none or an agent id."),
                fields={"assignee": [str(_("Invalid value."))]},
            )
        qs = qs.filter(assignee_id=int(filters.assignee))
    if filters.team_id is not None:
        qs = qs.filter(team_id=filters.team_id)
    if filters.contact_id is not None:
        qs = qs.filter(contact_id=filters.contact_id)
    if filters.language:
        qs = qs.filter(language=filters.language)
    if filters.updated_since is not None:
        qs = qs.filter(updated_at__gte=filters.updated_since)
    if filters.tag:
        tag_id = (
            Tag.objects.filter(workspace_id=actor.workspace_id, name=filters.tag.strip().lower())
            .values_list("id", flat=True)
            .first()
        )
        if tag_id is None:
            return qs.none()
        qs = qs.filter(id__in=TicketTag.objects.filter(tag_id=tag_id).values("ticket_id"))
    if filters.q:
        qs = search.filter_tickets(qs, workspace_id=actor.workspace_id, query=filters.q)
    return qs


def ticket_page(
    *, actor: Actor, filters: TicketFilters, cursor: str | None = None, limit: int = 25
) -> Page:
    """Tickets newest-updated first, ``limit`` at a time, after ``cursor``."""
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    qs = _filtered(actor, filters)
    if cursor:
        updated, pk = decode_cursor(cursor)
        # The redundant ``updated_at <= cursor`` is what PostgreSQL can use as an
        # index bound; without it the OR is only a filter and the scan walks every
        # row before the cursor (12 ms at 10,000 rows deep, linear in depth).
        qs = qs.filter(
            Q(updated_at__lte=updated),
            Q(updated_at__lt=updated) | Q(updated_at=updated, id__lt=pk),
        )
    rows = list(
        qs.order_by("-updated_at", "-id")
        .select_related("contact", "assignee", "team")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))[: limit + 1]
    )
    next_cursor = encode_cursor(rows[limit - 1]) if len(rows) > limit else None
    return Page(items=rows[:limit], next_cursor=next_cursor)


def message_list(*, actor: Actor, ticket: Ticket) -> QuerySet[Message]:
    qs = Message.objects.filter(workspace_id=actor.workspace_id, ticket=ticket)
    return (
        qs.select_related("author_agent", "author_contact", "ticket")
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )


def event_list(*, actor: Actor, ticket: Ticket) -> QuerySet[TicketEvent]:
    return TicketEvent.objects.filter(workspace_id=actor.workspace_id, ticket=ticket).order_by(
        "created_at", "id"
    )


def macro_list(*, actor: Actor) -> QuerySet[Macro]:
    return (
        Macro.objects.filter(workspace_id=actor.workspace_id, is_active=True)
        .prefetch_related("translations")
        .order_by("position", "name")
    )


def link_list(*, actor: Actor, ticket: Ticket) -> list[TicketLink]:
    return list(
        TicketLink.objects.filter(workspace_id=actor.workspace_id)
        .filter(Q(source=ticket) | Q(target=ticket))
        .order_by("id")
    )
