"""Outbound email against a real SMTP server (aiosmtpd): what is sent, threading headers,
attachments, participants, references.

Agent replies go out through the domain event and the worker exactly as in
production; the server records what it received.
"""

from __future__ import annotations

import io
import re

import pytest
from pytest_django import DjangoCaptureOnCommitCallbacks

from samadhan.accounts.models import Agent
from samadhan.channels.email.headers import reply_token
from samadhan.channels.email.outbound import (
    MAX_REFERENCES,
    email_reply_queue,
)
from samadhan.channels.email.outbound_tasks import send_email_message
from samadhan.channels.email.tests.conftest import SmtpRecorder
from samadhan.channels.email.tests.outbound.support import (
    ACK_TASK,
    CUSTOMER,
    SEND_TASK,
    SUPPORT,
    agent_reply,
    customer_ticket,
    email_inbox,
    mail_parts,
    queued_tasks,
    run_queued,
)
from samadhan.channels.models import InboxKind
from samadhan.channels.services import inbox_create
from samadhan.core.tests.workers import run_db_worker
from samadhan.testing.factories import make_contact
from samadhan.tickets.models import (
    DeliveryStatus,
    Message,
    MessageKind,
)
from samadhan.tickets.services.message import attachment_upload, message_create
from samadhan.tickets.services.participant import participants_add
from samadhan.tickets.services.ticket import ticket_create
from samadhan.tickets.timeline import CONTACT_AUTHOR, Author
from samadhan.workspaces.models import Workspace

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_an_agent_reply_is_sent_by_the_worker_with_threading_headers(
    office: tuple[Workspace, Agent],
    smtp_server: SmtpRecorder,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, agent = office
    inbox = email_inbox(workspace, smtp_server)
    ticket = customer_ticket(
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

    reply = agent_reply(ticket, agent, django_capture_on_commit_callbacks)

    # Queued after commit, with its Message-ID fixed before the first attempt.
    assert reply.delivery_status == DeliveryStatus.QUEUED
    assert reply.inbox_id == inbox.pk
    assert re.fullmatch(rf"[0-9a-f]{{16}}\.{reply.pk}@acme\.example", reply.external_id or "")
    assert [t.args_kwargs["kwargs"] for t in queued_tasks(SEND_TASK)] == [{"message_id": reply.pk}]
    assert smtp_server.received == []
    # The same event delivered twice queues nothing more.
    assert email_reply_queue(message=reply) is False
    assert len(queued_tasks(SEND_TASK)) == 1

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
    parts = mail_parts(mail)
    assert parts["text/plain"] == "It ships today.\n\n-- \nAsha Rao\nAcme Support\n"
    assert "<p>It ships today.</p>" in parts["text/html"]
    assert "Asha Rao<br>Acme Support" in parts["text/html"]

    # The next reply continues the chain: our own first reply is in References now.
    second = agent_reply(ticket, agent, django_capture_on_commit_callbacks, "Delivered tomorrow.")
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
    inbox = email_inbox(workspace, smtp_server, auto_acknowledge=True)
    with django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_create(
            workspace=workspace,
            author=Author.of_agent(agent),
            contact=make_contact(workspace, email=CUSTOMER),
            subject="Your refund",
            body_text="We have refunded your order.",
            inbox=inbox,
        )
    assert queued_tasks(ACK_TASK) == []
    run_queued()
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
    ticket = customer_ticket(workspace, api_inbox, django_capture_on_commit_callbacks)
    reply = agent_reply(ticket, agent, django_capture_on_commit_callbacks)
    assert (reply.delivery_status, reply.external_id) == (
        DeliveryStatus.NONE,
        "first.1@customer.example"[:0] or None,
    )
    # Once the workspace has an email inbox, that inbox answers for the ticket; notes stay inside.
    email_inbox(workspace, smtp_server)
    with django_capture_on_commit_callbacks(execute=True):
        message_create(
            ticket=ticket, author=Author.of_agent(agent), kind=MessageKind.NOTE, body_text="psst"
        )
    assert queued_tasks(SEND_TASK) == []
    reply = agent_reply(ticket, agent, django_capture_on_commit_callbacks)
    run_queued()
    assert [m["To"] for m in smtp_server.messages] == [CUSTOMER]


def test_attachments_and_html_are_sent(
    office: tuple[Workspace, Agent],
    smtp_server: SmtpRecorder,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, agent = office
    inbox = email_inbox(workspace, smtp_server)
    ticket = customer_ticket(workspace, inbox, django_capture_on_commit_callbacks)
    pdf = b"%PDF-1.4 invoice " + bytes(range(256))
    upload = attachment_upload(
        workspace_id=workspace.pk,
        uploaded_by=agent,
        filename="चालान.pdf",
        content_type="application/pdf",
        stream=io.BytesIO(pdf),
        size=len(pdf),
    )
    reply = agent_reply(
        ticket,
        agent,
        django_capture_on_commit_callbacks,
        "",
        body_html="<p>Your <b>invoice</b>.</p><script>alert(1)</script>",
        attachment_ids=[upload.pk],
    )
    run_queued()
    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.SENT
    mail = smtp_server.messages[0]
    assert mail.get_content_type() == "multipart/mixed"
    [attached] = list(mail.iter_attachments())
    assert attached.get_filename() == "चालान.pdf"
    assert (attached.get_content_type(), attached.get_content()) == ("application/pdf", pdf)
    parts = mail_parts(mail)
    assert "<b>invoice</b>" in parts["text/html"]
    assert "script" not in parts["text/html"]
    assert parts["text/plain"].startswith("Your invoice.")


def test_participants_are_copied(
    office: tuple[Workspace, Agent],
    smtp_server: SmtpRecorder,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, agent = office
    inbox = email_inbox(workspace, smtp_server)
    ticket = customer_ticket(workspace, inbox, django_capture_on_commit_callbacks)
    participants_add(
        ticket=ticket,
        people=[("Meera", "Meera@Customer.example"), ("Us", SUPPORT), ("Ravi", CUSTOMER)],
    )
    reply = agent_reply(ticket, agent, django_capture_on_commit_callbacks)
    assert send_email_message.call(message_id=reply.pk) == DeliveryStatus.SENT
    [received] = smtp_server.received
    assert received.rcpt_tos == [CUSTOMER, "meera@customer.example"]
    assert received.message["Cc"] == "meera@customer.example"

    # A refused CC does not fail the reply the customer received; the note says who missed it.
    participants_add(ticket=ticket, people=[("Old", "gone@customer.example")])
    smtp_server.rcpt_replies["gone@customer.example"] = "550 5.1.1 Mailbox gone"
    second = agent_reply(ticket, agent, django_capture_on_commit_callbacks, "More news.")
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
    inbox = email_inbox(workspace, smtp_server)
    ticket = customer_ticket(workspace, inbox, django_capture_on_commit_callbacks)
    for n in range(2, 31):
        message_create(
            ticket=ticket,
            author=CONTACT_AUTHOR,
            kind=MessageKind.INBOUND,
            body_text=f"Message {n}",
            inbox=inbox,
            external_id=f"m{n}@customer.example",
        )
    reply = agent_reply(ticket, agent, django_capture_on_commit_callbacks)
    assert send_email_message.call(message_id=reply.pk) == DeliveryStatus.SENT
    mail = smtp_server.messages[0]
    references = mail["References"].split()
    assert len(references) == MAX_REFERENCES
    assert references[0] == "<first.1@customer.example>"
    assert references[1:] == [f"<m{n}@customer.example>" for n in range(12, 31)]
    assert mail["In-Reply-To"] == "<m30@customer.example>"
