from __future__ import annotations

from django.db.models import QuerySet

from samadhan.accounts.access import Actor
from samadhan.webhooks.models import WebhookDelivery, WebhookSubscription


def webhook_list(*, actor: Actor) -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.filter(workspace_id=actor.workspace_id).order_by("id")


def delivery_list(*, actor: Actor, subscription: WebhookSubscription) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(
        workspace_id=actor.workspace_id, subscription=subscription
    ).order_by("-created_at", "-id")
