"""Outbound email against a real SMTP server (aiosmtpd): headers, threading, retries, failures.

Agent replies go out through the domain event and the worker exactly as in
production; the server records what it received, or answers the error codes a
real relay would.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any, cast

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from samadhan.accounts.models import Agent
from samadhan.channels.email.headers import reply_token
from samadhan.channels.email.ingest import raw_email_store
from samadhan.channels.email.models import EmailSettings, Security
from samadhan.channels.email.outbound import (
    AUTO_ACK_PER_CONTACT,
    AUTO_ACK_WINDOW,
    MAX_ATTEMPTS,
    MAX_REFERENCES,
    auto_acknowledgement_create,
    backoff,
    email_message_deliver,
    email_reply_queue,
)
from samadhan.channels.email.outbound_tasks import send_auto_acknowledgement, send_email_message
from samadhan.channels.email.services import (
    EmailSettingsChanges,
    email_inbox_create,
    email_settings_update,
)
from samadhan.channels.email.tasks import process_raw_email
from samadhan.channels.email.tests.conftest import SmtpRecorder, SmtpServerFactory
from samadhan.channels.models import Inbox, InboxKind
from samadhan.channels.services import inbox_create, inbox_update
from samadhan.core.tests.workers import run_db_worker
from samadhan.notifications.tests.catalog import write_catalog
from samadhan.testing.factories import make_agent, make_contact, make_workspace
from samadhan.tickets.models import (
    AuthorKind,
    DeliveryStatus,
    Message,
    MessageKind,
    Status,
    Ticket,
)
from samadhan.tickets.services.message import attachment_upload, message_create
from samadhan.tickets.services.participant import participants_add
from samadhan.tickets.services.ticket import ticket_create
from samadhan.tickets.timeline import CONTACT_AUTHOR, Author
from samadhan.workspaces.models import Workspace

pytestmark = pytest.mark.django_db
SUPPORT = "support@acme.example"
CUSTOMER = "ravi@customer.example"
SEND_TASK = "samadhan.channels.email.outbound_tasks.send_email_message"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ACK_TASK = "samadhan.channels.email.outbound_tasks.send_auto_acknowledgement"


def _email_inbox(
    workspace: Workspace,
    server: SmtpRecorder | None,
    *,
    name: str = "Acme Support",
    address: str = SUPPORT,
    **extra: Any,
) -> Inbox:
    extra.setdefault("smtp_security", Security.NONE)
    return email_inbox_create(
        workspace=workspace,
        name=name,
        address=address,
        by=None,
        settings=EmailSettingsChanges(
            smtp_host=server.host if server else "",
            smtp_port=server.port if server else 25,
            **extra,
        ),
    )


def _change(inbox: Inbox, **changes: Any) -> None:
    email_settings_update(
        email_settings=EmailSettings.objects.get(inbox=inbox),
        by=None,
        changes=EmailSettingsChanges(**changes),
    )


def _customer_ticket(
    workspace: Workspace,
    inbox: Inbox,
    capture: DjangoCaptureOnCommitCallbacks,
    *,
    subject: str = "Where is my order?",
    language: str = "",
    message_id: str = "first.1@customer.example",
    email: str = CUSTOMER,
) -> Ticket:
    with capture(execute=True):
        return ticket_create(
            workspace=workspace,
            author=CONTACT_AUTHOR,
            contact=make_contact(workspace, email=email, name="Ravi Kumar"),
            subject=subject,
            body_text="My parcel has not arrived.",
            inbox=inbox,
            language=language,
            external_id=message_id,
        )


def _reply(
    ticket: Ticket,
    agent: Agent,
    capture: DjangoCaptureOnCommitCallbacks,
    text: str = "It ships today.",
    **kwargs: Any,
) -> Message:
    with capture(execute=True):
        message = message_create(
            ticket=ticket, author=Author.of_agent(agent), kind=MessageKind.OUTBOUND, body_text=text,
            **kwargs,
        )  # fmt: skip
    message.refresh_from_db()
    return message


def _tasks(path: str) -> list[DBTaskResult[Any, Any]]:
    return list(DBTaskResult.objects.filter(task_path=path).order_by("enqueued_at", "id"))


def _run_queued() -> None:
    """Run the queued send tasks in this test's transaction (the worker needs commits)."""
    for task in _tasks(SEND_TASK):
        send_email_message.call(**task.args_kwargs["kwargs"])


def _parts(mail: EmailMessage) -> dict[str, str]:
    return {
        # Text is sent in canonical form (CRLF line ends).
        part.get_content_type(): cast(str, part.get_content()).replace("\r\n", "\n")
        for part in mail.walk()
        if part.get_content_type() in ("text/plain", "text/html")
    }


@pytest.fixture
def office(db: None) -> tuple[Workspace, Agent]:
    workspace = make_workspace(slug="acme")
    return workspace, make_agent(workspace, name="Asha Rao")


@pytest.mark.django_db(transaction=True)
def test_an_agent_reply_is_sent_by_the_worker_with_threading_headers(
    office: tuple[Workspace, Agent],
    smtp_server: SmtpRecorder,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, agent = office
    inbox = _email_inbox(workspace, smtp_server)
    ticket = _customer_ticket(
        workspace, inbox, django_capture_on_commit_callbacks, subject="RE: Re: Where is my order?"
    )
    with django_capture_on_commit_callbacks(execute=True):
        message_create(
            ticket=ticket,
            author=CONTACT_AUTHOR,
            kind=MessageKind.INBOUND,
            body_text="Any news?",
            inbox=inbox,
            external_id="second.2@customer.example",
        )

    reply = _reply(ticket, agent, django_capture_on_commit_callbacks)

    # Queued after commit, with its Message-ID fixed before the first attempt.
    assert reply.delivery_status == DeliveryStatus.QUEUED
    assert reply.inbox_id == inbox.pk
    assert re.fullmatch(rf"[0-9a-f]{{16}}\.{reply.pk}@acme\.example", reply.external_id or "")
    assert [t.args_kwargs["kwargs"] for t in _tasks(SEND_TASK)] == [{"message_id": reply.pk}]
    assert smtp_server.received == []
    # The same event delivered twice queues nothing more.
    assert email_reply_queue(message=reply) is False
    assert len(_tasks(SEND_TASK)) == 1

    run_db_worker()

    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.SENT
    [received] = smtp_server.received
    assert (received.mail_from, received.rcpt_tos) == (SUPPORT, [CUSTOMER])
    mail = received.message
    assert mail["Message-ID"] == f"<{reply.external_id}>"
    assert mail["In-Reply-To"] == "<second.2@customer.example>"
    assert mail["References"] == "<first.1@customer.example> <second.2@customer.example>"
    assert mail["Subject"] == f"Re: [#{ticket.number}] Where is my order?"
    assert mail["From"] == f'"Asha Rao (Acme Support)" <{SUPPORT}>'
    assert mail["To"] == CUSTOMER
    assert mail["Reply-To"] == f"Acme Support <support+{reply_token(ticket.pk)}@acme.example>"
    assert mail["Auto-Submitted"] is None
    assert mail.get_content_type() == "multipart/alternative"
    parts = _parts(mail)
    assert parts["text/plain"] == "It ships today.\n\n-- \nAsha Rao\nAcme Support\n"
    assert "<p>It ships today.</p>" in parts["text/html"]
    assert "Asha Rao<br>Acme Support" in parts["text/html"]

    # The next reply continues the chain: our own first reply is in References now.
    second = _reply(ticket, agent, django_capture_on_commit_callbacks, "Delivered tomorrow.")
    run_db_worker()
    later = smtp_server.received[1].message
    assert later["In-Reply-To"] == "<second.2@customer.example>"
    assert later["References"] == (
        f"<first.1@customer.example> <second.2@customer.example> <{reply.external_id}>"
    )
    assert later["Message-ID"] == f"<{second.external_id}>"
    assert later["Subject"] == f"Re: [#{ticket.number}] Where is my order?"


def test_a_ticket_an_agent_starts_is_mailed_to_the_customer(
    office: tuple[Workspace, Agent],
    smtp_server: SmtpRecorder,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, agent = office
    inbox = _email_inbox(workspace, smtp_server, auto_acknowledge=True)
    with django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_create(
            workspace=workspace,
            author=Author.of_agent(agent),
            contact=make_contact(workspace, email=CUSTOMER),
            subject="Your refund",
            body_text="We have refunded your order.",
            inbox=inbox,
        )
    assert _tasks(ACK_TASK) == []
    _run_queued()
    [mail] = smtp_server.messages
    message = ticket.messages.get()
    message.refresh_from_db()
    assert message.delivery_status == DeliveryStatus.SENT
    assert mail["Message-ID"] == f"<{message.external_id}>"
    assert (mail["Subject"], mail["In-Reply-To"], mail["References"]) == (
        f"[#{ticket.number}] Your refund",
        None,
        None,
    )


def test_notes_and_tickets_without_an_email_inbox_send_nothing(
    office: tuple[Workspace, Agent],
    smtp_server: SmtpRecorder,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, agent = office
    api_inbox = inbox_create(workspace=workspace, kind=InboxKind.API, name="API")
    ticket = _customer_ticket(workspace, api_inbox, django_capture_on_commit_callbacks)
    reply = _reply(ticket, agent, django_capture_on_commit_callbacks)
    assert (reply.delivery_status, reply.external_id) == (
        DeliveryStatus.NONE,
        "first.1@customer.example"[:0] or None,
    )
    # Once the workspace has an email inbox, that inbox answers for the ticket; notes stay inside.
    _email_inbox(workspace, smtp_server)
    with django_capture_on_commit_callbacks(execute=True):
        message_create(
            ticket=ticket, author=Author.of_agent(agent), kind=MessageKind.NOTE, body_text="psst"
        )
    assert _tasks(SEND_TASK) == []
    reply = _reply(ticket, agent, django_capture_on_commit_callbacks)
    _run_queued()
    assert [m["To"] for m in smtp_server.messages] == [CUSTOMER]


def test_a_421_is_retried_with_backoff_and_the_same_message_id(
    office: tuple[Workspace, Agent],
    smtp_server: SmtpRecorder,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, agent = office
    inbox = _email_inbox(workspace, smtp_server)
    ticket = _customer_ticket(workspace, inbox, django_capture_on_commit_callbacks)
    reply = _reply(ticket, agent, django_capture_on_commit_callbacks)
    smtp_server.data_replies = ["421 4.3.2 Try again later"]

    before = timezone.now()
    assert send_email_message.call(message_id=reply.pk) == "retrying"

    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.QUEUED
    assert smtp_server.received == []
    retry = _tasks(SEND_TASK)[-1]
    assert retry.args_kwargs["kwargs"] == {"message_id": reply.pk, "attempt": 2}
    assert retry.run_after is not None
    assert before + backoff(1) <= retry.run_after <= timezone.now() + backoff(1)
    assert backoff(1) == timedelta(minutes=1)
    assert backoff(2) == timedelta(minutes=2)
    assert backoff(20) == timedelta(hours=1)

    assert send_email_message.call(message_id=reply.pk, attempt=2) == DeliveryStatus.SENT
    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.SENT
    assert [m["Message-ID"] for m in smtp_server.messages] == [f"<{reply.external_id}>"]
    # Safe to run twice: a sent message is not sent again.
    assert send_email_message.call(message_id=reply.pk, attempt=3) == DeliveryStatus.SENT
    assert len(smtp_server.received) == 1


def test_a_server_that_is_down_is_retried_until_the_last_attempt_then_failed(
    office: tuple[Workspace, Agent],
    smtp_server: SmtpRecorder,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, agent = office
    inbox = _email_inbox(workspace, smtp_server)
    ticket = _customer_ticket(workspace, inbox, django_capture_on_commit_callbacks)
    reply = _reply(ticket, agent, django_capture_on_commit_callbacks)
    _change(inbox, smtp_port=1)  # nothing listens there

    first = email_message_deliver(message_id=reply.pk, attempt=1)
    assert (first.status, first.retry_in) == (DeliveryStatus.QUEUED, backoff(1))
    assert "ConnectionRefusedError" in first.error

    last = email_message_deliver(message_id=reply.pk, attempt=MAX_ATTEMPTS)
    assert (last.status, last.retry_in) == (DeliveryStatus.FAILED, None)
    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.FAILED


def test_a_reply_queued_before_its_inbox_was_paused_fails_visibly(
    office: tuple[Workspace, Agent],
    smtp_server: SmtpRecorder,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, agent = office
    inbox = _email_inbox(workspace, smtp_server)
    ticket = _customer_ticket(workspace, inbox, django_capture_on_commit_callbacks)
    reply = _reply(ticket, agent, django_capture_on_commit_callbacks)
    inbox_update(inbox=inbox, by=agent, is_active=False)
    assert send_email_message.call(message_id=reply.pk) == DeliveryStatus.FAILED
    assert smtp_server.received == []
    note = Message.objects.get(ticket=ticket, kind=MessageKind.NOTE)
    assert note.body_text == (
        "The email could not be delivered: The workspace has no active email inbox to send from."
    )


def test_a_550_fails_at_once_and_the_error_is_on_the_ticket(
    office: tuple[Workspace, Agent],
    smtp_server: SmtpRecorder,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, agent = office
    inbox = _email_inbox(workspace, smtp_server)
    ticket = _customer_ticket(workspace, inbox, django_capture_on_commit_callbacks)
    reply = _reply(ticket, agent, django_capture_on_commit_callbacks)
    smtp_server.rcpt_replies[CUSTOMER] = "550 5.1.1 No such user here"

    assert send_email_message.call(message_id=reply.pk) == DeliveryStatus.FAILED

    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.FAILED
    assert smtp_server.received == []
    assert len(_tasks(SEND_TASK)) == 1  # the first enqueue only: no retry
    note = Message.objects.get(ticket=ticket, kind=MessageKind.NOTE)
    assert note.author_kind == AuthorKind.SYSTEM
    assert note.body_text == (
        f"The email could not be delivered: {CUSTOMER}: 550 5.1.1 No such user here"
    )
    # Running the task again changes nothing and adds no second note.
    assert send_email_message.call(message_id=reply.pk) == DeliveryStatus.FAILED
    assert Message.objects.filter(ticket=ticket, kind=MessageKind.NOTE).count() == 1


def test_starttls_and_login(
    office: tuple[Workspace, Agent],
    smtp_server_factory: SmtpServerFactory,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, agent = office
    server = smtp_server_factory(tls=True, login=("mailer", "s3cret"))
    inbox = _email_inbox(
        workspace,
        server,
        smtp_security=Security.STARTTLS,
        smtp_username="mailer",
        smtp_password="s3cret",
    )
    ticket = _customer_ticket(workspace, inbox, django_capture_on_commit_callbacks)
    reply = _reply(ticket, agent, django_capture_on_commit_callbacks)

    assert email_message_deliver(message_id=reply.pk).status == DeliveryStatus.SENT
    assert (server.tls_sessions, server.logins, len(server.received)) == (1, ["mailer"], 1)

    # A wrong password is a 535: terminal, visible, not retried.
    _change(inbox, smtp_password="wrong")
    again = _reply(ticket, agent, django_capture_on_commit_callbacks, "Another one.")
    result = email_message_deliver(message_id=again.pk)
    assert (result.status, result.retry_in) == (DeliveryStatus.FAILED, None)
    assert result.error.startswith("535 ")


# aiosmtpd only counts STARTTLS as TLS and warns about AUTH over the implicit-TLS port.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_implicit_tls(
    office: tuple[Workspace, Agent],
    smtp_server_factory: SmtpServerFactory,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, agent = office
    server = smtp_server_factory(implicit_tls=True, login=("mailer", "s3cret"))
    inbox = _email_inbox(
        workspace,
        server,
        smtp_security=Security.SSL,
        smtp_username="mailer",
        smtp_password="s3cret",
    )
    ticket = _customer_ticket(workspace, inbox, django_capture_on_commit_callbacks)
    reply = _reply(ticket, agent, django_capture_on_commit_callbacks)
    assert email_message_deliver(message_id=reply.pk).status == DeliveryStatus.SENT
    assert (server.tls_sessions, server.logins, len(server.received)) == (1, ["mailer"], 1)


def test_starttls_refuses_an_untrusted_certificate(
    office: tuple[Workspace, Agent],
    smtp_server_factory: SmtpServerFactory,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, agent = office
    server = smtp_server_factory(tls=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "no-such-ca.pem"))
    inbox = _email_inbox(workspace, server, smtp_security=Security.STARTTLS)
    ticket = _customer_ticket(workspace, inbox, django_capture_on_commit_callbacks)
    reply = _reply(ticket, agent, django_capture_on_commit_callbacks)
    result = email_message_deliver(message_id=reply.pk)
    assert (result.status, server.received) == (DeliveryStatus.FAILED, [])
    assert "certificate verify failed" in result.error


def test_attachments_and_html_are_sent(
    office: tuple[Workspace, Agent],
    smtp_server: SmtpRecorder,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, agent = office
    inbox = _email_inbox(workspace, smtp_server)
    ticket = _customer_ticket(workspace, inbox, django_capture_on_commit_callbacks)
    pdf = b"%PDF-1.4 invoice " + bytes(range(256))
    upload = attachment_upload(
        workspace_id=workspace.pk,
        uploaded_by=agent,
        filename="चालान.pdf",
        content_type="application/pdf",
        stream=io.BytesIO(pdf),
        size=len(pdf),
    )
    reply = _reply(
        ticket,
        agent,
        django_capture_on_commit_callbacks,
        "",
        body_html="<p>Your <b>invoice</b>.</p><script>alert(1)</script>",
        attachment_ids=[upload.pk],
    )
    _run_queued()
    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.SENT
    mail = smtp_server.messages[0]
    assert mail.get_content_type() == "multipart/mixed"
    [attached] = list(mail.iter_attachments())
    assert attached.get_filename() == "चालान.pdf"
    assert (attached.get_content_type(), attached.get_content()) == ("application/pdf", pdf)
    parts = _parts(mail)
    assert "<b>invoice</b>" in parts["text/html"]
    assert "script" not in parts["text/html"]
    assert parts["text/plain"].startswith("Your invoice.")


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
    inbox = _email_inbox(workspace, smtp_server, auto_acknowledge=True)
    ticket = _customer_ticket(workspace, inbox, django_capture_on_commit_callbacks, language="hi")
    assert [t.args_kwargs["kwargs"] for t in _tasks(ACK_TASK)] == [{"ticket_id": ticket.pk}]

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
    assert _parts(mail)["text/plain"] == (
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
    inbox = _email_inbox(workspace, smtp_server, auto_acknowledge=True)
    acks = []
    with time_machine.travel(T0, tick=False) as clock:
        for n in range(AUTO_ACK_PER_CONTACT + 2):
            ticket = _customer_ticket(
                workspace,
                inbox,
                django_capture_on_commit_callbacks,
                message_id=f"m{n}@customer.example",
            )
            acks.append(auto_acknowledgement_create(ticket_id=ticket.pk) is not None)
        assert acks == [True] * AUTO_ACK_PER_CONTACT + [False, False]
        # The window passes: the contact is acknowledged again.
        clock.shift(AUTO_ACK_WINDOW + timedelta(seconds=1))
        later = _customer_ticket(
            workspace,
            inbox,
            django_capture_on_commit_callbacks,
            message_id="later@customer.example",
        )
        assert auto_acknowledgement_create(ticket_id=later.pk) is not None
    # Another contact is not held back by the first one's loop.
    other = _customer_ticket(
        workspace, inbox, django_capture_on_commit_callbacks,
        message_id="x@other.example", email="meera@other.example",
    )  # fmt: skip
    assert auto_acknowledgement_create(ticket_id=other.pk) is not None
    # An inbox without acknowledgements, and a ticket an agent started, get none.
    quiet = _email_inbox(workspace, smtp_server, name="Quiet", address="quiet@acme.example")
    silent = _customer_ticket(
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
    inbox = _email_inbox(workspace, smtp_server, auto_acknowledge=True)
    with django_capture_on_commit_callbacks(execute=True):
        raw = raw_email_store(
            inbox=inbox, raw=_mail(headers, message_id="m1@customer.example"), source="http"
        )
    with django_capture_on_commit_callbacks(execute=True):
        process_raw_email.call(raw_email_id=raw.pk)
    ticket = Ticket.objects.get(workspace=workspace)
    assert [t.args_kwargs["kwargs"] for t in _tasks(ACK_TASK)] == [{"ticket_id": ticket.pk}]

    with django_capture_on_commit_callbacks(execute=True):
        assert send_auto_acknowledgement.call(ticket_id=ticket.pk) is acknowledged
    _run_queued()
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
    inbox = _email_inbox(workspace, smtp_server, auto_acknowledge=True)
    with django_capture_on_commit_callbacks(execute=True):
        raw = raw_email_store(
            inbox=inbox,
            raw=_mail("Auto-Submitted: auto-replied\r\n", message_id="ooo@customer.example"),
            source="http",
        )
    with django_capture_on_commit_callbacks(execute=True):
        process_raw_email.call(raw_email_id=raw.pk)
    assert not Ticket.objects.filter(workspace=workspace).exists()
    assert _tasks(ACK_TASK) == []


def test_participants_are_copied(
    office: tuple[Workspace, Agent],
    smtp_server: SmtpRecorder,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, agent = office
    inbox = _email_inbox(workspace, smtp_server)
    ticket = _customer_ticket(workspace, inbox, django_capture_on_commit_callbacks)
    participants_add(
        ticket=ticket,
        people=[("Meera", "Meera@Customer.example"), ("Us", SUPPORT), ("Ravi", CUSTOMER)],
    )
    reply = _reply(ticket, agent, django_capture_on_commit_callbacks)
    assert send_email_message.call(message_id=reply.pk) == DeliveryStatus.SENT
    [received] = smtp_server.received
    assert received.rcpt_tos == [CUSTOMER, "meera@customer.example"]
    assert received.message["Cc"] == "meera@customer.example"

    # A refused CC does not fail the reply the customer received; the note says who missed it.
    participants_add(ticket=ticket, people=[("Old", "gone@customer.example")])
    smtp_server.rcpt_replies["gone@customer.example"] = "550 5.1.1 Mailbox gone"
    second = _reply(ticket, agent, django_capture_on_commit_callbacks, "More news.")
    assert send_email_message.call(message_id=second.pk) == DeliveryStatus.SENT
    assert smtp_server.received[1].rcpt_tos == [CUSTOMER, "meera@customer.example"]
    assert smtp_server.messages[1]["Cc"] == "meera@customer.example, gone@customer.example"
    note = Message.objects.get(ticket=ticket, kind=MessageKind.NOTE)
    assert note.body_text == (
        "The email was sent, but these recipients were refused: "
        "gone@customer.example: 550 5.1.1 Mailbox gone"
    )


def test_references_keep_the_root_and_the_latest_ids(
    office: tuple[Workspace, Agent],
    smtp_server: SmtpRecorder,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, agent = office
    inbox = _email_inbox(workspace, smtp_server)
    ticket = _customer_ticket(workspace, inbox, django_capture_on_commit_callbacks)
    for n in range(2, 31):
        message_create(
            ticket=ticket,
            author=CONTACT_AUTHOR,
            kind=MessageKind.INBOUND,
            body_text=f"Message {n}",
            inbox=inbox,
            external_id=f"m{n}@customer.example",
        )
    reply = _reply(ticket, agent, django_capture_on_commit_callbacks)
    assert send_email_message.call(message_id=reply.pk) == DeliveryStatus.SENT
    mail = smtp_server.messages[0]
    references = mail["References"].split()
    assert len(references) == MAX_REFERENCES
    assert references[0] == "<first.1@customer.example>"
    assert references[1:] == [f"<m{n}@customer.example>" for n in range(12, 31)]
    assert mail["In-Reply-To"] == "<m30@customer.example>"
