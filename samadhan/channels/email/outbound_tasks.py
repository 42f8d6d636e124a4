"""Outbound email tasks and the domain-event subscribers that queue them.

Imported at start-up (app ``ready``) so the subscribers are registered; the
subscribers only look and enqueue, the worker does the sending.
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from samadhan.channels.email.acknowledgement import auto_acknowledgement_create
from samadhan.channels.email.lookups import current_lookups
from samadhan.channels.email.outbound import email_message_deliver, email_reply_queue
from samadhan.channels.models import InboxKind
from samadhan.core.domain_events import DomainEvent, EventType, subscribe
from samadhan.core.transaction import enqueue_on_commit
from samadhan.tickets.models import Message, MessageKind


@task()
def send_email_message(*, message_id: int, attempt: int = 1) -> str:
    result = email_message_deliver(message_id=message_id, attempt=attempt)
    if result.retry_in is not None:
        send_email_message.using(run_after=timezone.now() + result.retry_in).enqueue(
            message_id=message_id, attempt=attempt + 1
        )
        return "retrying"
    return str(result.status)


@task()
def send_auto_acknowledgement(*, ticket_id: int) -> bool:
    return auto_acknowledgement_create(ticket_id=ticket_id) is not None


@subscribe(EventType.MESSAGE_CREATED)
def email_agent_reply(event: DomainEvent) -> None:
    data = event.payload["message"]
    if data["kind"] != MessageKind.OUTBOUND:
        return
    message = (
        Message.objects.select_related("ticket")
        .filter(workspace_id=event.workspace_id, pk=data["id"])
        .first()
    )
    if message is not None:
        email_reply_queue(message=message)


@subscribe(EventType.TICKET_CREATED)
def email_new_ticket(event: DomainEvent) -> None:
    """A ticket an agent starts is mailed to the customer; a customer's email is acknowledged."""
    ticket_id = event.payload["ticket"]["id"]
    first = (
        Message.objects.filter(workspace_id=event.workspace_id, ticket_id=ticket_id)
        .order_by("created_at", "id")
        .values_list("pk", "kind")
        .first()
    )
    if first is None:
        return
    first_id, kind = first
    if kind == MessageKind.OUTBOUND:
        message = (
            Message.objects.select_related("ticket")
            .filter(workspace_id=event.workspace_id, pk=first_id)
            .first()
        )
        if message is not None:
            email_reply_queue(message=message)
    elif event.payload["ticket"]["channel"] == InboxKind.EMAIL and current_lookups().acknowledging(
        event.workspace_id
    ):
        enqueue_on_commit(send_auto_acknowledgement, ticket_id=ticket_id)
