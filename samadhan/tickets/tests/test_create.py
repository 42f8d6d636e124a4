"""Opening tickets: what is checked, what is stored, and tags."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from samadhan.accounts.services import team_create
from samadhan.channels.models import InboxKind
from samadhan.channels.services import inbox_create
from samadhan.core.errors import TooLarge, ValidationFailed
from samadhan.testing.factories import make_agent, make_contact, make_ticket, make_workspace
from samadhan.tickets.models import Message, MessageKind, Ticket
from samadhan.tickets.services.ticket import TicketChanges, ticket_create, ticket_update
from samadhan.tickets.tags import ticket_tag_names
from samadhan.tickets.tests.conftest import T0, Desk, events_of
from samadhan.tickets.timeline import CONTACT_AUTHOR


def test_customer_ticket_keeps_unicode_and_defaults(desk: Desk) -> None:
    desk.contact.language = "te"
    desk.contact.save()
    with time_machine.travel(T0, tick=False):
        ticket = make_ticket(
            desk.workspace,
            contact=desk.contact,
            subject="  నా ఆర్డర్ ఎక్కడ?  ",
            body="ఇంకా రాలేదు 🙏",
            tags=["  Late   Delivery ", "ज़रूरी", "late-delivery"],
        )
    ticket.refresh_from_db()
    assert (ticket.number, ticket.subject, ticket.status, ticket.priority) == (
        1,
        "నా ఆర్డర్ ఎక్కడ?",
        "new",
        "normal",
    )
    assert (ticket.language, ticket.channel, ticket.inbox_id, ticket.assignee_id) == (
        "te",
        "api",
        None,
        None,
    )
    assert ticket_tag_names(ticket) == ["late-delivery", "ज़रूरी"]
    message = ticket.messages.get()
    assert (message.kind, message.author_kind, message.author_contact_id, message.body_text) == (
        MessageKind.INBOUND,
        "contact",
        desk.contact.pk,
        "ఇంకా రాలేదు 🙏",
    )
    assert (ticket.created_at, ticket.updated_at, ticket.last_message_at) == (T0, T0, T0)
    assert events_of(ticket) == [
        ("created", "contact", None, {"status": "new", "priority": "normal"})
    ]


def test_agent_started_ticket_is_outbound(desk: Desk) -> None:
    ticket = ticket_create(
        workspace=desk.workspace,
        author=desk.author,
        contact=desk.contact,
        subject="Your refund",
        body_text="We have refunded ₹499.",
    )
    message = ticket.messages.get()
    assert (message.kind, message.author_agent_id, message.author_contact_id) == (
        MessageKind.OUTBOUND,
        desk.agent.pk,
        None,
    )
    assert events_of(ticket)[0][:3] == ("created", "agent", desk.agent.pk)


def test_inbox_sets_channel_and_default_team(desk: Desk) -> None:
    inbox = inbox_create(workspace=desk.workspace, kind=InboxKind.WEB_FORM, name="Website")
    team = team_create(workspace=desk.workspace, name="Front desk")
    inbox.default_team = team
    inbox.save()
    ticket = make_ticket(desk.workspace, contact=desk.contact, inbox=inbox)
    assert (ticket.channel, ticket.team_id, ticket.inbox_id) == ("web_form", team.pk, inbox.pk)


def _foreign(desk: Desk, what: str) -> dict[str, Any]:
    other = make_workspace()
    if what == "contact":
        return {"contact": make_contact(other)}
    if what == "inbox":
        return {"inbox": inbox_create(workspace=other, kind=InboxKind.WEB_FORM, name="Theirs")}
    if what == "assignee":
        return {"assignee_id": make_agent(other).pk}
    return {"team_id": team_create(workspace=other, name="Theirs").pk}


@pytest.mark.parametrize(
    ("what", "field"),
    [
        ("contact", "contact"),
        ("inbox", "inbox"),
        ("assignee", "assignee_id"),
        ("team", "team_id"),
    ],
)
def test_nothing_of_another_workspace_can_be_used(desk: Desk, what: str, field: str) -> None:
    arguments: dict[str, Any] = {"contact": desk.contact, **_foreign(desk, what)}
    with pytest.raises(ValidationFailed) as caught:
        ticket_create(
            workspace=desk.workspace, author=CONTACT_AUTHOR, subject="x", body_text="y", **arguments
        )
    assert list(caught.value.fields) == [field]
    assert not Ticket.objects.filter(workspace=desk.workspace).exists()
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("subject", "body", "error"),
    [
        ("   ", "body", {"subject": ["This field is required."]}),
        ("x" * 501, "body", {"subject": ["Too long."]}),
        ("ok", "  \n ", {"body": ["This field is required."]}),
    ],
)
def test_subject_and_body_are_checked(
    desk: Desk, subject: str, body: str, error: dict[str, list[str]]
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        make_ticket(desk.workspace, contact=desk.contact, subject=subject, body=body)
    assert caught.value.fields == error
    workspace_after = type(desk.workspace).objects.get(pk=desk.workspace.pk)
    assert workspace_after.last_ticket_number == 0  # no number was used up


def test_oversized_body_is_refused(desk: Desk) -> None:
    with pytest.raises(TooLarge):
        make_ticket(desk.workspace, contact=desk.contact, body="क" * 200_001)


@pytest.mark.parametrize(
    ("tags", "error"),
    [
        (["x" * 65], "A tag must have 1 to 64 characters."),
        (["ok", "   "], "A tag must have 1 to 64 characters."),
        ([f"t{n}" for n in range(51)], "A ticket can have at most 50 tags."),
    ],
)
def test_bad_tags_are_refused(desk: Desk, tags: list[str], error: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        make_ticket(desk.workspace, contact=desk.contact, tags=tags)
    assert caught.value.message == error


def test_tags_are_per_workspace_and_changes_are_recorded(desk: Desk) -> None:
    ticket = make_ticket(desk.workspace, contact=desk.contact, tags=["VIP", "order"])
    other = make_ticket(make_workspace(), tags=["vip"])
    ticket_update(
        ticket=ticket, author=desk.author, changes=TicketChanges(tags=["order", "Refund", "vip"])
    )
    ticket_update(
        ticket=ticket, author=desk.author, changes=TicketChanges(tags=["refund", "order", "vip"])
    )
    assert ticket_tag_names(ticket) == ["order", "refund", "vip"]
    assert ticket_tag_names(other) == ["vip"]
    assert [e[3] for e in events_of(ticket) if e[0] == "tags_changed"] == [
        {"added": ["refund"], "removed": []},
    ]
    ticket_update(ticket=ticket, author=desk.author, changes=TicketChanges(tags=[]))
    assert ticket_tag_names(ticket) == []
    assert events_of(ticket)[-1][3] == {"added": [], "removed": ["order", "refund", "vip"]}
