"""Creating and configuring chat inboxes (audited; the identity secret never is)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import Agent, Team
from samadhan.audit.services import audit_diff, audit_record
from samadhan.channels.chat.models import ChatSettings, Position
from samadhan.channels.models import Inbox, InboxKind
from samadhan.channels.services import inbox_create
from samadhan.core.errors import ValidationFailed
from samadhan.workspaces.models import Workspace

MAX_ORIGINS = 50
MAX_GREETING_CHARS = 500
GREETING_LANGUAGES = ("", "en", "hi", "mr", "te", "lv")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True, kw_only=True)
class ChatSettingsChanges:
    """What to change; ``None`` leaves a setting alone."""

    allowed_origins: list[str] | None = None
    color: str | None = None
    position: str | None = None
    greeting: dict[str, str] | None = None
    avatar_url: str | None = None
    prechat_form: bool | None = None
    offline_email_inbox_id: int | None = None
    set_offline_email_inbox: bool = False
    expected_reply_minutes: int | None = None

    def given(self) -> dict[str, Any]:
        skip = {"set_offline_email_inbox", "offline_email_inbox_id"}
        values = {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name not in skip and getattr(self, f.name) is not None
        }
        if self.set_offline_email_inbox:
            values["offline_email_inbox_id"] = self.offline_email_inbox_id
        return values


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, fields={field: [message]})


def origin_normalize(value: str) -> str | None:
    """``https://Shop.example.com/any/path`` -> ``https://shop.example.com``; None if not one."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.encode("idna").decode("ascii").lower()
    default = {"http": 80, "https": 443}[parts.scheme]
    try:
        port = parts.port
    except ValueError:
        return None
    suffix = f":{port}" if port and port != default else ""
    return f"{parts.scheme}://{host}{suffix}"


def _origins(values: list[str]) -> list[str]:
    cleaned: list[str] = []
    for value in values:
        if not value.strip():
            continue
        origin = origin_normalize(value)
        if origin is None:
            raise _invalid(
                "allowed_origins",
                str(_("Not a website origin (like https://shop.example.com): %(value)s"))
                % {"value": value[:100]},
            )
        if origin not in cleaned:
            cleaned.append(origin)
    if len(cleaned) > MAX_ORIGINS:
        raise _invalid(
            "allowed_origins", str(_("Give at most %(max)d origins.")) % {"max": MAX_ORIGINS}
        )
    return cleaned


def _greeting(values: dict[str, str]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for language, value in values.items():
        if language not in GREETING_LANGUAGES:
            raise _invalid("greeting", str(_("Unknown language: %(code)s")) % {"code": language})
        text = str(value).strip()
        if len(text) > MAX_GREETING_CHARS:
            raise _invalid(
                "greeting",
                str(_("Keep the greeting under %(max)d characters.")) % {"max": MAX_GREETING_CHARS},
            )
        if text:
            cleaned[language] = text
    return cleaned


def _clean(workspace: Workspace, values: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    if "allowed_origins" in cleaned:
        cleaned["allowed_origins"] = _origins(list(cleaned["allowed_origins"]))
    if "color" in cleaned and not _COLOR.match(str(cleaned["color"])):
        raise _invalid("color", str(_("Give a colour as #RRGGBB.")))
    if "position" in cleaned and cleaned["position"] not in Position.values:
        raise _invalid("position", str(_("Choose left or right.")))
    if "greeting" in cleaned:
        cleaned["greeting"] = _greeting(dict(cleaned["greeting"]))
    if "avatar_url" in cleaned:
        url = str(cleaned["avatar_url"]).strip()
        if url and not url.startswith("https://"):
            raise _invalid("avatar_url", str(_("Use an https:// address.")))
        cleaned["avatar_url"] = url
    if "expected_reply_minutes" in cleaned and not (
        0 <= int(cleaned["expected_reply_minutes"]) <= 7 * 24 * 60
    ):
        raise _invalid("expected_reply_minutes", str(_("Use 0 to 10080 minutes.")))
    inbox_id = cleaned.get("offline_email_inbox_id")
    if (
        inbox_id is not None
        and not Inbox.objects.filter(
            workspace=workspace, pk=inbox_id, kind=InboxKind.EMAIL
        ).exists()
    ):
        raise _invalid("offline_email_inbox_id", str(_("Choose an email inbox of this workspace.")))
    return cleaned


def _audit_view(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k != "identity_secret"}


def chat_inbox_create(
    *,
    workspace: Workspace,
    name: str,
    by: Agent | None,
    default_team: Team | None = None,
    settings: ChatSettingsChanges | None = None,
) -> Inbox:
    values = _clean(workspace, (settings or ChatSettingsChanges()).given())
    with transaction.atomic():
        inbox = inbox_create(
            workspace=workspace, kind=InboxKind.CHAT, name=name, default_team=default_team, by=by
        )
        ChatSettings.objects.create(inbox=inbox, identity_secret=secrets.token_hex(32), **values)
        audit_record(
            workspace=workspace,
            actor=by,
            action="chat_settings.created",
            target=inbox,
            changes=_audit_view(values),
        )
    return inbox


def chat_settings_update(
    *, chat_settings: ChatSettings, by: Agent | None, changes: ChatSettingsChanges
) -> ChatSettings:
    inbox = chat_settings.inbox
    values = _clean(inbox.workspace, changes.given())
    before = {k: getattr(chat_settings, k) for k in values}
    diff = audit_diff(before, values)
    if not diff:
        return chat_settings
    with transaction.atomic():
        for key, value in values.items():
            setattr(chat_settings, key, value)
        chat_settings.save()
        audit_record(
            workspace=inbox.workspace,
            actor=by,
            action="chat_settings.updated",
            target=inbox,
            changes=diff,
        )
    return chat_settings


def chat_identity_secret_rotate(*, chat_settings: ChatSettings, by: Agent | None) -> str:
    """A new identity-verification secret, returned once: hashes made with the old one fail."""
    secret = secrets.token_hex(32)
    with transaction.atomic():
        chat_settings.identity_secret = secret
        chat_settings.save(update_fields=["identity_secret", "updated_at"])
        audit_record(
            workspace=chat_settings.inbox.workspace,
            actor=by,
            action="chat_settings.identity_secret_rotated",
            target=chat_settings.inbox,
            changes={},
        )
    return secret
