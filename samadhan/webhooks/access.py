from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from samadhan.accounts.access import Actor, require_role
from samadhan.accounts.models import Role
from samadhan.core.errors import NotFound
from samadhan.webhooks.models import WebhookSubscription


def access_webhook(actor: Actor, webhook_id: int) -> WebhookSubscription:
    require_role(actor, Role.ADMIN)
    subscription = WebhookSubscription.objects.filter(
        workspace_id=actor.workspace_id, pk=webhook_id
    ).first()
    if subscription is None:
        raise NotFound(_("Webhook not found."))
    return subscription
