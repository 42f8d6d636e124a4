from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from samadhan.accounts.access import require_role
from samadhan.accounts.models import Role
from samadhan.api.auth import actor_of
from samadhan.webhooks import selectors
from samadhan.webhooks.access import access_webhook
from samadhan.webhooks.services import webhook_create, webhook_delete, webhook_update

router = Router(tags=["webhooks"])


class WebhookIn(Schema):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(..., min_length=8, max_length=2000)
    events: list[str] = Field(default_factory=list, max_length=50)
    description: str = Field("", max_length=200)


class WebhookPatchIn(Schema):
    model_config = ConfigDict(extra="forbid")
    url: str | None = Field(None, min_length=8, max_length=2000)
    events: list[str] | None = Field(None, max_length=50)
    is_active: bool | None = None


class WebhookOut(Schema):
    id: int
    url: str
    events: list[str]
    description: str
    is_active: bool
    created_at: datetime


class WebhookCreatedOut(WebhookOut):
    # Shown once, at creation, for the receiver to verify signatures.
    secret: str


class DeliveryOut(Schema):
    id: int
    event_type: str
    status: str
    attempts: int
    last_status_code: int | None
    last_error: str
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    created_at: datetime


@router.get("/webhooks", response=list[WebhookOut])
def list_webhooks(request: HttpRequest) -> Any:
    actor = actor_of(request)
    require_role(actor, Role.ADMIN)
    return selectors.webhook_list(actor=actor)


@router.post("/webhooks", response={201: WebhookCreatedOut})
def create_webhook(request: HttpRequest, payload: WebhookIn) -> Any:
    actor = actor_of(request)
    require_role(actor, Role.ADMIN)
    return Status(
        201,
        webhook_create(
            workspace=actor.workspace,
            url=payload.url,
            events=payload.events,
            description=payload.description,
            by=actor.agent,
        ),
    )


@router.get("/webhooks/{webhook_id}", response=WebhookOut)
def get_webhook(request: HttpRequest, webhook_id: int) -> Any:
    return access_webhook(actor_of(request), webhook_id)


@router.patch("/webhooks/{webhook_id}", response=WebhookOut)
def update_webhook(request: HttpRequest, webhook_id: int, payload: WebhookPatchIn) -> Any:
    actor = actor_of(request)
    subscription = access_webhook(actor, webhook_id)
    return webhook_update(
        subscription=subscription,
        url=payload.url,
        events=payload.events,
        is_active=payload.is_active,
        by=actor.agent,
    )


@router.delete("/webhooks/{webhook_id}", response={204: None})
def delete_webhook(request: HttpRequest, webhook_id: int) -> Any:
    actor = actor_of(request)
    webhook_delete(subscription=access_webhook(actor, webhook_id), by=actor.agent)
    return Status(204, None)


@router.get("/webhooks/{webhook_id}/deliveries", response=list[DeliveryOut])
def list_deliveries(request: HttpRequest, webhook_id: int) -> Any:
    actor = actor_of(request)
    subscription = access_webhook(actor, webhook_id)
    return selectors.delivery_list(actor=actor, subscription=subscription)[:100]
