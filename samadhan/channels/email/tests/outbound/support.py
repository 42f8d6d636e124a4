"""Inboxes, tickets, replies and queued tasks shared by the outbound email tests."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any, cast

from django_tasks_db.models import DBTaskResult
from pytest_django import DjangoCaptureOnCommitCallbacks

from samadhan.accounts.models import Agent
from samadhan.channels.email.models import EmailSettings, Security
from samadhan.channels.email.outbound_tasks import send_email_message
from samadhan.channels.email.services import (
    EmailSettingsChanges,
    email_inbox_create,
    email_settings_update,
)
from samadhan.channels.email.tests.conftest import SmtpRecorder
from samadhan.channels.models import Inbox
from samadhan.testing.factories import make_contact
from samadhan.tickets.models import (
    Message,
    MessageKind,
    Ticket,
)
from samadhan.tickets.services.message import message_create
from samadhan.tickets.services.ticket import ticket_create
from samadhan.tickets.timeline import CONTACT_AUTHOR, Author
from samadhan.workspaces.models import Workspace

SUPPORT = "support@acme.example"
CUSTOMER = "ravi@customer.example"
SEND_TASK = "samadhan.channels.email.outbound_tasks.send_email_message"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ACK_TASK = "samadhan.channels.email.outbound_tasks.send_auto_acknowledgement"


def email_inbox(
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


def settings_change(inbox: Inbox, **changes: Any) -> None:
    email_settings_update(
        email_settings=EmailSettings.objects.get(inbox=inbox),
        by=None,
        changes=EmailSettingsChanges(**changes),
    )


def customer_ticket(
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


def agent_reply(
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


def queued_tasks(path: str) -> list[DBTaskResult[Any, Any]]:
    return list(DBTaskResult.objects.filter(task_path=path).order_by("enqueued_at", "id"))


def run_queued() -> None:
    """Run the queued send tasks in this test's transaction (the worker needs commits)."""
    for task in queued_tasks(SEND_TASK):
        send_email_message.call(**task.args_kwargs["kwargs"])


def mail_parts(mail: EmailMessage) -> dict[str, str]:
    return {
        # Text is sent in canonical form (CRLF line ends).
        part.get_content_type(): cast(str, part.get_content()).replace("\r\n", "\n")
        for part in mail.walk()
        if part.get_content_type() in ("text/plain", "text/html")
    }
