"""What chat visitors see, sent after commit; and when their replies go by email.

Agents' live updates are the realtime package's; this module sends visitors the
public side of their conversation (never notes) on ``ticket_public_group``.
"""

from __future__ import annotations

from django.utils import timezone

from samadhan.channels.chat.models import ChatSettings, ChatVisitor
from samadhan.channels.chat.payloads import message_public_payload
from samadhan.channels.models import InboxKind
from samadhan.core.domain_events import DomainEvent, EventType, subscribe
from samadhan.realtime.events import ClientEvent, ClientEventType, send_on_commit
from samadhan.realtime.groups import ticket_public_group, visitor_group
from samadhan.tickets.models import Message, MessageKind, Ticket


def _publish(message: Message, *, first: bool) -> None:
    ticket = message.ticket
    if ticket.channel != InboxKind.CHAT or ticket.inbox is None:
        return
    event = ClientEvent(
        type=ClientEventType.MESSAGE_CREATED,
        payload=message_public_payload(message, public_id=ticket.inbox.public_id),
    )
    groups = [ticket_public_group(ticket.pk)]
    if first:
        # The visitor whose first message opened the ticket is not in its group yet.
        groups = [
            visitor_group(pk)
            for pk in ChatVisitor.objects.filter(
                workspace_id=ticket.workspace_id, ticket_id=ticket.pk
            ).values_list("pk", flat=True)
        ]
    send_on_commit(groups, event)


def _message(workspace_id: int, **lookup: object) -> Message | None:
    return (
        Message.objects.filter(workspace_id=workspace_id, **lookup)
        .exclude(kind=MessageKind.NOTE)
        .select_related("ticket", "ticket__inbox", "author_agent")
        .prefetch_related("attachments")
        .order_by("id")
        .first()
    )


@subscribe(EventType.MESSAGE_CREATED)
def chat_message_created(event: DomainEvent) -> None:
    data = event.payload["message"]
    if data["kind"] == MessageKind.NOTE:
        return
    message = _message(event.workspace_id, pk=data["id"])
    if message is not None:
        _publish(message, first=False)


@subscribe(EventType.TICKET_CREATED)
def chat_ticket_created(event: DomainEvent) -> None:
    data = event.payload["ticket"]
    if data["channel"] != InboxKind.CHAT:
        return
    message = _message(event.workspace_id, ticket_id=data["id"])
    if message is not None:
        _publish(message, first=True)


class ChatEmailRouter:
    """A reply goes by email only when the visitor has left and the inbox continues by email."""

    def inbox_id(self, ticket: Ticket) -> int | None:
        if ticket.inbox_id is None:
            return None
        return (
            ChatSettings.objects.filter(inbox_id=ticket.inbox_id)
            .values_list("offline_email_inbox_id", flat=True)
            .first()
        )

    def wanted(self, message: Message) -> bool:
        ticket = message.ticket
        connected = ChatVisitor.objects.filter(
            workspace_id=ticket.workspace_id,
            ticket_id=ticket.pk,
            connected_until__gt=timezone.now(),
        ).exists()
        return not connected and self.inbox_id(ticket) is not None
