"""Domain events: what happened, dispatched to subscribers after commit.

Services publish a ``DomainEvent`` (an Enum name plus a typed payload);
subscribers (webhooks, notifications, later automations, reporting, bots)
register with ``@subscribe``. Subscribers run after the transaction commits and
must be quick: anything slow is a task they enqueue.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.utils import timezone

from samadhan.core.transaction import on_commit

logger = logging.getLogger(__name__)


class EventType(StrEnum):
    TICKET_CREATED = "ticket.created"
    TICKET_UPDATED = "ticket.updated"
    TICKET_MERGED = "ticket.merged"
    MESSAGE_CREATED = "message.created"
    CONTACT_CREATED = "contact.created"
    CONTACT_UPDATED = "contact.updated"
    CONTACT_MERGED = "contact.merged"
    AGENT_MENTIONED = "agent.mentioned"
    # Payload: {"article_id", "translation_id", "language", "status", "content_hash"}.
    KB_TRANSLATION_SAVED = "kb.translation.saved"
    KB_ARTICLE_DELETED = "kb.article.deleted"


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    type: EventType
    workspace_id: int
    payload: dict[str, Any]
    occurred_at: Any = field(default_factory=timezone.now)


Subscriber = Callable[[DomainEvent], None]
_subscribers: dict[EventType, list[Subscriber]] = defaultdict(list)


def subscribe(*types: EventType) -> Callable[[Subscriber], Subscriber]:
    def register(func: Subscriber) -> Subscriber:
        for event_type in types:
            if func not in _subscribers[event_type]:
                _subscribers[event_type].append(func)
        return func

    return register


def subscribers_for(event_type: EventType) -> list[Subscriber]:
    return list(_subscribers[event_type])


def _deliver(event: DomainEvent) -> None:
    for subscriber in subscribers_for(event.type):
        try:
            subscriber(event)
        except Exception:  # one broken subscriber must not starve the rest
            logger.exception("subscriber %s failed for %s", subscriber.__qualname__, event.type)


def publish(event: DomainEvent) -> None:
    """Queue ``event`` for its subscribers once the current transaction commits."""
    on_commit(lambda: _deliver(event))
