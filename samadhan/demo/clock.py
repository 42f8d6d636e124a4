"""Give the demo's conversations a believable past.

The loader plays every ticket through the real services in a fraction of a
second, so every message would read "2 seconds ago". Afterwards each new
ticket's rows are moved back in time: the ticket opens some hours or days ago
(closed and solved ones longer ago than new ones) and each later message or
event follows the previous one by tens of minutes. Only timestamps change, in
one UPDATE per table; this is seed data, not a domain operation.
"""

from __future__ import annotations

import datetime

from django.db.models import Case, DateTimeField, Max, Min, Value, When

from samadhan.tickets.models import Message, MessageKind, Status, Ticket, TicketEvent

# How long ago a ticket in each status typically opened, in hours (min, span).
AGE_HOURS = {
    Status.NEW: (1, 20),
    Status.OPEN: (4, 60),
    Status.PENDING: (10, 90),
    Status.ON_HOLD: (20, 140),
    Status.SOLVED: (30, 300),
    Status.CLOSED: (150, 500),
}
GAP_MINUTES = (17, 23, 41, 9, 66, 28)


def _when(values: dict[int, datetime.datetime]) -> Case:
    return Case(
        *[When(pk=pk, then=Value(at)) for pk, at in values.items()],
        output_field=DateTimeField(),
    )


def spread(*, ticket: Ticket, n: int, now: datetime.datetime) -> None:
    """Move ``ticket``'s conversation back so it starts hours or days before ``now``."""
    low, span = AGE_HOURS[Status(ticket.status)]
    start = now - datetime.timedelta(hours=low + (n * 37) % span, minutes=(n * 13) % 60)
    rows: list[tuple[datetime.datetime, int, str, int]] = [
        (m.created_at, 0, "m", m.pk) for m in Message.objects.filter(ticket=ticket)
    ] + [(e.created_at, 1, "e", e.pk) for e in TicketEvent.objects.filter(ticket=ticket)]
    rows.sort()
    moments: dict[tuple[str, int], datetime.datetime] = {}
    at = start
    for i, (_created, _order, kind, pk) in enumerate(rows):
        if i and kind == "m":
            at += datetime.timedelta(minutes=GAP_MINUTES[(n + i) % len(GAP_MINUTES)])
        moments[(kind, pk)] = min(at, now)
    messages = {pk: t for (kind, pk), t in moments.items() if kind == "m"}
    events = {pk: t for (kind, pk), t in moments.items() if kind == "e"}
    if messages:
        Message.objects.filter(pk__in=messages).update(created_at=_when(messages))
    if events:
        TicketEvent.objects.filter(pk__in=events).update(created_at=_when(events))
    times = Message.objects.filter(ticket=ticket).aggregate(
        first=Min("created_at"), last=Max("created_at")
    )
    replied = (
        Message.objects.filter(ticket=ticket, kind=MessageKind.OUTBOUND)
        .aggregate(first=Min("created_at"))
        .get("first")
    )
    last = max([times["last"] or start, *events.values()], default=start)
    Ticket.objects.filter(pk=ticket.pk).update(
        created_at=times["first"] or start,
        updated_at=last,
        last_message_at=times["last"],
        first_response_at=replied if ticket.first_response_at else None,
        solved_at=last if ticket.solved_at else None,
        closed_at=last if ticket.closed_at else None,
    )
