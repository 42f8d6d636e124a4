"""Messages: bodies kept and sanitised, attachments, and how messages move a ticket along."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import time_machine

from samadhan.core.errors import ValidationFailed
from samadhan.testing.factories import make_ticket, make_workspace
from samadhan.tickets.models import Attachment, LinkKind, MessageKind, Status, Ticket, TicketLink
from samadhan.tickets.services.message import attachment_upload, message_create
from samadhan.tickets.services.ticket import TicketChanges, ticket_update
from samadhan.tickets.tests.conftest import T0, Desk, events_of
from samadhan.tickets.timeline import CONTACT_AUTHOR


def _upload(workspace_id: int, data: bytes = b"%PDF-1.4 invoice", name: str = "bill.pdf") -> int:
    return attachment_upload(
        workspace_id=workspace_id,
        uploaded_by=None,
        filename=name,
        content_type="application/pdf",
        stream=io.BytesIO(data),
        size=len(data),
    ).pk


def test_plain_text_is_kept_exactly_and_rendered_escaped(desk: Desk) -> None:
    text = 'नमस्ते <b>&\r\n"क्या" हाल है?\n\n\n  ఆర్డర్ ४५६  '
    ticket = make_ticket(desk.workspace, contact=desk.contact, body=text)
    message = ticket.messages.get()
    assert message.body_text == text
    assert message.body_html == (
        "<p>नमस्ते &lt;b&gt;&amp;<br>&quot;क्या&quot; हाल है?</p><p>  ఆర్డర్ ४५६  </p>"
    )


def test_html_is_sanitised_and_text_derived(desk: Desk) -> None:
    ticket = make_ticket(desk.workspace, contact=desk.contact)
    message = message_create(
        ticket=ticket,
        author=desk.author,
        kind=MessageKind.OUTBOUND,
        body_html=(
            '<p onclick="steal()">Namaste <script>alert(1)</script>'
            '<a href="javascript:alert(1)">x</a> <a href="https://ex.test/ok">guide</a></p>'
            "<!-- hidden --><style>p{}</style><p>दूसरा &amp; last</p>"
        ),
    )
    assert message.body_html == (
        '<p>Namaste <a rel="noopener noreferrer nofollow">x</a> '
        '<a href="https://ex.test/ok" rel="noopener noreferrer nofollow">guide</a></p>'
        "<p>दूसरा &amp; last</p>"
    )
    assert message.body_text == "Namaste x guide\n\nदूसरा & last"


def test_empty_body_is_refused(desk: Desk) -> None:
    ticket = make_ticket(desk.workspace, contact=desk.contact)
    with pytest.raises(ValidationFailed) as caught:
        message_create(ticket=ticket, author=desk.author, kind=MessageKind.OUTBOUND, body_text=" ")
    assert caught.value.fields == {"body": ["This field is required."]}
    assert ticket.messages.count() == 1


def test_attachments_are_claimed_once(desk: Desk) -> None:
    ticket = make_ticket(desk.workspace, contact=desk.contact)
    first, second = _upload(desk.workspace.pk), _upload(desk.workspace.pk, b"other", "b.pdf")
    message = message_create(
        ticket=ticket,
        author=desk.author,
        kind=MessageKind.OUTBOUND,
        body_text="See attached",
        attachment_ids=[first, second],
    )
    assert sorted(message.attachments.values_list("pk", flat=True)) == [first, second]

    with pytest.raises(ValidationFailed) as caught:
        message_create(
            ticket=ticket,
            author=desk.author,
            kind=MessageKind.OUTBOUND,
            body_text="Again",
            attachment_ids=[first],
        )
    assert caught.value.fields == {"attachment_ids": ["Unknown or used attachment."]}
    # The refused message was rolled back with its claim.
    assert list(ticket.messages.values_list("body_text", flat=True).order_by("id")) == [
        "It has not arrived yet.",
        "See attached",
    ]
    assert Attachment.objects.get(pk=first).message_id == message.pk


def test_attachment_of_another_workspace_cannot_be_claimed(desk: Desk) -> None:
    other = make_workspace()
    foreign = _upload(other.pk)
    ticket = make_ticket(desk.workspace, contact=desk.contact)
    with pytest.raises(ValidationFailed):
        message_create(
            ticket=ticket,
            author=desk.author,
            kind=MessageKind.NOTE,
            body_text="x",
            attachment_ids=[foreign],
        )
    assert Attachment.objects.get(pk=foreign).message_id is None


def test_first_public_agent_reply_sets_first_response_once(desk: Desk) -> None:
    with time_machine.travel(T0, tick=False):
        ticket = make_ticket(desk.workspace, contact=desk.contact)
    with time_machine.travel(T0 + timedelta(minutes=5), tick=False):
        message_create(ticket=ticket, author=desk.author, kind=MessageKind.NOTE, body_text="hm")
    ticket.refresh_from_db()
    assert (ticket.first_response_at, ticket.status) == (None, Status.NEW)

    with time_machine.travel(T0 + timedelta(minutes=10), tick=False):
        message_create(ticket=ticket, author=desk.author, kind=MessageKind.OUTBOUND, body_text="Hi")
    with time_machine.travel(T0 + timedelta(minutes=30), tick=False):
        message_create(ticket=ticket, author=desk.author, kind=MessageKind.OUTBOUND, body_text="?")
    ticket.refresh_from_db()
    assert ticket.first_response_at == T0 + timedelta(minutes=10)
    assert ticket.last_message_at == T0 + timedelta(minutes=30)
    assert ticket.status == Status.OPEN
    assert events_of(ticket)[1:] == [
        ("status_changed", "agent", desk.agent.pk, {"from": "new", "to": "open"}),
    ]


def test_customer_message_on_new_ticket_leaves_status(desk: Desk) -> None:
    ticket = make_ticket(desk.workspace, contact=desk.contact)
    message_create(ticket=ticket, author=CONTACT_AUTHOR, kind=MessageKind.INBOUND, body_text="?")
    ticket.refresh_from_db()
    assert (ticket.status, ticket.first_response_at) == (Status.NEW, None)


@pytest.mark.parametrize(
    ("status", "reopens"), [(Status.SOLVED, 1), (Status.PENDING, 0), (Status.ON_HOLD, 0)]
)
def test_customer_message_brings_ticket_back_to_open(
    desk: Desk, status: Status, reopens: int
) -> None:
    ticket = make_ticket(desk.workspace, contact=desk.contact)
    ticket_update(ticket=ticket, author=desk.author, changes=TicketChanges(status=status))
    before = len(events_of(ticket))

    message_create(
        ticket=ticket, author=CONTACT_AUTHOR, kind=MessageKind.INBOUND, body_text="Still broken"
    )

    ticket.refresh_from_db()
    assert (ticket.status, ticket.reopened_count, ticket.solved_at) == (Status.OPEN, reopens, None)
    expected: list[tuple[str, str, int | None, dict[str, object]]] = (
        [("reopened", "contact", None, {})] if reopens else []
    )
    expected.append(("status_changed", "contact", None, {"from": status.value, "to": "open"}))
    assert events_of(ticket)[before:] == expected
    assert ticket.messages.latest("id").author_contact_id == desk.contact.pk


def test_customer_message_on_closed_ticket_starts_linked_follow_up(desk: Desk) -> None:
    old = make_ticket(desk.workspace, contact=desk.contact, subject="Refund", language="hi")
    ticket_update(ticket=old, author=desk.author, changes=TicketChanges(status=Status.CLOSED))
    attachment = _upload(desk.workspace.pk)

    message = message_create(
        ticket=old,
        author=CONTACT_AUTHOR,
        kind=MessageKind.INBOUND,
        body_text="पैसे अभी तक नहीं आए",
        attachment_ids=[attachment],
    )

    new = Ticket.objects.get(pk=message.ticket_id)
    assert (new.number, new.subject, new.language, new.status) == (2, "Refund", "hi", Status.NEW)
    assert (message.kind, message.body_text) == (MessageKind.INBOUND, "पैसे अभी तक नहीं आए")
    assert list(message.attachments.values_list("pk", flat=True)) == [attachment]
    link = TicketLink.objects.get()
    assert (link.source_id, link.target_id, link.kind) == (old.pk, new.pk, LinkKind.FOLLOW_UP)
    assert events_of(new) == [
        ("created", "contact", None, {"status": "new", "priority": "normal"}),
        ("linked", "contact", None, {"kind": "follow_up", "ticket_number": old.number}),
    ]
    assert events_of(old)[-1] == (
        "linked",
        "contact",
        None,
        {"kind": "follow_up", "ticket_number": new.number},
    )
    old.refresh_from_db()
    assert (old.status, old.messages.count()) == (Status.CLOSED, 1)


def test_agent_cannot_write_inbound_even_on_a_closed_ticket(desk: Desk) -> None:
    ticket = make_ticket(desk.workspace, contact=desk.contact)
    ticket_update(ticket=ticket, author=desk.author, changes=TicketChanges(status=Status.CLOSED))
    with pytest.raises(ValidationFailed):
        message_create(ticket=ticket, author=desk.author, kind=MessageKind.INBOUND, body_text="x")
    assert Ticket.objects.filter(workspace=desk.workspace).count() == 1
    with pytest.raises(ValidationFailed):
        message_create(
            ticket=ticket, author=CONTACT_AUTHOR, kind=MessageKind.OUTBOUND, body_text="x"
        )
