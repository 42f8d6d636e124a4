"""A visitor who has left gets the reply by email; their email reply lands on the chat ticket."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from django_tasks_db.models import DBTaskResult
from pytest_django import DjangoCaptureOnCommitCallbacks

from samadhan.channels.chat.models import ChatVisitor
from samadhan.channels.chat.services import ChatSettingsChanges, chat_settings_update
from samadhan.channels.chat.tests.conftest import Chat, Visitor
from samadhan.channels.chat.visitors import chat_visitor_presence
from samadhan.channels.email.ingest import raw_email_store
from samadhan.channels.email.models import RawEmailSource, Security
from samadhan.channels.email.outbound_tasks import send_email_message
from samadhan.channels.email.process import raw_email_process
from samadhan.channels.email.services import EmailSettingsChanges, email_inbox_create
from samadhan.tickets.models import Message, MessageKind, Ticket
from samadhan.tickets.services.message import message_create
from samadhan.tickets.timeline import Author

pytestmark = pytest.mark.django_db
SEND_TASK = "samadhan.channels.email.outbound_tasks.send_email_message"


class _Keep:
    def __init__(self) -> None:
        self.mails: list[EmailMessage] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        assert isinstance(envelope.content, bytes)
        self.mails.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[_Keep, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    keep = _Keep()
    controller = Controller(keep, hostname="127.0.0.1", port=port)
    controller.start()
    yield keep, port
    controller.stop()


def _reply(chat: Chat, ticket: Ticket, capture: Any, text: str) -> Message:
    with capture(execute=True):
        return message_create(
            ticket=ticket,
            author=Author.of_agent(chat.agent),
            kind=MessageKind.OUTBOUND,
            body_text=text,
        )


def _send_queued() -> None:
    for task in DBTaskResult.objects.filter(task_path=SEND_TASK).order_by("enqueued_at", "id"):
        send_email_message.call(**task.args_kwargs["kwargs"])
        task.delete()


def test_offline_visitor_continues_by_email_and_the_reply_threads_back(
    chat: Chat,
    smtp: tuple[_Keep, int],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    server, port = smtp
    email_inbox = email_inbox_create(
        workspace=chat.workspace,
        name="Acme Support",
        address="support@acme.example",
        by=None,
        settings=EmailSettingsChanges(
            smtp_host="127.0.0.1", smtp_port=port, smtp_security=Security.NONE
        ),
    )
    chat_settings_update(
        chat_settings=chat.settings,
        by=None,
        changes=ChatSettingsChanges(
            offline_email_inbox_id=email_inbox.pk, set_offline_email_inbox=True
        ),
    )
    visitor = Visitor(chat)
    visitor.start(language="mr")
    assert (
        visitor.post("profile", {"name": "Ravi", "email": "ravi@customer.example"}).status_code
        == 200
    )
    visitor.say("माझे पार्सल आले नाही", "m1")
    ticket = Ticket.objects.get(workspace=chat.workspace)
    row = ChatVisitor.objects.get(inbox=chat.inbox)

    # While the visitor is on the page, the reply is only in the widget.
    chat_visitor_presence(visitor_id=row.pk, connected=True)
    _reply(chat, ticket, django_capture_on_commit_callbacks, "आम्ही तपासत आहोत")
    assert not DBTaskResult.objects.filter(task_path=SEND_TASK).exists()

    # They left: the next reply goes by email, from the chat's email inbox.
    chat_visitor_presence(visitor_id=row.pk, connected=False)
    reply = _reply(chat, ticket, django_capture_on_commit_callbacks, "पार्सल उद्या येईल")
    _send_queued()
    assert len(server.mails) == 1
    mail = server.mails[0]
    assert mail["To"] == "ravi@customer.example"
    assert "support@acme.example" in mail["From"]
    assert "पार्सल उद्या येईल" in mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    reply.refresh_from_db()
    assert reply.delivery_status == "sent"

    answer = (
        "From: Ravi <ravi@customer.example>\r\n"
        "To: support@acme.example\r\n"
        f"Subject: Re: {mail['Subject']}\r\n"
        "Message-ID: <answer.1@customer.example>\r\n"
        f"In-Reply-To: {mail['Message-ID']}\r\n"
        f"References: {mail['Message-ID']}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "धन्यवाद, मी वाट पाहतो.\r\n"
    ).encode()
    with django_capture_on_commit_callbacks(execute=False):
        raw = raw_email_store(inbox=email_inbox, raw=answer, source=RawEmailSource.HTTP)
    raw_email_process(raw_email_id=raw.pk)

    assert Ticket.objects.filter(workspace=chat.workspace).count() == 1
    last = Message.objects.filter(ticket=ticket).order_by("-id").first()
    assert last is not None
    assert last.kind == MessageKind.INBOUND
    assert last.body_text.strip() == "धन्यवाद, मी वाट पाहतो."
    # And the visitor sees it in the widget's history when they come back.
    texts = [m["text"].strip() for m in visitor.get("messages").json()["messages"]]
    assert texts[-1] == "धन्यवाद, मी वाट पाहतो."


def test_without_an_offline_inbox_chat_replies_never_go_by_email(
    chat: Chat,
    smtp: tuple[_Keep, int],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    _server, port = smtp
    email_inbox_create(
        workspace=chat.workspace,
        name="Acme Support",
        address="support@acme.example",
        by=None,
        settings=EmailSettingsChanges(smtp_host="127.0.0.1", smtp_port=port),
    )
    visitor = Visitor(chat)
    visitor.start()
    visitor.post("profile", {"email": "ravi@customer.example"})
    visitor.say("hello", "m1")
    ticket = Ticket.objects.get(workspace=chat.workspace)
    _reply(chat, ticket, django_capture_on_commit_callbacks, "hi")
    assert not DBTaskResult.objects.filter(task_path=SEND_TASK).exists()
