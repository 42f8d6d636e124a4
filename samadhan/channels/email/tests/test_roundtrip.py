"""The email round trip of issue 4, against real servers end to end.

Customer writes with ``smtplib`` to their provider's MX (an aiosmtpd server), which
delivers into the support mailbox on a real dovecot (IMAP APPEND, as an LDA would).
Samadhan polls the mailbox, the worker turns the mail into a ticket; an agent replies
through ``message_create`` and the worker sends it over the inbox's SMTP relay (a second
aiosmtpd server that records it). The customer's mail client then answers that recorded
email the way Gmail, Outlook or Apple Mail quote a reply — or the way a client that
drops every threading header does, when only the reply-to token is left — and the
answer must land on the same ticket.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, getaddresses, make_msgid, parseaddr
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from samadhan.accounts.models import Agent
from samadhan.channels.email.headers import (
    message_ids,
    normalize_message_id,
    parse_reply_token,
    reply_address,
    subject_ticket_number,
)
from samadhan.channels.email.imap import imap_poll_inbox
from samadhan.channels.email.models import RawEmail
from samadhan.channels.email.outbound import contact_email
from samadhan.channels.email.tests.conftest import SmtpRecorder, SmtpServerFactory
from samadhan.channels.email.tests.dovecot import (  # fixtures by name: dovecot, ...
    Dovecot,
    Listener,
    dovecot_fixture,  # noqa: F401
    imap_fields,
    make_email_inbox,
    smtpd_factory_fixture,  # noqa: F401
)
from samadhan.channels.models import Inbox
from samadhan.core.tests.workers import run_db_worker
from samadhan.testing.factories import make_agent, make_workspace
from samadhan.tickets.models import Message, MessageKind, Ticket
from samadhan.tickets.services.message import message_create
from samadhan.tickets.timeline import Author

pytestmark = pytest.mark.django_db(transaction=True)

SUPPORT = "support@example.com"  # the dovecot user whose mailbox the inbox polls
CUSTOMER = "ravi@customer.example"
FIRST_BODY = "My parcel has not arrived.\nOrder 4711, placed last Monday."
REPLY_TEXT = "Thanks, it just arrived!"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _send(mx: SmtpRecorder | Listener, mail: EmailMessage) -> None:
    """The customer's mail client submits ``mail`` over SMTP."""
    rcpts = [addr for _, addr in getaddresses(mail.get_all("To", []) + mail.get_all("Cc", []))]
    with smtplib.SMTP(mx.host, mx.port, timeout=10) as client:
        assert client.sendmail(CUSTOMER, rcpts, mail.as_bytes(policy=SMTP)) == {}


def _mx_delivers(mx: SmtpRecorder, dovecot: Dovecot) -> None:
    """The provider's MX hands what it received to the mailbox (IMAP APPEND, like an LDA)."""
    for received in mx.received:
        dovecot.deliver(SUPPORT, received.data)
    mx.received.clear()


def _fetch(inbox: Inbox) -> None:
    """What ``samadhan imap-poll`` and ``samadhan worker`` do in production."""
    result = imap_poll_inbox(inbox=Inbox.objects.get(pk=inbox.pk))
    assert result.failed == 0
    run_db_worker()


def _first_mail() -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = f"Ravi Kumar <{CUSTOMER}>"
    mail["To"] = f"Acme Support <{SUPPORT}>"
    mail["Subject"] = "Where is my order?"
    mail["Date"] = format_datetime(timezone.now())
    mail["Message-ID"] = make_msgid(domain="customer.example")
    mail.set_content(FIRST_BODY)
    return mail


def _quoted(ours: EmailMessage, style: str) -> EmailMessage:
    """The customer's answer to ``ours``, built the way their mail client builds it."""
    body = ours.get_body(("plain",))
    assert body is not None
    original = str(body.get_content())
    sender = str(ours["From"])
    when = str(ours["Date"])
    reply = EmailMessage()
    reply["From"] = f"Ravi Kumar <{CUSTOMER}>"
    # Clients answer to Reply-To when there is one: our per-ticket address.
    reply["To"] = str(ours["Reply-To"] or ours["From"])
    reply["Date"] = format_datetime(timezone.now())
    reply["Message-ID"] = make_msgid(domain="customer.example")
    references = [
        *message_ids(str(ours.get("References", ""))),
        normalize_message_id(str(ours["Message-ID"])),
    ]
    refs = " ".join(f"<{ref}>" for ref in references)
    quoted = "\n".join(f"> {line}" if line else ">" for line in original.splitlines())
    if style == "gmail":
        reply["Subject"] = f"Re: {ours['Subject']}"
        reply["In-Reply-To"] = str(ours["Message-ID"])
        reply["References"] = refs
        text = f"{REPLY_TEXT}\n\nOn {when}, {sender} wrote:\n{quoted}\n"
    elif style == "outlook":
        # Outlook: "RE:", the original as a header block instead of ">" quoting, and
        # In-Reply-To without References.
        reply["Subject"] = f"RE: {ours['Subject']}"
        reply["In-Reply-To"] = str(ours["Message-ID"])
        reply["Thread-Index"] = "AdnT0S3m5x1Qk1Vv2E+Y4m0Q9Rk7Aw=="
        text = (
            f"{REPLY_TEXT}\n\n"
            "________________________________\n"
            f"From: {sender}\nSent: {when}\nTo: Ravi Kumar <{CUSTOMER}>\n"
            f"Subject: {ours['Subject']}\n\n{original}\n"
        )
    elif style == "apple":
        reply["Subject"] = f"Re: {ours['Subject']}"
        reply["In-Reply-To"] = str(ours["Message-ID"])
        reply["References"] = refs
        text = f"{REPLY_TEXT}\n\n> On {when}, {sender} wrote:\n> \n{quoted}\n"
    elif style == "headers_dropped":
        # Some webmail and ticket-forwarding setups lose In-Reply-To and References; the
        # reply-to token in the recipient address still names the ticket.
        reply["Subject"] = f"Re: {ours['Subject']}"
        text = f"{REPLY_TEXT}\n\n-----Original Message-----\n{original}\n"
    else:  # pragma: no cover - the parametrisation below lists every style
        raise AssertionError(style)
    reply.set_content(text)
    return reply


def _agent_replies(ticket: Ticket, agent: Agent) -> Message:
    with transaction.atomic():
        message = message_create(
            ticket=ticket,
            author=Author.of_agent(agent),
            kind=MessageKind.OUTBOUND,
            body_text="It ships today; tracking number 0042.",
        )
    run_db_worker()  # send_email_message
    message.refresh_from_db()
    return message


@pytest.mark.parametrize("style", ["gmail", "outlook", "apple", "headers_dropped"])
def test_customer_mail_ticket_reply_and_quoted_answer_thread_on_one_ticket(
    style: str, dovecot: Dovecot, smtp_server_factory: SmtpServerFactory
) -> None:
    mx = smtp_server_factory()  # the customer's provider
    relay = smtp_server_factory()  # our inbox's outgoing SMTP server
    workspace = make_workspace(slug="acme")
    agent = make_agent(workspace, name="Asha Rao")
    inbox = make_email_inbox(
        workspace,
        SUPPORT,
        name="Acme Support",
        smtp_host=relay.host,
        smtp_port=relay.port,
        smtp_security="none",
        **imap_fields(dovecot, SUPPORT),
    )

    # 1. The customer writes; it lands in the mailbox; Samadhan fetches it: a ticket.
    first = _first_mail()
    _send(mx, first)
    _mx_delivers(mx, dovecot)
    _fetch(inbox)
    ticket = Ticket.objects.get(workspace=workspace)
    assert ticket.subject == "Where is my order?"
    assert contact_email(ticket) == CUSTOMER
    inbound = Message.objects.get(ticket=ticket)
    assert inbound.external_id == normalize_message_id(str(first["Message-ID"]))
    assert "Order 4711" in inbound.body_text
    assert dovecot.uids(SUPPORT, criteria="UNSEEN") == []

    # 2. The agent answers; the worker sends it over the inbox's SMTP relay.
    ours = _agent_replies(ticket, agent)
    assert len(relay.received) == 1
    sent = relay.received[0]
    mail = sent.message
    assert sent.rcpt_tos == [CUSTOMER]
    assert parseaddr(str(mail["To"]))[1] == CUSTOMER
    message_id = normalize_message_id(str(mail["Message-ID"]))
    assert message_id.endswith("@example.com")
    assert ours.external_id == message_id
    assert normalize_message_id(str(mail["In-Reply-To"])) == inbound.external_id
    assert message_ids(str(mail["References"])) == [inbound.external_id]
    reply_to = parseaddr(str(mail["Reply-To"]))[1]
    assert reply_to == reply_address(SUPPORT, ticket.pk)
    assert parse_reply_token(reply_to) == ticket.pk
    assert subject_ticket_number(str(mail["Subject"]), "#") == ticket.number
    assert "Where is my order?" in str(mail["Subject"])
    assert mail.get_body(("plain",)) is not None
    assert mail.get_body(("html",)) is not None

    # 3. The customer answers from their mail client: same ticket, no new one.
    answer = _quoted(mail, style)
    _send(mx, answer)
    _mx_delivers(mx, dovecot)
    _fetch(inbox)

    assert Ticket.objects.filter(workspace=workspace).count() == 1
    messages = list(Message.objects.filter(ticket=ticket).order_by("id"))
    assert [m.kind for m in messages] == [
        MessageKind.INBOUND,
        MessageKind.OUTBOUND,
        MessageKind.INBOUND,
    ]
    latest = messages[-1]
    assert latest.external_id == normalize_message_id(str(answer["Message-ID"]))
    # Shown without the quoted history; the full original stays one click away.
    assert latest.body_text == REPLY_TEXT
    raw = RawEmail.objects.get(inbox=inbox, result_message=latest)
    with raw.file.open("rb") as handle:
        assert b"tracking number 0042" in handle.read()
    assert RawEmail.objects.filter(inbox=inbox).count() == 2


def test_a_reply_through_samadhan_smtpd_threads_too(
    smtp_server_factory: SmtpServerFactory,
    smtpd_factory: Callable[..., Listener],
) -> None:
    """The same conversation, with the customer's mail reaching us by direct MX delivery."""
    relay = smtp_server_factory()
    workspace = make_workspace(slug="acme")
    agent = make_agent(workspace, name="Asha Rao")
    inbox = make_email_inbox(
        workspace,
        SUPPORT,
        name="Acme Support",
        smtp_host=relay.host,
        smtp_port=relay.port,
        smtp_security="none",
    )
    listener = smtpd_factory()

    _send(listener, _first_mail())
    run_db_worker()
    ticket = Ticket.objects.get(workspace=workspace)

    _agent_replies(ticket, agent)
    answer = _quoted(relay.received[0].message, "gmail")
    # Addressed to support+<token>@: accepted because the inbox uses plus-addressing.
    _send(listener, answer)
    run_db_worker()

    assert Ticket.objects.filter(workspace=workspace).count() == 1
    assert Message.objects.filter(ticket=ticket, kind=MessageKind.INBOUND).count() == 2
    assert set(RawEmail.objects.filter(inbox=inbox).values_list("source", flat=True)) == {"smtp"}
