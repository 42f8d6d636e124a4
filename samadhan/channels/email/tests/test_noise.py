"""Robots: auto-replies, lists, bulk mail and bounces."""

from __future__ import annotations

from email import message_from_bytes
from email.message import Message as MimeMessage
from email.policy import compat32

import pytest

from samadhan.channels.email.models import RawEmailStatus
from samadhan.channels.email.noise import Noise, classify, parse_dsn
from samadhan.channels.email.tests.mailbuild import build, deliver, make_email_inbox
from samadhan.testing.factories import make_agent, make_workspace
from samadhan.tickets.models import DeliveryStatus, Message, MessageKind, Ticket
from samadhan.tickets.services.message import message_create
from samadhan.tickets.timeline import Author


def headers(raw: bytes) -> MimeMessage:
    return message_from_bytes(raw, policy=compat32)


@pytest.mark.parametrize(
    ("extra", "sender", "subject", "expected"),
    [
        ({}, "asha@customer.example", "Hello", Noise.NONE),
        ({"Auto-Submitted": "no"}, "asha@customer.example", "Hello", Noise.NONE),
        ({"Auto-Submitted": "auto-replied"}, "asha@customer.example", "Hello", Noise.AUTO_REPLY),
        ({"X-Autoreply": "yes"}, "asha@customer.example", "Hello", Noise.AUTO_REPLY),
        ({"X-Auto-Response-Suppress": "OOF, AutoReply"}, "a@x.example", "Hi", Noise.AUTO_REPLY),
        ({"Precedence": "auto_reply"}, "a@x.example", "Hi", Noise.AUTO_REPLY),
        ({"Precedence": "bulk"}, "news@shop.example", "Sale", Noise.BULK),
        ({"List-Unsubscribe": "<mailto:u@x>"}, "news@shop.example", "Sale", Noise.BULK),
        ({"List-Id": "<dev.lists.example>"}, "dev@lists.example", "Patch", Noise.LIST),
        ({}, "noreply@bank.example", "Statement", Noise.AUTO_REPLY),
        ({"Return-Path": "<>"}, "a@x.example", "Hi", Noise.AUTO_REPLY),
        ({}, "MAILER-DAEMON@mx.example", "Undelivered Mail Returned to Sender", Noise.BOUNCE),
        ({}, "mailer-daemon@mx.example", "Hello", Noise.AUTO_REPLY),
    ],
)
def test_classify(extra: dict[str, str], sender: str, subject: str, expected: Noise) -> None:
    assert classify(headers(build(sender=sender, subject=subject, headers=extra))) == expected


def dsn(original_id: str, action: str = "failed") -> bytes:
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.shop.example>\r\n"
        "To: support@shop.example\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <bounce1@mx.shop.example>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n'
        "\r\n--B\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you...\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.shop.example\r\n\r\n"
        "Final-Recipient: rfc822; gone@customer.example\r\n"
        f"Action: {action}\r\n"
        "Status: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 <gone@customer.example>: User unknown\r\n"
        "\r\n--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        "From: support@shop.example\r\nTo: gone@customer.example\r\n"
        f"Message-ID: <{original_id}>\r\nSubject: [#1] Your parcel\r\n"
        "\r\n--B--\r\n"
    ).encode()


def test_parse_rfc3464_report() -> None:
    bounce = parse_dsn(headers(dsn("ours.9@shop.example")))
    assert bounce is not None
    assert (bounce.original_message_ids, bounce.recipients, bounce.status, bounce.failed) == (
        ["ours.9@shop.example"],
        ["gone@customer.example"],
        "5.1.1",
        True,
    )
    assert "User unknown" in bounce.diagnostic
    delayed = parse_dsn(headers(dsn("ours.9@shop.example", action="delayed")))
    assert delayed is not None
    assert delayed.failed is False


def test_parse_plain_text_bounce_quoting_the_original() -> None:
    raw = (
        b"From: MAILER-DAEMON@old.example\r\nSubject: failure notice\r\n"
        b"Message-ID: <b2@old.example>\r\n\r\n"
        b"Hi. This is the qmail-send program.\r\n<gone@customer.example>:\r\n"
        b"Sorry, no mailbox here by that name.\r\n\r\n--- Below this line is a copy.\r\n\r\n"
        b"Message-ID: <ours.10@shop.example>\r\nSubject: hi\r\n"
    )
    bounce = parse_dsn(headers(raw), raw)
    assert bounce is not None
    assert bounce.original_message_ids == ["ours.10@shop.example"]


@pytest.mark.django_db
def test_bounce_marks_our_message_failed_with_a_note() -> None:
    inbox = make_email_inbox(make_workspace())
    ticket = deliver(inbox, build(sender="gone@customer.example")).ticket
    assert ticket is not None
    agent = make_agent(inbox.workspace)
    reply = message_create(
        ticket=ticket,
        author=Author.of_agent(agent),
        kind=MessageKind.OUTBOUND,
        body_text="We sent it.",
        inbox=inbox,
        external_id="ours.11@shop.example",
    )
    raw = deliver(inbox, dsn("ours.11@shop.example"))
    assert (raw.status, raw.ticket_id) == (RawEmailStatus.PROCESSED, ticket.pk)
    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.FAILED
    note = Message.objects.filter(ticket=ticket, kind=MessageKind.NOTE).get()
    assert note.body_text.startswith("The email could not be delivered: gone@customer.example")
    assert Ticket.objects.count() == 1
    unknown = deliver(inbox, dsn("never-sent@shop.example").replace(b"bounce1", b"bounce2"))
    assert unknown.status == RawEmailStatus.IGNORED
