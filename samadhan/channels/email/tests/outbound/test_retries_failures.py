"""Outbound email retries and failures: the error codes and outages a real relay has."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from samadhan.accounts.models import Agent
from samadhan.channels.email.outbound import (
    MAX_ATTEMPTS,
    backoff,
    email_message_deliver,
)
from samadhan.channels.email.outbound_tasks import send_email_message
from samadhan.channels.email.tests.conftest import SmtpRecorder
from samadhan.channels.email.tests.outbound.support import (
    CUSTOMER,
    SEND_TASK,
    agent_reply,
    customer_ticket,
    email_inbox,
    queued_tasks,
    settings_change,
)
from samadhan.channels.services import inbox_update
from samadhan.tickets.models import (
    AuthorKind,
    DeliveryStatus,
    Message,
    MessageKind,
)
from samadhan.workspaces.models import Workspace

pytestmark = pytest.mark.django_db


def test_a_421_is_retried_with_backoff_and_the_same_message_id(
    office: tuple[Workspace, Agent],
    smtp_server: SmtpRecorder,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, agent = office
    inbox = email_inbox(workspace, smtp_server)
    ticket = customer_ticket(workspace, inbox, django_capture_on_commit_callbacks)
    reply = agent_reply(ticket, agent, django_capture_on_commit_callbacks)
    smtp_server.data_replies = ["421 4.3.2 Try again later"]

    before = timezone.now()
    assert send_email_message.call(message_id=reply.pk) == "retrying"

    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.QUEUED
    assert smtp_server.received == []
    retry = queued_tasks(SEND_TASK)[-1]
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
    inbox = email_inbox(workspace, smtp_server)
    ticket = customer_ticket(workspace, inbox, django_capture_on_commit_callbacks)
    reply = agent_reply(ticket, agent, django_capture_on_commit_callbacks)
    settings_change(inbox, smtp_port=1)  # nothing listens there

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
    inbox = email_inbox(workspace, smtp_server)
    ticket = customer_ticket(workspace, inbox, django_capture_on_commit_callbacks)
    reply = agent_reply(ticket, agent, django_capture_on_commit_callbacks)
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
    inbox = email_inbox(workspace, smtp_server)
    ticket = customer_ticket(workspace, inbox, django_capture_on_commit_callbacks)
    reply = agent_reply(ticket, agent, django_capture_on_commit_callbacks)
    smtp_server.rcpt_replies[CUSTOMER] = "550 5.1.1 No such user here"

    assert send_email_message.call(message_id=reply.pk) == DeliveryStatus.FAILED

    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.FAILED
    assert smtp_server.received == []
    assert len(queued_tasks(SEND_TASK)) == 1  # the first enqueue only: no retry
    note = Message.objects.get(ticket=ticket, kind=MessageKind.NOTE)
    assert note.author_kind == AuthorKind.SYSTEM
    assert note.body_text == (
        f"The email could not be delivered: {CUSTOMER}: 550 5.1.1 No such user here"
    )
    # Running the task again changes nothing and adds no second note.
    assert send_email_message.call(message_id=reply.pk) == DeliveryStatus.FAILED
    assert Message.objects.filter(ticket=ticket, kind=MessageKind.NOTE).count() == 1
