"""Chat inbox options as the inbox API reads and writes them (the secret is write-only)."""

from __future__ import annotations

from typing import Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from samadhan.channels.chat.models import ChatSettings
from samadhan.channels.chat.services import ChatSettingsChanges
from samadhan.channels.models import Inbox
from samadhan.core.conf import public_url


class ChatOptionsIn(Schema):
    """Chat inbox options; ``None`` (or absent) leaves a setting as it is."""

    model_config = ConfigDict(extra="forbid")
    allowed_origins: list[str] | None = Field(None, max_length=50)
    color: str | None = Field(None, max_length=7)
    position: Literal["left", "right"] | None = None
    greeting: dict[str, str] | None = None
    avatar_url: str | None = Field(None, max_length=500)
    prechat_form: bool | None = None
    offline_email_inbox_id: int | None = None
    expected_reply_minutes: int | None = Field(None, ge=0, le=10080)


class ChatOptionsOut(Schema):
    public_id: str
    allowed_origins: list[str]
    color: str
    position: str
    greeting: dict[str, str]
    avatar_url: str
    prechat_form: bool
    offline_email_inbox_id: int | None
    expected_reply_minutes: int
    identity_secret_set: bool
    snippet: str


class IdentitySecretOut(Schema):
    # Shown once: rotate again to see a new one (hashes made with the old one then fail).
    secret: str


def chat_changes(options: ChatOptionsIn) -> ChatSettingsChanges:
    values: dict[str, Any] = options.model_dump(exclude_unset=True, exclude_none=True)
    values.pop("offline_email_inbox_id", None)
    clear = "offline_email_inbox_id" in options.model_fields_set
    return ChatSettingsChanges(
        **values,
        offline_email_inbox_id=options.offline_email_inbox_id,
        set_offline_email_inbox=clear,
    )


def widget_snippet(inbox: Inbox) -> str:
    return (
        f'<script async src="{public_url()}/static/chat/widget.js" '
        f'data-samadhan-inbox="{inbox.public_id}"></script>'
    )


def chat_out(inbox: Inbox) -> dict[str, Any] | None:
    s = ChatSettings.objects.filter(inbox=inbox).first()
    if s is None:
        return None
    return {
        "public_id": inbox.public_id,
        "allowed_origins": s.allowed_origins,
        "color": s.color,
        "position": s.position,
        "greeting": s.greeting,
        "avatar_url": s.avatar_url,
        "prechat_form": s.prechat_form,
        "offline_email_inbox_id": s.offline_email_inbox_id,
        "expected_reply_minutes": s.expected_reply_minutes,
        "identity_secret_set": bool(s.identity_secret),
        "snippet": widget_snippet(inbox),
    }
