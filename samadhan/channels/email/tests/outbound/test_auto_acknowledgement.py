"""Auto-acknowledgements: in the ticket's language, rate-limited, never to robots or lists."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from samadhan.accounts.models import Agent
from samadhan.channels.email.acknowledgement import (
    AUTO_ACK_PER_CONTACT,
    AUTO_ACK_WINDOW,
    auto_acknowledgement_create,
)
from samadhan.channels.email.ingest import raw_email_store
from samadhan.channels.email.outbound_tasks import send_auto_acknowledgement
from samadhan.channels.email.tasks import process_raw_email
from samadhan.channels.email.tests.conftest import SmtpRecorder
from samadhan.channels.email.tests.outbound.support import (
    ACK_TASK,
    CUSTOMER,
    SUPPORT,
    T0,
    customer_ticket,
    email_inbox,
    mail_parts,
    queued_tasks,
    run_queued,
)
from samadhan.core.tests.workers import run_db_worker
from samadhan.notifications.tests.catalog import write_catalog
from samadhan.testing.factories import make_contact
from samadhan.tickets.models import (
    AuthorKind,
    DeliveryStatus,
    Message,
    MessageKind,
    Status,
    Ticket,
)
from samadhan.tickets.services.ticket import ticket_create
from samadhan.tickets.timeline import Author
from samadhan.workspaces.models import Workspace

pytestmark = pytest.mark.django_db


HINDI = {
    "Hello %(name)s,": "नमस्ते %(name)s,",
    "We have received your message and will answer as soon as we can. "
    "Your request number is %(number)s; please keep it in the subject when you write "
    "about this request.": "हमें आपका संदेश मिल गया है। आपका अनुरोध क्रमांक %(number)s है।",
}


@pytest.mark.django_db(transaction=True)
def test_auto_acknowledgement_in_the_ticket_language(
    office: tuple[Workspace, Agent],
    smtp_server: SmtpRecorder,
    settings: Settings,
    tmp_path: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    write_catalog(tmp_path, "hi", HINDI)
    settings.LOCALE_PATHS = [tmp_path]
    workspace, _agent = office
    inbox = email_inbox(workspace, smtp_server, auto_acknowledge=True)
    ticket = customer_ticket(workspace, inbox, django_capture_on_commit_callbacks, language="hi")
    assert [t.args_kwargs["kwargs"] for t in queued_tasks(ACK_TASK)] == [{"ticket_id": ticket.pk}]

    run_db_worker()  # the acknowledgement task, then the send task it queued
    run_db_worker()

    ack = Message.objects.get(ticket=ticket, kind=MessageKind.OUTBOUND)
    assert (ack.author_kind, ack.delivery_status) == (AuthorKind.SYSTEM, DeliveryStatus.SENT)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.first_response_at) == (Status.NEW, None)
    [mail] = smtp_server.messages
    assert mail["Auto-Submitted"] == "auto-replied"
    assert mail["Content-Language"] == "hi"
    assert mail["Subject"] == f"[#{ticket.number}] Where is my order?"
    assert mail["In-Reply-To"] == "<first.1@customer.example>"
    assert mail["Message-ID"] == f"<{ack.external_id}>"
    assert mail_parts(mail)["text/plain"] == (
        f"नमस्ते Ravi Kumar,\n\nहमें आपका संदेश मिल गया है। आपका अनुरोध क्रमांक #{ticket.number} है।"
        "\n\n-- \nAcme Support\n"
    )
    # Idempotent: a second run of the task acknowledges nothing more.
    assert send_auto_acknowledgement.call(ticket_id=ticket.pk) is False


def test_auto_acknowledgement_is_rate_limited_per_contact_and_optional(
    office: tuple[Workspace, Agent],
    smtp_server: SmtpRecorder,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, agent = office
    inbox = email_inbox(workspace, smtp_server, auto_acknowledge=True)
    acks = []
    with time_machine.travel(T0, tick=False) as clock:
        for n in range(AUTO_ACK_PER_CONTACT + 2):
            ticket = customer_ticket(
                workspace,
                inbox,
                django_capture_on_commit_callbacks,
                message_id=f"m{n}@customer.example",
            )
            acks.append(auto_acknowledgement_create(ticket_id=ticket.pk) is not None)
        assert acks == [True] * AUTO_ACK_PER_CONTACT + [False, False]
        # The window passes: the contact is acknowledged again.
        clock.shift(AUTO_ACK_WINDOW + timedelta(seconds=1))
        later = customer_ticket(
            workspace,
            inbox,
            django_capture_on_commit_callbacks,
            message_id="later@customer.example",
        )
        assert auto_acknowledgement_create(ticket_id=later.pk) is not None
    # Another contact is not held back by the first one's loop.
    other = customer_ticket(
        workspace, inbox, django_capture_on_commit_callbacks,
        message_id="x@other.example", email="meera@other.example",
    )  # fmt: skip
    assert auto_acknowledgement_create(ticket_id=other.pk) is not None
    # An inbox without acknowledgements, and a ticket an agent started, get none.
    quiet = email_inbox(workspace, smtp_server, name="Quiet", address="quiet@acme.example")
    silent = customer_ticket(
        workspace, quiet, django_capture_on_commit_callbacks,
        message_id="q@customer.example", email="new@customer.example",
    )  # fmt: skip
    assert auto_acknowledgement_create(ticket_id=silent.pk) is None
    with django_capture_on_commit_callbacks(execute=True):
        outgoing = ticket_create(
            workspace=workspace,
            author=Author.of_agent(agent),
            contact=make_contact(workspace, email="lead@customer.example"),
            subject="Your order",
            body_text="Hello!",
            inbox=inbox,
        )
    assert auto_acknowledgement_create(ticket_id=outgoing.pk) is None


def _mail(headers: str, *, message_id: str) -> bytes:
    return (
        f"From: Ravi Kumar <{CUSTOMER}>\r\nTo: {SUPPORT}\r\nSubject: Order 1234\r\n"
        f"Message-ID: <{message_id}>\r\n{headers}"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nWhere is my parcel?\r\n"
    ).encode()


@pytest.mark.parametrize(
    ("headers", "acknowledged"),
    [
        ("", True),
        ("Auto-Submitted: no\r\n", True),
        ("Precedence: bulk\r\n", False),
        ("List-Id: <customers.lists.example>\r\n", False),
        ("List-Unsubscribe: <mailto:leave@lists.example>\r\n", False),
    ],
)
def test_mail_from_robots_and_lists_is_never_acknowledged(
    headers: str,
    acknowledged: bool,
    office: tuple[Workspace, Agent],
    smtp_server: SmtpRecorder,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    """Through the real inbound pipeline: stored, processed into a ticket, then judged."""
    workspace, _agent = office
    inbox = email_inbox(workspace, smtp_server, auto_acknowledge=True)
    with django_capture_on_commit_callbacks(execute=True):
        raw = raw_email_store(
            inbox=inbox, raw=_mail(headers, message_id="m1@customer.example"), source="http"
        )
    with django_capture_on_commit_callbacks(execute=True):
        process_raw_email.call(raw_email_id=raw.pk)
    ticket = Ticket.objects.get(workspace=workspace)
    assert [t.args_kwargs["kwargs"] for t in queued_tasks(ACK_TASK)] == [{"ticket_id": ticket.pk}]

    with django_capture_on_commit_callbacks(execute=True):
        assert send_auto_acknowledgement.call(ticket_id=ticket.pk) is acknowledged
    run_queued()
    assert [m["Auto-Submitted"] for m in smtp_server.messages] == (
        ["auto-replied"] if acknowledged else []
    )
    if acknowledged:
        assert smtp_server.messages[0]["In-Reply-To"] == "<m1@customer.example>"


def test_an_out_of_office_reply_starts_no_ticket_and_gets_no_acknowledgement(
    office: tuple[Workspace, Agent],
    smtp_server: SmtpRecorder,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, _agent = office
    inbox = email_inbox(workspace, smtp_server, auto_acknowledge=True)
    with django_capture_on_commit_callbacks(execute=True):
        raw = raw_email_store(
            inbox=inbox,
            raw=_mail("Auto-Submitted: auto-replied\r\n", message_id="ooo@customer.example"),
            source="http",
        )
    with django_capture_on_commit_callbacks(execute=True):
        process_raw_email.call(raw_email_id=raw.pk)
    assert not Ticket.objects.filter(workspace=workspace).exists()
    assert queued_tasks(ACK_TASK) == []
