"""The visitor's WebSocket: messages, typing and receipts both ways, live.

Protocol (JSON): client -> server ``auth`` {token} (or ``?token=`` in the URL),
``message`` {client_id, text, uploads}, ``typing`` {typing}, ``read``
{up_to_message_id}, ``ping``; server -> client ``ready``, ``ack`` {client_id,
message_id, created_at}, ``message.created``, ``typing``, ``receipt``,
``error`` {code, message, client_id}. A socket from a page outside the inbox's
allowed origins is closed with 4403 after an ``error`` saying why.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from samadhan.channels.chat.live import (
    message_rate_check,
    read_event,
    request_rate_check,
    signal_rate_check,
    typing_event,
)
from samadhan.channels.chat.models import ChatSettings, ChatVisitor
from samadhan.channels.chat.selectors import chat_settings_get, origin_allowed, widget_language
from samadhan.channels.chat.visitors import (
    chat_agent_read,
    chat_message_send,
    chat_read,
    chat_visitor_presence,
    visitor_authenticate,
)
from samadhan.core.errors import AppError, ErrorCode, ValidationFailed
from samadhan.realtime.events import ClientEventType, send_now_async
from samadhan.realtime.groups import ticket_public_group, visitor_group

CLOSE_ORIGIN = 4403
CLOSE_UNAUTHORIZED = 4401
CLOSE_NOT_FOUND = 4404
CLOSE_RATE_LIMITED = 4429


def _settings(public_id: str) -> ChatSettings | None:
    try:
        return chat_settings_get(public_id=public_id)
    except AppError:
        return None


def _send(visitor: ChatVisitor, data: dict[str, Any]) -> dict[str, Any]:
    uploads = [u for u in data.get("uploads") or [] if isinstance(u, str)]
    text = data.get("text")
    message, created = chat_message_send(
        visitor=visitor,
        client_id=str(data.get("client_id") or "")[:100],
        text=text if isinstance(text, str) else "",
        uploads=uploads,
    )
    return {
        "type": "ack",
        "client_id": data.get("client_id"),
        "message_id": message.pk,
        "ticket_id": message.ticket_id,
        "created_at": message.created_at.isoformat(),
        "duplicate": not created,
    }


class VisitorConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    chat_settings: ChatSettings | None = None
    visitor: ChatVisitor | None = None
    language = "en"

    async def connect(self) -> None:
        self.joined: set[str] = set()
        await self.accept()
        query = parse_qs(self.scope.get("query_string", b"").decode())
        self.language = widget_language((query.get("lang") or [""])[0])
        public_id = self.scope["url_route"]["kwargs"]["public_id"]
        headers = dict(self.scope.get("headers") or [])
        origin = headers.get(b"origin", b"").decode("latin-1")
        client = self.scope.get("client") or ["unknown"]
        self.ip = str(client[0])
        self.chat_settings = await database_sync_to_async(_settings)(public_id)
        if self.chat_settings is None:
            await self._refuse(CLOSE_NOT_FOUND, "not_found", _("This chat is not available."))
            return
        if not origin_allowed(self.chat_settings, origin):
            await self._refuse(
                CLOSE_ORIGIN,
                "origin_not_allowed",
                _("This website (%(origin)s) is not allowed to use this chat.")
                % {"origin": origin or "?"},
            )
            return
        try:
            request_rate_check(ip=self.ip)
        except AppError as exc:
            await self._refuse(CLOSE_RATE_LIMITED, str(exc.code), exc.message)
            return
        token = (query.get("token") or [""])[0]
        if token:
            await self._auth(token)

    async def _refuse(self, code: int, error: str, message: Any) -> None:
        with translation.override(self.language):
            await self.send_json({"type": "error", "code": error, "message": str(message)})
        await self.close(code=code)

    async def _auth(self, token: str) -> None:
        if self.chat_settings is None:
            return
        try:
            self.visitor = await database_sync_to_async(visitor_authenticate)(
                chat_settings=self.chat_settings, token=token
            )
        except AppError as exc:
            with translation.override(self.language):
                message = exc.message
            await self._refuse(CLOSE_UNAUTHORIZED, "unauthorized", message)
            return
        self.language = widget_language(self.visitor.language or self.language)
        await self._join(visitor_group(self.visitor.pk))
        if self.visitor.ticket_id is not None:
            await self._join(ticket_public_group(self.visitor.ticket_id))
        await database_sync_to_async(chat_visitor_presence)(
            visitor_id=self.visitor.pk, connected=True
        )
        await self.send_json({"type": "ready", "ticket_id": self.visitor.ticket_id})

    async def _join(self, group: str) -> None:
        if group not in self.joined:
            self.joined.add(group)
            await self.channel_layer.group_add(group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if self.chat_settings is None:
            return
        kind = content.get("type") if isinstance(content, dict) else None
        if self.visitor is None:
            if kind == "auth" and isinstance(content.get("token"), str):
                await self._auth(content["token"])
            else:
                await self._refuse(
                    CLOSE_UNAUTHORIZED, "unauthorized", _("Send your chat token first.")
                )
            return
        try:
            with translation.override(self.language):
                await self._handle(str(kind), content)
        except AppError as exc:
            with translation.override(self.language):
                await self.send_json(
                    {
                        "type": "error",
                        "code": str(exc.code),
                        "message": exc.message,
                        "fields": exc.fields,
                        "client_id": content.get("client_id"),
                    }
                )

    async def _handle(self, kind: str, content: dict[str, Any]) -> None:
        visitor = self.visitor
        if visitor is None:
            return
        if kind == "message":
            message_rate_check(visitor_id=visitor.pk, ip=self.ip)
            ack = await database_sync_to_async(_send)(visitor, content)
            await self.send_json(ack)
            if visitor.ticket_id is not None:
                await self._join(ticket_public_group(visitor.ticket_id))
        elif kind == "typing":
            signal_rate_check(visitor_id=visitor.pk)
            found = typing_event(visitor, typing=bool(content.get("typing")))
            if found is not None:
                await send_now_async(*found)
        elif kind == "read":
            up_to = content.get("up_to_message_id")
            if not isinstance(up_to, int) or up_to < 0:
                raise ValidationFailed(_("up_to_message_id must be a message id."))
            signal_rate_check(visitor_id=visitor.pk)
            if await database_sync_to_async(chat_read)(visitor=visitor, up_to_message_id=up_to):
                found = read_event(visitor, up_to_message_id=up_to)
                if found is not None:
                    await send_now_async(*found)
        elif kind == "ping":
            await database_sync_to_async(chat_visitor_presence)(
                visitor_id=visitor.pk, connected=True
            )
            await self.send_json({"type": "pong"})
        else:
            raise AppError(_("Unknown message type."), code=ErrorCode.BAD_REQUEST)

    async def realtime_event(self, message: dict[str, Any]) -> None:
        event = message["event"]
        if event.get("type") == ClientEventType.MESSAGE_CREATED and event.get("ticket_id"):
            # The first message opened the ticket: follow it (another tab, a follow-up).
            if self.visitor is not None:
                self.visitor.ticket_id = int(event["ticket_id"])
            await self._join(ticket_public_group(int(event["ticket_id"])))
        elif event.get("type") == ClientEventType.RECEIPT and self.visitor is not None:
            # Receipts on the public group are the agents' (the visitor's go to agents).
            up_to = event.get("up_to_message_id")
            if isinstance(up_to, int) and self.visitor.ticket_id == event.get("ticket_id"):
                await database_sync_to_async(chat_agent_read)(
                    ticket_id=self.visitor.ticket_id, up_to_message_id=up_to
                )
        await self.send_json(event)

    async def disconnect(self, code: int) -> None:
        for group in self.joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        if self.visitor is not None:
            await database_sync_to_async(chat_visitor_presence)(
                visitor_id=self.visitor.pk, connected=False
            )
