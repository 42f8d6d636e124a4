"""The visitor HTTP API: token auth, Origin checked against the inbox, CORS for it only.

No session and no CSRF token: a visitor is their bearer token, and a browser
only lets pages on an allowed origin read the answers. The long poll is an
ASGI consumer (``poll.py``), so waiting never holds the process's sync thread.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from samadhan.channels.chat.cors import bearer, cors_headers
from samadhan.channels.chat.live import (
    message_rate_check,
    read_event,
    request_rate_check,
    signal_rate_check,
    typing_event,
)
from samadhan.channels.chat.models import ChatSettings, ChatVisitor
from samadhan.channels.chat.payloads import FILE_SALT
from samadhan.channels.chat.selectors import (
    chat_settings_get,
    origin_allowed,
    visitor_messages,
    widget_config,
    widget_language,
)
from samadhan.channels.chat.visitors import (
    Identification,
    chat_message_send,
    chat_read,
    chat_session_start,
    chat_upload,
    chat_visitor_profile,
    visitor_authenticate,
)
from samadhan.core.errors import AppError, ErrorCode, NotFound, ValidationFailed
from samadhan.realtime.events import send_now
from samadhan.tickets.downloads import attachment_response
from samadhan.tickets.models import Attachment

INLINE_IMAGES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})


class OriginRefused(AppError):
    code = ErrorCode.PERMISSION_DENIED


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def error_body(exc: AppError) -> dict[str, Any]:
    return {"code": str(exc.code), "message": exc.message, "fields": exc.fields}


Handler = Callable[..., dict[str, Any] | HttpResponse]


def visitor_api(*, auth: bool = True) -> Callable[[Handler], Callable[..., HttpResponse]]:
    """Origin, CORS, per-IP limit, the visitor's token, errors as ``{code, message, fields}``."""

    def decorate(handler: Handler) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(handler)
        def view(request: HttpRequest, public_id: str, **kwargs: Any) -> HttpResponse:
            origin = request.headers.get("Origin", "")
            language = widget_language(request.GET.get("lang", "") or request.LANGUAGE_CODE)
            headers: dict[str, str] = {}
            with translation.override(language):
                try:
                    chat_settings = chat_settings_get(public_id=public_id)
                    if not origin_allowed(chat_settings, origin):
                        raise OriginRefused(
                            _("This website (%(origin)s) is not allowed to use this chat."),
                            params={"origin": origin or "?"},
                        )
                    headers = cors_headers(origin)
                    if request.method == "OPTIONS":
                        return HttpResponse(status=204, headers=headers)
                    request_rate_check(ip=client_ip(request))
                    args: dict[str, Any] = {"chat_settings": chat_settings, **kwargs}
                    if auth:
                        visitor = visitor_authenticate(
                            chat_settings=chat_settings, token=bearer(request.headers)
                        )
                        translation.activate(widget_language(visitor.language or language))
                        args["visitor"] = visitor
                    result = handler(request, **args)
                except AppError as exc:
                    return JsonResponse(error_body(exc), status=exc.http_status, headers=headers)
            if isinstance(result, HttpResponse):
                for key, value in headers.items():
                    result[key] = value
                return result
            return JsonResponse(result, headers=headers)

        return view

    return decorate


def _json(request: HttpRequest) -> dict[str, Any]:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict):
        raise ValidationFailed(_("Send a JSON object."))
    return data


def _str(data: dict[str, Any], key: str, limit: int = 320) -> str:
    value = data.get(key)
    return value[:limit] if isinstance(value, str) else ""


def session_payload(visitor: ChatVisitor, token: str | None) -> dict[str, Any]:
    return {
        "token": token,
        "visitor": {"id": visitor.uid, "name": visitor.name, "email": visitor.email},
        "ticket_id": visitor.ticket_id,
        "read_up_to": visitor.read_up_to,
        "agent_read_up_to": visitor.agent_read_up_to,
        "messages": visitor_messages(visitor=visitor),
    }


@visitor_api(auth=False)
def config(request: HttpRequest, chat_settings: ChatSettings) -> dict[str, Any]:
    return widget_config(chat_settings, language=request.GET.get("lang", ""))


@visitor_api(auth=False)
def session(request: HttpRequest, chat_settings: ChatSettings) -> dict[str, Any]:
    """Start or resume: the token (a new one only for a new visitor), config and history."""
    data = _json(request)
    language = widget_language(_str(data, "language", 16))
    raw_identity = data.get("identity")
    ident = None
    if isinstance(raw_identity, dict) and raw_identity:
        ident = Identification(
            user_id=_str(raw_identity, "user_id", 255),
            email=_str(raw_identity, "email", 254),
            name=_str(raw_identity, "name", 200),
            user_hash=_str(raw_identity, "user_hash", 128),
        )
    started = chat_session_start(
        chat_settings=chat_settings,
        token=_str(data, "token", 200),
        language=language,
        ident=ident,
    )
    return {
        **session_payload(started.visitor, started.token),
        "config": widget_config(chat_settings, language=language),
    }


@visitor_api()
def messages(request: HttpRequest, chat_settings: ChatSettings, visitor: ChatVisitor) -> Any:
    if request.method == "GET":
        try:
            after = int(request.GET.get("after", "0"))
        except ValueError:
            after = 0
        return {"messages": visitor_messages(visitor=visitor, after=after)}
    data = _json(request)
    message_rate_check(visitor_id=visitor.pk, ip=client_ip(request))
    uploads = [u for u in data.get("uploads") or [] if isinstance(u, str)]
    text = data.get("text")
    message, created = chat_message_send(
        visitor=visitor,
        client_id=_str(data, "client_id", 100),
        text=text if isinstance(text, str) else "",
        uploads=uploads,
    )
    body = {
        "type": "ack",
        "client_id": _str(data, "client_id", 100),
        "message_id": message.pk,
        "ticket_id": message.ticket_id,
        "created_at": message.created_at.isoformat(),
        "duplicate": not created,
    }
    return JsonResponse(body, status=201 if created else 200)


@visitor_api()
def upload(request: HttpRequest, chat_settings: ChatSettings, visitor: ChatVisitor) -> Any:
    file = request.FILES.get("file")
    if request.method != "POST" or file is None:
        message = _("Send the file as multipart/form-data in the field 'file'.")
        raise ValidationFailed(message, fields={"file": [str(message)]})
    message_rate_check(visitor_id=visitor.pk, ip=client_ip(request))
    attachment, token = chat_upload(
        visitor=visitor,
        filename=file.name or "file",
        content_type=file.content_type or "",
        stream=file,
        size=file.size or 0,
    )
    return JsonResponse(
        {
            "upload": token,
            "filename": attachment.filename,
            "content_type": attachment.content_type,
            "size": attachment.size,
        },
        status=201,
    )


@visitor_api()
def profile(request: HttpRequest, chat_settings: ChatSettings, visitor: ChatVisitor) -> Any:
    data = _json(request)
    visitor = chat_visitor_profile(
        visitor=visitor, name=_str(data, "name", 200), email=_str(data, "email", 254)
    )
    return {"visitor": {"id": visitor.uid, "name": visitor.name, "email": visitor.email}}


@visitor_api()
def typing(request: HttpRequest, chat_settings: ChatSettings, visitor: ChatVisitor) -> Any:
    data = _json(request)
    signal_rate_check(visitor_id=visitor.pk)
    found = typing_event(visitor, typing=bool(data.get("typing")))
    if found is not None:
        send_now(*found)
    return {"ok": True}


@visitor_api()
def read(request: HttpRequest, chat_settings: ChatSettings, visitor: ChatVisitor) -> Any:
    data = _json(request)
    signal_rate_check(visitor_id=visitor.pk)
    up_to = data.get("up_to_message_id")
    if not isinstance(up_to, int) or up_to < 0:
        raise ValidationFailed(_("up_to_message_id must be a message id."))
    if chat_read(visitor=visitor, up_to_message_id=up_to):
        found = read_event(visitor, up_to_message_id=up_to)
        if found is not None:
            send_now(*found)
    return {"read_up_to": visitor.read_up_to}


def file(request: HttpRequest, public_id: str, signed: str) -> HttpResponseBase:
    """A file of the conversation, by its signed path (an <img> sends no token)."""
    try:
        attachment_id = signing.loads(signed, salt=FILE_SALT)
    except signing.BadSignature:
        attachment_id = None
    attachment = (
        Attachment.objects.filter(
            pk=attachment_id, message__ticket__inbox__public_id=public_id
        ).first()
        if isinstance(attachment_id, int)
        else None
    )
    if attachment is None:
        error = NotFound(_("File not found."))
        return JsonResponse(error_body(error), status=404)
    response = attachment_response(attachment)
    if attachment.content_type in INLINE_IMAGES:
        # Raster images only (never SVG), still sandboxed: previews in the widget.
        response["Content-Disposition"] = "inline"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response
