"""Domain events: exact payloads, delivered only after commit, isolated subscribers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.db import transaction
from pytest_django import DjangoCaptureOnCommitCallbacks

from samadhan.accounts.models import Agent
from samadhan.contacts.models import Contact
from samadhan.contacts.services import contact_create, contact_merge, contact_update
from samadhan.core import domain_events
from samadhan.core.domain_events import DomainEvent, EventType, publish, subscribe
from samadhan.testing.events import capture_events
from samadhan.testing.factories import make_agent, make_contact, make_ticket, make_workspace
from samadhan.tickets.models import MessageKind, Priority, Ticket
from samadhan.tickets.services.merge import ticket_merge
from samadhan.tickets.services.message import message_create
from samadhan.tickets.services.ticket import TicketChanges, ticket_update
from samadhan.tickets.timeline import Author
from samadhan.workspaces.models import Workspace

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ISO = "2026-03-02T09:00:00+00:00"


@pytest.fixture
def world(db: None, settings: Any) -> Iterator[tuple[Workspace, Agent, Contact]]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with time_machine.travel(T0, tick=False):
        workspace = make_workspace()
        agent = make_agent(workspace)
        contact = make_contact(workspace, email="meera@example.test", name="Meera")
        yield workspace, agent, contact


def _ticket(ticket: Ticket, **extra: Any) -> dict[str, Any]:
    return {
        "id": ticket.pk,
        "number": ticket.number,
        "subject": ticket.subject,
        "status": ticket.status,
        "priority": ticket.priority,
        "language": ticket.language,
        "channel": "api",
        "contact_id": ticket.contact_id,
        "assignee_id": ticket.assignee_id,
        "team_id": None,
        "custom_fields": {},
        "created_at": ISO,
        "updated_at": ISO,
        **extra,
    }


def _seen(events: list[DomainEvent]) -> list[tuple[EventType, int, dict[str, Any]]]:
    return [(e.type, e.workspace_id, e.payload) for e in events]


def test_ticket_lifecycle_events_have_exact_payloads(
    world: tuple[Workspace, Agent, Contact],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, agent, contact = world
    author = Author.of_agent(agent)
    with capture_events() as events:
        with django_capture_on_commit_callbacks(execute=True):
            ticket = make_ticket(workspace, contact=contact, subject="किताब", tags=["Books"])
            # Nothing leaves before the transaction commits.
            assert events == []
        assert _seen(events) == [
            (
                EventType.TICKET_CREATED,
                workspace.pk,
                {"ticket": _ticket(ticket, status="new", tags=["books"])},
            )
        ]

        events.clear()
        with django_capture_on_commit_callbacks(execute=True):
            ticket_update(
                ticket=ticket,
                author=author,
                changes=TicketChanges(
                    priority=Priority.HIGH, assignee_id=agent.pk, set_assignee=True
                ),
            )
            reply = message_create(
                ticket=ticket, author=author, kind=MessageKind.OUTBOUND, body_text="ठीक है"
            )
        expected_message = {
            "id": reply.pk,
            "ticket_number": ticket.number,
            "kind": "outbound",
            "author_kind": "agent",
            "author_agent_id": agent.pk,
            "author_contact_id": None,
            "body_text": "ठीक है",
            "body_html": "<p>ठीक है</p>",
            "created_at": ISO,
        }
        updated = _ticket(ticket, status="new", priority="high", assignee_id=agent.pk)
        assert _seen(events) == [
            (
                EventType.TICKET_UPDATED,
                workspace.pk,
                {
                    "ticket": updated,
                    "changes": [
                        {"kind": "priority_changed", "from": "normal", "to": "high"},
                        {"kind": "assignee_changed", "from": None, "to": agent.pk},
                    ],
                },
            ),
            (
                EventType.TICKET_UPDATED,
                workspace.pk,
                {
                    "ticket": {**updated, "status": "open"},
                    "changes": [{"kind": "status_changed", "from": "new", "to": "open"}],
                },
            ),
            (EventType.MESSAGE_CREATED, workspace.pk, {"message": expected_message}),
        ]


def test_merge_and_contact_events(
    world: tuple[Workspace, Agent, Contact],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, agent, contact = world
    target = make_ticket(workspace, contact=contact)
    source = make_ticket(workspace, contact=contact)
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        ticket_merge(source=source, target=target, author=Author.of_agent(agent))
        other = contact_create(workspace=workspace, name="Meera P", language="mr")
        contact_update(contact=other, language="hi")
        contact_merge(source=other, target=contact)
    assert _seen(events) == [
        (
            EventType.TICKET_MERGED,
            workspace.pk,
            {"ticket": _ticket(target, status="new"), "merged_ticket_number": source.number},
        ),
        (
            EventType.CONTACT_CREATED,
            workspace.pk,
            {"contact": {"id": other.pk, "name": "Meera P", "language": "mr"}},
        ),
        (
            EventType.CONTACT_UPDATED,
            workspace.pk,
            {"contact": {"id": other.pk, "name": "Meera P", "language": "hi"}},
        ),
        (
            EventType.CONTACT_MERGED,
            workspace.pk,
            {
                # The target keeps its name and takes the language it lacked.
                "contact": {"id": contact.pk, "name": "Meera", "language": "hi"},
                "merged_contact_id": other.pk,
            },
        ),
    ]
    assert all(e.occurred_at == T0 for e in events)


def test_rolled_back_transaction_publishes_nothing(
    world: tuple[Workspace, Agent, Contact],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, _agent, contact = world

    def create_then_fail() -> None:
        with transaction.atomic():
            make_ticket(workspace, contact=contact)
            raise RuntimeError("abort")

    with (
        capture_events() as events,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError, match="abort"),
    ):
        create_then_fail()
    assert callbacks == []
    assert events == []
    assert not Ticket.objects.filter(workspace=workspace).exists()


def test_one_failing_subscriber_does_not_stop_the_others(
    world: tuple[Workspace, Agent, Contact],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    caplog: pytest.LogCaptureFixture,
) -> None:
    workspace, _agent, _contact = world

    def broken(event: DomainEvent) -> None:
        raise RuntimeError("subscriber bug")

    # Registered first, so it runs before the capturing subscriber.
    domain_events._subscribers[EventType.CONTACT_CREATED].insert(0, broken)
    try:
        with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
            contact = contact_create(workspace=workspace, name="Ravi")
    finally:
        domain_events._subscribers[EventType.CONTACT_CREATED].remove(broken)
    assert _seen(events) == [
        (
            EventType.CONTACT_CREATED,
            workspace.pk,
            {"contact": {"id": contact.pk, "name": "Ravi", "language": ""}},
        )
    ]
    failures = [r for r in caplog.records if r.name == "samadhan.core.domain_events"]
    assert [r.getMessage() for r in failures] == [
        (
            "subscriber test_one_failing_subscriber_does_not_stop_the_others.<locals>.broken "
            "failed for contact.created"
        )
    ]


def test_subscribe_registers_once(
    db: None, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    calls: list[EventType] = []

    def handler(event: DomainEvent) -> None:
        calls.append(event.type)

    try:
        subscribe(EventType.AGENT_MENTIONED)(handler)
        subscribe(EventType.AGENT_MENTIONED)(handler)
        assert domain_events.subscribers_for(EventType.AGENT_MENTIONED).count(handler) == 1
        with django_capture_on_commit_callbacks(execute=True):
            publish(DomainEvent(type=EventType.AGENT_MENTIONED, workspace_id=1, payload={}))
        assert calls == [EventType.AGENT_MENTIONED]
    finally:
        domain_events._subscribers[EventType.AGENT_MENTIONED].remove(handler)


@pytest.mark.django_db(transaction=True)
def test_events_leave_when_the_real_transaction_commits(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    workspace = make_workspace()
    with capture_events() as events:
        with transaction.atomic():
            contact = contact_create(workspace=workspace, name="Anita")
            assert events == []
        assert [(e.type, e.payload["contact"]["id"]) for e in events] == [
            (EventType.CONTACT_CREATED, contact.pk)
        ]
