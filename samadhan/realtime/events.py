"""Realtime client events: typed, sent to a channel-layer group, only after commit.

Every event a browser receives is a ``ClientEvent``: a ``type`` from
``ClientEventType`` and a JSON payload. Consumers receive channel-layer messages
``{"type": "realtime.event", "event": {...}}`` and forward ``event`` as JSON text
to their socket unchanged, so what is sent here is exactly what a browser sees.

Writes publish with ``send_on_commit`` (STYLE.md rule 4): a rolled-back change
never reaches a screen. ``send_now`` is for ephemeral signals that have no
transaction (typing, viewing, presence).
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Future
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer

from samadhan.core.asgi import server_loop
from samadhan.core.transaction import on_commit

logger = logging.getLogger(__name__)

# The channel-layer message type consumers implement as ``realtime_event``.
LAYER_MESSAGE_TYPE = "realtime.event"


class ClientEventType(StrEnum):
    MESSAGE_CREATED = "message.created"
    TICKET_CHANGED = "ticket.changed"
    TYPING = "typing"
    VIEWING = "viewing"
    PRESENCE = "presence"
    RECEIPT = "receipt"
    NOTIFICATION = "notification"


@dataclass(frozen=True, kw_only=True)
class ClientEvent:
    type: ClientEventType
    payload: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {"type": str(self.type), **self.payload}


_pending: set[asyncio.Task[None]] = set()


def _log_failure(future: Future[None]) -> None:
    exc = future.exception()
    if exc is not None:
        logger.error("realtime send failed", exc_info=exc)


def send_now(group: str, event: ClientEvent) -> None:
    """Send ``event`` to every connection in ``group`` (sync callers)."""
    layer = get_channel_layer()
    if layer is None:
        return
    message = {"type": LAYER_MESSAGE_TYPE, "event": event.as_json()}
    loop = server_loop()
    main_loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    in_server_thread = main_loop is not None
    if loop is not None and not in_server_thread:
        # A thread of its own (the embedded worker): hand the send to the server's
        # loop, in order, without waiting for it.
        future = asyncio.run_coroutine_threadsafe(layer.group_send(group, message), loop)
        future.add_done_callback(_log_failure)
        return
    if main_loop is not None and main_loop.is_running() and isinstance(layer, InMemoryChannelLayer):
        # The sync thread of a request or a consumer's database call. An in-memory send
        # is a few queue puts on the loop; waiting for it cost the process's one sync
        # thread a round trip to a busy loop per event (8 per chat message). Hand it
        # over in order, as the worker does. (Redis sends await the network: they wait.)
        future = asyncio.run_coroutine_threadsafe(layer.group_send(group, message), main_loop)
        future.add_done_callback(_log_failure)
        return
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is not None:
        # Sync code called straight from a loop's thread (a browser test's ORM calls
        # under DJANGO_ALLOW_ASYNC_UNSAFE): async_to_sync refuses; queue it on that loop.
        task = running.create_task(layer.group_send(group, message))
        _pending.add(task)  # the loop keeps only a weak reference
        task.add_done_callback(_pending.discard)
        return
    # A view or a test: asgiref runs the send on the loop that called us, if any.
    async_to_sync(layer.group_send)(group, message)


async def send_now_async(group: str, event: ClientEvent) -> None:
    """``send_now`` for consumers and other async code."""
    layer = get_channel_layer()
    if layer is None:
        return
    await layer.group_send(group, {"type": LAYER_MESSAGE_TYPE, "event": event.as_json()})


def send_on_commit(groups: list[str], event: ClientEvent) -> None:
    """Send ``event`` to ``groups`` once the current transaction commits."""

    def deliver() -> None:
        for group in groups:
            send_now(group, event)

    on_commit(deliver)
