from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from samadhan.core import domain_events
from samadhan.core.domain_events import DomainEvent, EventType


@contextmanager
def capture_events() -> Iterator[list[DomainEvent]]:
    """Collect every domain event delivered while the block runs."""
    captured: list[DomainEvent] = []

    def record(event: DomainEvent) -> None:
        captured.append(event)

    for event_type in EventType:
        domain_events._subscribers[event_type].append(record)
    try:
        yield captured
    finally:
        for event_type in EventType:
            domain_events._subscribers[event_type].remove(record)
