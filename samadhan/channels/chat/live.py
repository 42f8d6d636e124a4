"""Ephemeral signals from visitors to agents (typing, read receipts) and per-visitor limits."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from samadhan.channels.chat.models import ChatVisitor
from samadhan.core.errors import AppError, ErrorCode
from samadhan.core.ratelimit import hit
from samadhan.realtime.events import ClientEvent, ClientEventType
from samadhan.realtime.groups import ticket_group

MESSAGES_PER_MINUTE = 20
MESSAGES_PER_MINUTE_PER_IP = 60
REQUESTS_PER_MINUTE_PER_IP = 600
SIGNALS_PER_MINUTE = 120


class RateLimited(AppError):
    code = ErrorCode.RATE_LIMITED


def _check(key: str, limit: int) -> None:
    verdict = hit(key=key, limit=limit, window_seconds=60)
    if not verdict.allowed:
        raise RateLimited(
            _("Too many messages; wait %(seconds)d seconds."),
            params={"seconds": verdict.retry_after},
        )


def request_rate_check(*, ip: str) -> None:
    _check(f"chat:req:{ip}", REQUESTS_PER_MINUTE_PER_IP)


def message_rate_check(*, visitor_id: int, ip: str) -> None:
    _check(f"chat:msg:{visitor_id}", MESSAGES_PER_MINUTE)
    _check(f"chat:msg-ip:{ip}", MESSAGES_PER_MINUTE_PER_IP)


def signal_rate_check(*, visitor_id: int) -> None:
    _check(f"chat:sig:{visitor_id}", SIGNALS_PER_MINUTE)


def _who(visitor: ChatVisitor) -> dict[str, str]:
    return {"kind": "visitor", "name": visitor.name}


def typing_event(visitor: ChatVisitor, *, typing: bool) -> tuple[str, ClientEvent] | None:
    """For ``ticket_group`` (agents): the visitor is typing; None before the chat has a ticket."""
    if visitor.ticket_id is None:
        return None
    event = ClientEvent(
        type=ClientEventType.TYPING,
        payload={"ticket_id": visitor.ticket_id, "who": _who(visitor), "typing": bool(typing)},
    )
    return ticket_group(visitor.ticket_id), event


def read_event(visitor: ChatVisitor, *, up_to_message_id: int) -> tuple[str, ClientEvent] | None:
    """For ``ticket_group`` (agents): the visitor has read the replies up to this message."""
    if visitor.ticket_id is None:
        return None
    event = ClientEvent(
        type=ClientEventType.RECEIPT,
        payload={
            "ticket_id": visitor.ticket_id,
            "status": "read",
            "up_to_message_id": up_to_message_id,
            "who": _who(visitor),
        },
    )
    return ticket_group(visitor.ticket_id), event
