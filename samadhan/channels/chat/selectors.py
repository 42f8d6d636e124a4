"""Reads for the widget: inbox lookup, origin check, online status, config, history."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from samadhan.accounts.models import Membership, Team
from samadhan.channels.chat.models import ChatSettings, ChatVisitor
from samadhan.channels.chat.payloads import message_public_payload
from samadhan.channels.chat.services import origin_normalize
from samadhan.channels.chat.visitors import MAX_MESSAGE_CHARS, MAX_UPLOAD_BYTES
from samadhan.channels.models import InboxKind
from samadhan.core.conf import max_attachment_bytes
from samadhan.core.errors import NotFound
from samadhan.realtime.presence import agents_online
from samadhan.tickets.models import Message, MessageKind
from samadhan.workspaces.models import Workspace

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PUBLIC_KINDS = (MessageKind.INBOUND, MessageKind.OUTBOUND)
HISTORY_LIMIT = 200


def widget_language(requested: str) -> str:
    """The requested language if the widget speaks it (``hi-IN`` -> ``hi``), else English."""
    known = {code for code, _name in settings.LANGUAGES}
    code = (requested or "").strip().lower().replace("_", "-")
    for candidate in (code, code.split("-")[0]):
        if candidate in known:
            return candidate
    return "en"


def chat_settings_get(*, public_id: str) -> ChatSettings:
    found = (
        ChatSettings.objects.filter(
            inbox__public_id=public_id, inbox__kind=InboxKind.CHAT, inbox__is_active=True
        )
        .select_related("inbox", "inbox__workspace")
        .first()
    )
    if found is None:
        raise NotFound(gettext_lazy("This chat is not available."))
    return found


def origin_allowed(chat_settings: ChatSettings, origin: str | None) -> bool:
    """Only pages on an allowed origin may talk to the inbox (an empty list allows none)."""
    if not origin:
        return False
    normalized = origin_normalize(origin)
    return normalized is not None and normalized in chat_settings.allowed_origins


def business_open(workspace: Workspace, now: datetime.datetime | None = None) -> bool:
    """Within the workspace's opening hours (no hours set: always open), not on a holiday."""
    try:
        zone = ZoneInfo(workspace.timezone or "UTC")
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    local = (now or timezone.now()).astimezone(zone)
    if local.date().isoformat() in (workspace.holidays or []):
        return False
    hours = workspace.business_hours or {}
    if not hours:
        return True
    clock = local.strftime("%H:%M")
    spans = hours.get(WEEKDAYS[local.weekday()]) or []
    return any(opens <= clock < closes for opens, closes in spans)


def _agent_ids(chat_settings: ChatSettings) -> list[int]:
    inbox = chat_settings.inbox
    if inbox.default_team_id is not None:
        return list(
            Team.members.through.objects.filter(team_id=inbox.default_team_id).values_list(
                "agent_id", flat=True
            )
        )
    return list(
        Membership.objects.filter(workspace_id=inbox.workspace_id, is_active=True).values_list(
            "agent_id", flat=True
        )
    )


def chat_status(chat_settings: ChatSettings) -> dict[str, Any]:
    """``online`` when open and an agent of the inbox's team (or workspace) is online."""
    workspace = chat_settings.inbox.workspace
    if not business_open(workspace):
        return {"online": False, "reason": "closed"}
    online = agents_online(workspace_id=workspace.pk, agent_ids=_agent_ids(chat_settings))
    return {"online": bool(online), "reason": "open" if online else "away"}


def _strings(*, reply_minutes: int) -> dict[str, str]:
    return {
        "title": _("Chat with us"),
        "open": _("Open chat"),
        "close": _("Close chat"),
        "placeholder": _("Write a message…"),
        "send": _("Send"),
        "attach": _("Attach a file"),
        "emoji": _("Insert emoji"),
        "online": _("We are online"),
        "away": _("We are away right now. Leave a message and your email: we will reply by email."),
        "closed": _("We are closed now. Leave a message and your email: we will reply by email."),
        "away_later": _("We are away right now. Leave a message: we will answer when we are back."),
        "closed_later": _("We are closed now. Leave a message: we will answer when we open."),
        # Rendered here, with its number: the widget has no plural rules of its own.
        "reply_time": ngettext(
            "We usually reply within %(minutes)s minute.",
            "We usually reply within %(minutes)s minutes.",
            reply_minutes,
        )
        % {"minutes": reply_minutes},
        "typing": _("%(name)s is typing…"),
        "agent": _("Support"),
        "you": _("You"),
        "delivered": _("Delivered"),
        "read": pgettext("message delivery status", "Read"),
        "sending": _("Sending…"),
        "failed": _("Not sent yet; retrying"),
        "new_messages": _("New messages: %(count)s"),
        "name": _("Your name"),
        "email": _("Your email"),
        "start": _("Start chat"),
        "email_prompt": _("Your email, so we can reply if you leave"),
        "save": _("Save"),
        "saved": _("Thank you: we will reply to this address."),
        "reconnecting": _("Reconnecting…"),
        "too_long": _("The message is too long."),
        "file_too_large": _("The file is too large."),
        "messages": _("Messages"),
    }


def widget_config(chat_settings: ChatSettings, *, language: str) -> dict[str, Any]:
    language = widget_language(language)
    with translation.override(language):
        strings = _strings(reply_minutes=chat_settings.expected_reply_minutes)
    greeting = chat_settings.greeting or {}
    return {
        "language": language,
        "languages": [code for code, _name in settings.LANGUAGES],
        "strings": strings,
        "theme": {
            "color": chat_settings.color,
            "position": chat_settings.position,
            "avatar_url": chat_settings.avatar_url,
        },
        "greeting": greeting.get(language) or greeting.get("") or greeting.get("en") or "",
        "prechat_form": chat_settings.prechat_form,
        "email_continuation": chat_settings.offline_email_inbox_id is not None,
        "expected_reply_minutes": chat_settings.expected_reply_minutes,
        "status": chat_status(chat_settings),
        "limits": {
            "message_chars": MAX_MESSAGE_CHARS,
            "upload_bytes": min(MAX_UPLOAD_BYTES, max_attachment_bytes()),
        },
    }


def visitor_messages(*, visitor: ChatVisitor, after: int = 0) -> list[dict[str, Any]]:
    """The visitor's conversation in server order: public messages only, never notes."""
    if visitor.ticket_id is None:
        return []
    messages = (
        Message.objects.filter(
            workspace_id=visitor.workspace_id,
            ticket_id=visitor.ticket_id,
            kind__in=PUBLIC_KINDS,
            pk__gt=after,
        )
        .select_related("author_agent")
        .prefetch_related("attachments")
        .order_by("id")[:HISTORY_LIMIT]
    )
    return [message_public_payload(m, public_id=visitor.inbox.public_id) for m in messages]
