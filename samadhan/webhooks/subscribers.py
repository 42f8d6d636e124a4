from __future__ import annotations

from samadhan.core.domain_events import DomainEvent, EventType, subscribe
from samadhan.webhooks.services import webhook_deliveries_create


@subscribe(*EventType)
def deliver_to_webhooks(event: DomainEvent) -> None:
    webhook_deliveries_create(event=event)
