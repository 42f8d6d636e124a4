"""Reading and changing an inbox's bot settings (one row per inbox, made on first use)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import Agent
from samadhan.audit.services import audit_record
from samadhan.bots.models import BotSettings
from samadhan.channels.models import Inbox, InboxKind
from samadhan.core.errors import ValidationFailed

MAX_ARTICLES = 5
BOT_KINDS = (InboxKind.CHAT, InboxKind.EMAIL)


@dataclass(frozen=True, kw_only=True)
class BotSettingsChanges:
    """What to change; ``None`` leaves a setting alone. ``llm_api_key`` is never read back."""

    enabled: bool | None = None
    answer_chat: bool | None = None
    answer_email: bool | None = None
    threshold: float | None = None
    max_articles: int | None = None
    generative: bool | None = None
    llm_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None

    def given(self) -> dict[str, Any]:
        return {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None
        }


def bot_settings_get(*, inbox: Inbox) -> BotSettings:
    """The inbox's settings; an unsaved default row (bot off) when there are none yet."""
    found = BotSettings.objects.filter(workspace_id=inbox.workspace_id, inbox=inbox).first()
    return found or BotSettings(workspace_id=inbox.workspace_id, inbox=inbox)


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    threshold = values.get("threshold")
    if threshold is not None and not 0.0 <= float(threshold) <= 2.0:
        errors["threshold"] = [str(_("Between 0 and 2."))]
    count = values.get("max_articles")
    if count is not None and not 1 <= int(count) <= MAX_ARTICLES:
        errors["max_articles"] = [str(_("Between 1 and %(max)d.") % {"max": MAX_ARTICLES})]
    url = values.get("llm_url")
    if url and not str(url).startswith(("http://", "https://")):
        errors["llm_url"] = [str(_("An http:// or https:// URL."))]
    if errors:
        raise ValidationFailed(_("Some bot settings are not valid."), fields=errors)
    if "llm_url" in values:
        values["llm_url"] = str(values["llm_url"]).strip().rstrip("/")
    return values


@transaction.atomic
def bot_settings_update(
    *, inbox: Inbox, by: Agent | None, changes: BotSettingsChanges
) -> BotSettings:
    if inbox.kind not in BOT_KINDS:
        raise ValidationFailed(_("The answer bot works on chat and email inboxes only."))
    values = _clean(changes.given())
    bot, _created = BotSettings.objects.select_for_update().get_or_create(
        workspace_id=inbox.workspace_id, inbox=inbox
    )
    for name, value in values.items():
        setattr(bot, name, value)
    bot.save()
    shown = {k: ("***" if k == "llm_api_key" else v) for k, v in values.items()}
    audit_record(
        workspace=inbox.workspace,
        actor=by,
        action="bot_settings.updated",
        target=inbox,
        changes=shown,
    )
    return bot
