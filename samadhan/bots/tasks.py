"""The bot's task and the domain-event subscribers that queue it.

The subscribers only look at the event and enqueue, and only for tickets of an
inbox whose bot is on (one query): searching, the optional chat endpoint and
the reply happen in the worker.
"""

from __future__ import annotations

from django_tasks import task

from samadhan.bots.models import BotSettings
from samadhan.bots.services import bot_message_handle
from samadhan.channels.models import InboxKind
from samadhan.core.domain_events import DomainEvent, EventType, subscribe
from samadhan.core.transaction import enqueue_on_commit
from samadhan.tickets.models import AuthorKind, Message, MessageKind

BOT_CHANNELS = (InboxKind.CHAT, InboxKind.EMAIL)


@task()
def bot_handle_message(*, message_id: int) -> str:
    return str(bot_message_handle(message_id=message_id))


@subscribe(EventType.MESSAGE_CREATED)
def bot_message_created(event: DomainEvent) -> None:
    data = event.payload["message"]
    if data["kind"] != MessageKind.INBOUND or data["author_kind"] != AuthorKind.CONTACT:
        return
    bot_on = BotSettings.objects.filter(
        workspace_id=event.workspace_id,
        enabled=True,
        inbox__tickets__workspace_id=event.workspace_id,
        inbox__tickets__number=data["ticket_number"],
    ).exists()
    if bot_on:
        enqueue_on_commit(bot_handle_message, message_id=int(data["id"]))


@subscribe(EventType.TICKET_CREATED)
def bot_ticket_created(event: DomainEvent) -> None:
    ticket = event.payload["ticket"]
    if ticket["channel"] not in BOT_CHANNELS:
        return
    # A new ticket's first message is not announced as message.created.
    first = (
        Message.objects.filter(
            workspace_id=event.workspace_id,
            ticket_id=ticket["id"],
            ticket__inbox__bot_settings__enabled=True,
        )
        .order_by("id")
        .values_list("pk", "kind", "author_kind")
        .first()
    )
    if first is not None and first[1] == MessageKind.INBOUND and first[2] == AuthorKind.CONTACT:
        enqueue_on_commit(bot_handle_message, message_id=first[0])
