"""Status transitions through ``ticket_update``: allowed, refused, timestamps, reopens."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
import time_machine

from samadhan.core.errors import InvalidTransition
from samadhan.testing.factories import make_ticket
from samadhan.tickets.models import Status, Ticket, TicketEvent
from samadhan.tickets.services.ticket import TicketChanges, ticket_escalate, ticket_update
from samadhan.tickets.status import ALLOWED_TRANSITIONS
from samadhan.tickets.tests.conftest import T0, Desk, events_of

S = Status
# The published lifecycle, written out independently of status.py.
EXPECTED_ALLOWED = {
    S.NEW: {S.OPEN, S.PENDING, S.ON_HOLD, S.SOLVED, S.CLOSED},
    S.OPEN: {S.PENDING, S.ON_HOLD, S.SOLVED, S.CLOSED},
    S.PENDING: {S.OPEN, S.ON_HOLD, S.SOLVED, S.CLOSED},
    S.ON_HOLD: {S.OPEN, S.PENDING, S.SOLVED, S.CLOSED},
    S.SOLVED: {S.OPEN, S.PENDING, S.ON_HOLD, S.CLOSED},
    S.CLOSED: set(),
}
PAIRS = [(a, b) for a, b in itertools.product(Status, Status) if a != b]
ALLOWED = [p for p in PAIRS if p[1] in EXPECTED_ALLOWED[p[0]]]
FORBIDDEN = [p for p in PAIRS if p[1] not in EXPECTED_ALLOWED[p[0]]]


def test_table_is_the_published_lifecycle() -> None:
    assert {k: set(v) for k, v in ALLOWED_TRANSITIONS.items()} == EXPECTED_ALLOWED
    assert len(ALLOWED) == 21
    assert len(FORBIDDEN) == 9


def _ticket_in(desk: Desk, status: Status) -> Ticket:
    ticket = make_ticket(desk.workspace, contact=desk.contact)
    if status != Status.NEW:
        ticket_update(ticket=ticket, author=desk.author, changes=TicketChanges(status=status))
    return ticket


@pytest.mark.parametrize(("current", "new"), ALLOWED, ids=str)
def test_allowed_transition(desk: Desk, current: Status, new: Status) -> None:
    with time_machine.travel(T0, tick=False):
        ticket = _ticket_in(desk, current)
    before = TicketEvent.objects.filter(ticket=ticket).count()
    later = T0 + timedelta(hours=2)
    with time_machine.travel(later, tick=False):
        ticket_update(ticket=ticket, author=desk.author, changes=TicketChanges(status=new))

    ticket.refresh_from_db()
    assert ticket.status == new
    reopen = current == S.SOLVED and new in (S.OPEN, S.PENDING, S.ON_HOLD)
    expected_events: list[tuple[str, str, int | None, dict[str, object]]] = (
        [("reopened", "agent", desk.agent.pk, {})] if reopen else []
    )
    expected_events.append(
        ("status_changed", "agent", desk.agent.pk, {"from": current.value, "to": new.value})
    )
    assert events_of(ticket)[before:] == expected_events
    assert ticket.reopened_count == (1 if reopen else 0)
    # solved_at: set when solving, kept when a solved ticket closes, cleared on reopen.
    if new == S.SOLVED:
        assert ticket.solved_at == later
    elif new == S.CLOSED:
        assert ticket.solved_at == (T0 if current == S.SOLVED else later)
    else:
        assert ticket.solved_at is None
    assert ticket.closed_at == (later if new == S.CLOSED else None)


@pytest.mark.parametrize(("current", "new"), FORBIDDEN, ids=str)
def test_forbidden_transition(desk: Desk, current: Status, new: Status) -> None:
    ticket = _ticket_in(desk, current)
    before = events_of(ticket)

    with pytest.raises(InvalidTransition) as caught:
        ticket_update(ticket=ticket, author=desk.author, changes=TicketChanges(status=new))

    assert caught.value.code == "invalid_transition"
    assert caught.value.http_status == 422
    reason = "Ticket is closed." if current == S.CLOSED else "Not allowed from the current status."
    assert caught.value.fields == {"status": [reason]}
    ticket.refresh_from_db()
    assert ticket.status == current
    assert events_of(ticket) == before


def test_same_status_is_no_change(desk: Desk) -> None:
    ticket = _ticket_in(desk, S.PENDING)
    before = events_of(ticket)
    ticket_update(ticket=ticket, author=desk.author, changes=TicketChanges(status=S.PENDING))
    assert events_of(ticket) == before


def test_closed_ticket_may_only_be_retagged(desk: Desk) -> None:
    ticket = _ticket_in(desk, S.CLOSED)
    ticket_update(ticket=ticket, author=desk.author, changes=TicketChanges(add_tags=["late"]))
    assert events_of(ticket)[-1] == (
        "tags_changed",
        "agent",
        desk.agent.pk,
        {"added": ["late"], "removed": []},
    )
    with pytest.raises(InvalidTransition):
        ticket_update(ticket=ticket, author=desk.author, changes=TicketChanges(subject="New"))
    with pytest.raises(InvalidTransition):
        ticket_update(
            ticket=ticket,
            author=desk.author,
            changes=TicketChanges(add_tags=["x"], status=S.CLOSED),
        )


def test_reopens_are_counted_each_time(desk: Desk) -> None:
    ticket = _ticket_in(desk, S.OPEN)
    for _ in range(3):
        ticket_update(ticket=ticket, author=desk.author, changes=TicketChanges(status=S.SOLVED))
        ticket_update(ticket=ticket, author=desk.author, changes=TicketChanges(status=S.OPEN))
    ticket.refresh_from_db()
    assert ticket.reopened_count == 3
    kinds = [e[0] for e in events_of(ticket)]
    assert kinds.count("reopened") == 3
    assert kinds.count("status_changed") == 7


def test_every_property_change_is_one_event_with_its_actor(desk: Desk) -> None:
    from samadhan.accounts.services import team_create
    from samadhan.tickets.models import Priority

    team = team_create(workspace=desk.workspace, name="Billing", members=[desk.agent])
    ticket = make_ticket(desk.workspace, contact=desk.contact, tags=["order"])
    ticket_update(
        ticket=ticket,
        author=desk.author,
        changes=TicketChanges(
            subject="Order 42 late",
            priority=Priority.HIGH,
            language="hi",
            assignee_id=desk.agent.pk,
            set_assignee=True,
            team_id=team.pk,
            set_team=True,
            escalation_level=1,
            add_tags=["Urgent"],
            remove_tags=["order"],
            status=S.OPEN,
        ),
    )
    assert events_of(ticket)[1:] == [
        (
            "subject_changed",
            "agent",
            desk.agent.pk,
            {"from": "Where is my order?", "to": "Order 42 late"},
        ),
        ("priority_changed", "agent", desk.agent.pk, {"from": "normal", "to": "high"}),
        ("language_changed", "agent", desk.agent.pk, {"from": "", "to": "hi"}),
        ("assignee_changed", "agent", desk.agent.pk, {"from": None, "to": desk.agent.pk}),
        ("team_changed", "agent", desk.agent.pk, {"from": None, "to": team.pk}),
        ("escalated", "agent", desk.agent.pk, {"from": 0, "to": 1}),
        ("tags_changed", "agent", desk.agent.pk, {"added": ["urgent"], "removed": ["order"]}),
        ("status_changed", "agent", desk.agent.pk, {"from": "new", "to": "open"}),
    ]
    ticket.refresh_from_db()
    assert (ticket.subject, ticket.priority, ticket.language) == ("Order 42 late", "high", "hi")
    assert (ticket.assignee_id, ticket.team_id, ticket.escalation_level) == (
        desk.agent.pk,
        team.pk,
        1,
    )


def test_escalation_up_and_down_is_saved_with_an_event(desk: Desk) -> None:
    ticket = make_ticket(desk.workspace, contact=desk.contact)
    ticket_escalate(ticket=ticket, author=desk.author)
    ticket_escalate(ticket=ticket, author=desk.author)
    ticket_update(ticket=ticket, author=desk.author, changes=TicketChanges(escalation_level=0))

    ticket.refresh_from_db()
    assert ticket.escalation_level == 0
    assert events_of(ticket)[1:] == [
        ("escalated", "agent", desk.agent.pk, {"from": 0, "to": 1}),
        ("escalated", "agent", desk.agent.pk, {"from": 1, "to": 2}),
        ("deescalated", "agent", desk.agent.pk, {"from": 2, "to": 0}),
    ]
