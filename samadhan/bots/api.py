"""An inbox's answer bot over the API: ``GET/PATCH /api/v1/inboxes/{id}/bot`` (admins)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import ConfigDict, Field

from samadhan.api.auth import actor_of
from samadhan.bots.configuration import (
    MAX_ARTICLES,
    BotSettingsChanges,
    bot_settings_get,
    bot_settings_update,
)
from samadhan.bots.models import BotSettings
from samadhan.channels.access import access_inbox

router = Router(tags=["bots"])


class BotIn(Schema):
    """Settings to change; absent fields stay as they are. ``llm_api_key`` is write-only."""

    model_config = ConfigDict(extra="forbid")
    enabled: bool | None = None
    answer_chat: bool | None = None
    answer_email: bool | None = None
    threshold: float | None = Field(None, ge=0, le=2)
    max_articles: int | None = Field(None, ge=1, le=MAX_ARTICLES)
    generative: bool | None = None
    llm_url: str | None = Field(None, max_length=500)
    llm_model: str | None = Field(None, max_length=200)
    llm_api_key: str | None = Field(None, max_length=500)


class BotOut(Schema):
    inbox_id: int
    enabled: bool
    answer_chat: bool
    answer_email: bool
    threshold: float
    max_articles: int
    generative: bool
    llm_url: str
    llm_model: str
    # Whether a key is stored; the key itself is never returned.
    llm_api_key_set: bool


def _out(bot: BotSettings) -> dict[str, Any]:
    return {
        "inbox_id": bot.inbox_id,
        "enabled": bot.enabled,
        "answer_chat": bot.answer_chat,
        "answer_email": bot.answer_email,
        "threshold": bot.threshold,
        "max_articles": bot.max_articles,
        "generative": bot.generative,
        "llm_url": bot.llm_url,
        "llm_model": bot.llm_model,
        "llm_api_key_set": bool(bot.llm_api_key),
    }


@router.get("/inboxes/{inbox_id}/bot", response=BotOut)
def get_bot(request: HttpRequest, inbox_id: int) -> Any:
    return _out(bot_settings_get(inbox=access_inbox(actor_of(request), inbox_id)))


@router.patch("/inboxes/{inbox_id}/bot", response=BotOut)
def update_bot(request: HttpRequest, inbox_id: int, payload: BotIn) -> Any:
    actor = actor_of(request)
    inbox = access_inbox(actor, inbox_id)
    changes = BotSettingsChanges(**payload.model_dump(exclude_none=True))
    return _out(bot_settings_update(inbox=inbox, by=actor.agent, changes=changes))
