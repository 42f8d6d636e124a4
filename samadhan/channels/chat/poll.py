"""The long poll, for browsers without a working WebSocket: an ASGI consumer.

It waits up to ``POLL_SECONDS`` on the channel layer, on the event loop: a
Django view would hold the process's one sync thread for the whole wait
(docs/decisions/0004-asgi-one-sync-thread.md). Database work is short and goes
through ``database_sync_to_async``.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.http import AsyncHttpConsumer
from channels.layers import get_channel_layer
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from samadhan.channels.chat.cors import bearer, cors_headers
from samadhan.channels.chat.live import request_rate_check
from samadhan.channels.chat.models import ChatVisitor
from samadhan.channels.chat.selectors import (
    chat_settings_get,
    origin_allowed,
    visitor_messages,
    widget_language,
)
from samadhan.channels.chat.visitors import chat_visitor_presence, visitor_authenticate
from samadhan.core.errors import AppError, PermissionDenied
from samadhan.realtime.groups import ticket_public_group, visitor_group

POLL_SECONDS = 25.0
# After the first event, a moment for the ones that come with it (typing stops, the message).
GATHER_SECONDS = 0.2


def _visitor(public_id: str, origin: str, token: str, ip: str) -> ChatVisitor:
    chat_settings = chat_settings_get(public_id=public_id)
    if not origin_allowed(chat_settings, origin):
        raise PermissionDenied(
            _("This website (%(origin)s) is not allowed to use this chat."),
            params={"origin": origin or "?"},
        )
    request_rate_check(ip=ip)
    visitor = visitor_authenticate(chat_settings=chat_settings, token=token)
    chat_visitor_presence(visitor_id=visitor.pk, connected=True)
    return visitor


def _origin_allowed(public_id: str, origin: str) -> bool:
    try:
        return origin_allowed(chat_settings_get(public_id=public_id), origin)
    except AppError:
        return False


class VisitorPollConsumer(AsyncHttpConsumer):  # type: ignore[misc]
    """``GET /chat/v1/<public_id>/poll?after=<message id>``: new messages and events."""

    poll_seconds = POLL_SECONDS

    async def _reply(self, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
        raw = b"" if status == 204 else json.dumps(body).encode()
        pairs = [(b"Content-Type", b"application/json")]
        pairs += [(k.encode(), v.encode()) for k, v in headers.items()]
        await self.send_response(status, raw, headers=pairs)

    async def handle(self, body: bytes) -> None:
        query = parse_qs(self.scope.get("query_string", b"").decode())
        headers = {
            k.decode("latin-1").lower(): v.decode("latin-1") for k, v in self.scope["headers"]
        }
        origin = headers.get("origin", "")
        language = widget_language((query.get("lang") or [""])[0])
        public_id = self.scope["url_route"]["kwargs"]["public_id"]
        ip = str((self.scope.get("client") or ["unknown"])[0])
        try:
            after = int((query.get("after") or ["0"])[0])
        except ValueError:
            after = 0
        if self.scope["method"] == "OPTIONS":
            # The preflight carries no token: the origin alone decides.
            allowed = await database_sync_to_async(_origin_allowed)(public_id, origin)
            await self._reply(204 if allowed else 403, {}, cors_headers(origin) if allowed else {})
            return
        try:
            visitor = await database_sync_to_async(_visitor)(public_id, origin, bearer(headers), ip)
        except AppError as exc:
            # A refused origin gets no CORS headers; the others may read why (401: new session).
            refused = isinstance(exc, PermissionDenied) or not origin
            with translation.override(language):
                error = {"code": str(exc.code), "message": exc.message, "fields": exc.fields}
            await self._reply(exc.http_status, error, {} if refused else cors_headers(origin))
            return
        cors = cors_headers(origin)
        events = await self._wait(visitor, after)
        messages = await database_sync_to_async(visitor_messages)(visitor=visitor, after=after)
        await self._reply(200, {"messages": messages, "events": events}, cors)

    async def _wait(self, visitor: ChatVisitor, after: int) -> list[dict[str, Any]]:
        layer = get_channel_layer()
        if layer is None:
            return []
        channel = await layer.new_channel()
        groups = [visitor_group(visitor.pk)]
        if visitor.ticket_id is not None:
            groups.append(ticket_public_group(visitor.ticket_id))
        for group in groups:
            await layer.group_add(group, channel)
        events: list[dict[str, Any]] = []
        try:
            # Joined first, read second: nothing committed in between is missed.
            if await database_sync_to_async(visitor_messages)(visitor=visitor, after=after):
                return events
            timeout = self.poll_seconds
            while True:
                try:
                    received = await asyncio.wait_for(layer.receive(channel), timeout)
                except TimeoutError:
                    break
                event = received.get("event")
                if isinstance(event, dict):
                    events.append(event)
                timeout = GATHER_SECONDS
        finally:
            for group in groups:
                await layer.group_discard(group, channel)
        # Messages come from the database (in order); the rest are live signals.
        return [e for e in events if e.get("type") != "message.created"]
