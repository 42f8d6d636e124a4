"""The bot on email: the real inbound pipeline in, a real SMTP server (aiosmtpd) out."""

from __future__ import annotations

from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult
from pytest_django import DjangoCaptureOnCommitCallbacks

from samadhan.bots.configuration import BotSettingsChanges, bot_settings_update
from samadhan.bots.models import BotConversation, BotState
from samadhan.bots.tests.conftest import Shop, run_bot_tasks
from samadhan.channels.email.ingest import raw_email_store
from samadhan.channels.email.models import Security
from samadhan.channels.email.outbound_tasks import send_email_message
from samadhan.channels.email.services import EmailSettingsChanges, email_inbox_create
from samadhan.channels.email.tasks import process_raw_email
from samadhan.channels.email.tests.conftest import SmtpRecorder
from samadhan.channels.models import Inbox
from samadhan.tickets.models import AuthorKind, DeliveryStatus, Message, MessageKind, Status, Ticket
from samadhan.tickets.tags import ticket_tag_names

pytestmark = pytest.mark.django_db
SUPPORT = "support@acme.example"
CUSTOMER = "ravi@customer.example"
SEND_TASK = "samadhan.channels.email.outbound_tasks.send_email_message"


def _inbox(shop: Shop, server: SmtpRecorder) -> Inbox:
    inbox = email_inbox_create(
        workspace=shop.workspace,
        name="Acme Support",
        address=SUPPORT,
        by=None,
        settings=EmailSettingsChanges(
            smtp_host=server.host, smtp_port=server.port, smtp_security=Security.NONE
        ),
    )
    bot_settings_update(
        inbox=inbox, by=None, changes=BotSettingsChanges(enabled=True, threshold=0.85)
    )
    return inbox


def _receive(
    inbox: Inbox,
    capture: DjangoCaptureOnCommitCallbacks,
    *,
    message_id: str,
    body: str,
    subject: str = "Forgot my password",
    headers: str = "",
) -> None:
    raw = (
        f"From: Ravi Kumar <{CUSTOMER}>\r\nTo: {SUPPORT}\r\nSubject: {subject}\r\n"
        f"Message-ID: <{message_id}>\r\n{headers}"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    ).encode()
    with capture(execute=True):
        stored = raw_email_store(inbox=inbox, raw=raw, source="http")
    with capture(execute=True):
        process_raw_email.call(raw_email_id=stored.pk)


def _send_queued(capture: DjangoCaptureOnCommitCallbacks) -> None:
    for row in DBTaskResult.objects.filter(task_path=SEND_TASK, status="READY").order_by("id"):
        with capture(execute=True):
            send_email_message.call(**row.args_kwargs["kwargs"])
        row.status = "SUCCESSFUL"
        row.save(update_fields=["status"])


def test_a_new_email_ticket_is_answered_by_mail_and_solved_on_yes(
    shop: Shop,
    smtp_server: SmtpRecorder,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    inbox = _inbox(shop, smtp_server)
    _receive(
        inbox,
        django_capture_on_commit_callbacks,
        message_id="first.1@customer.example",
        body="I cannot sign in, I forgot my password. How do I reset it?",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert run_bot_tasks() == ["answered"]
    _send_queued(django_capture_on_commit_callbacks)

    ticket = Ticket.objects.get(workspace=shop.workspace, inbox=inbox)
    answer = Message.objects.get(ticket=ticket, author_kind=AuthorKind.BOT)
    assert answer.delivery_status == DeliveryStatus.SENT
    [mail] = smtp_server.messages
    assert mail["To"] == CUSTOMER
    assert mail["In-Reply-To"] == "<first.1@customer.example>"
    assert mail["Message-ID"] == f"<{answer.external_id}>"
    text = mail.get_body(("plain",))
    assert text is not None
    content: Any = text.get_content()
    assert "1. Reset your password" in content
    assert "/help/acme/en/" in content
    assert "Reply “yes” or “no” to this email" in content

    # An out-of-office answer to the bot's mail is noise: a note, no bot follow-up.
    _receive(
        inbox,
        django_capture_on_commit_callbacks,
        message_id="ooo.2@customer.example",
        subject=f"Automatic reply: [#{ticket.number}] Forgot my password",
        headers=f"Auto-Submitted: auto-replied\r\nIn-Reply-To: <{answer.external_id}>\r\n",
        body="I am out of the office until Monday.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert run_bot_tasks() == []
    assert BotConversation.objects.get(ticket=ticket).state == BotState.ANSWERED

    _receive(
        inbox,
        django_capture_on_commit_callbacks,
        message_id="second.3@customer.example",
        subject=f"Re: [#{ticket.number}] Forgot my password",
        headers=f"In-Reply-To: <{answer.external_id}>\r\n",
        body="Yes, that worked, thanks!\r\n\r\nAcme Support wrote:\r\n> 1. Reset your password",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert run_bot_tasks() == ["solved"]
    ticket.refresh_from_db()
    assert ticket.status == Status.SOLVED
    assert ticket_tag_names(ticket) == ["solved-by-bot"]
    # On email the bot does not mail a "glad it helped": the customer already said so.
    _send_queued(django_capture_on_commit_callbacks)
    assert len(smtp_server.messages) == 1


def test_bulk_and_list_mail_is_never_answered(
    shop: Shop,
    smtp_server: SmtpRecorder,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    inbox = _inbox(shop, smtp_server)
    _receive(
        inbox,
        django_capture_on_commit_callbacks,
        message_id="news.1@shop.example",
        headers="Precedence: bulk\r\n",
        body="How do I reset my password? Our newsletter explains it.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert run_bot_tasks() == ["ignored"]
    assert not BotConversation.objects.exists()
    assert not Message.objects.filter(author_kind=AuthorKind.BOT).exists()
    assert smtp_server.messages == []
    assert Message.objects.filter(kind=MessageKind.OUTBOUND).count() == 0
