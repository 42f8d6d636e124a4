from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

import httpx
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import Agent
from samadhan.audit.services import audit_diff, audit_record
from samadhan.core.domain_events import DomainEvent, EventType
from samadhan.core.errors import AppError, ValidationFailed
from samadhan.core.transaction import enqueue_on_commit
from samadhan.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from samadhan.webhooks.signing import HEADER, sign
from samadhan.webhooks.urls import check_target
from samadhan.workspaces.models import Workspace

MAX_ATTEMPTS = 8
BASE_BACKOFF_SECONDS = 30
TIMEOUT_SECONDS = 10
MAX_RESPONSE_CHARS = 2000
USER_AGENT = "Samadhan-Webhooks/1"


def _check_events(events: list[str]) -> list[str]:
    unknown = [e for e in events if e not in EventType._value2member_map_]
    if unknown:
        raise ValidationFailed(
            _("Unknown event types: %(names)s."),
            params={"names": ", ".join(unknown)},
            fields={"events": [str(_("Unknown event type."))]},
        )
    return sorted(set(events))


def webhook_create(
    *,
    workspace: Workspace,
    url: str,
    events: list[str],
    description: str = "",
    by: Agent | None = None,
) -> WebhookSubscription:
    check_target(url)
    events = _check_events(events)
    with transaction.atomic():
        subscription = WebhookSubscription.objects.create(
            workspace=workspace, url=url, events=events, description=description
        )
        audit_record(
            workspace=workspace,
            actor=by,
            action="webhook.created",
            target=subscription,
            changes={"url": url, "events": events, "description": description},
        )
    return subscription


def webhook_update(
    *,
    subscription: WebhookSubscription,
    url: str | None = None,
    events: list[str] | None = None,
    is_active: bool | None = None,
    description: str | None = None,
    by: Agent | None = None,
) -> WebhookSubscription:
    after: dict[str, object] = {}
    if url is not None:
        check_target(url)
        after["url"] = url
    if events is not None:
        after["events"] = _check_events(events)
    if is_active is not None:
        after["is_active"] = is_active
    if description is not None:
        after["description"] = description.strip()[:200]
    changes = audit_diff({key: getattr(subscription, key) for key in after}, after)
    if not changes:
        return subscription
    with transaction.atomic():
        for key in changes:
            setattr(subscription, key, after[key])
        subscription.save()
        audit_record(
            workspace=subscription.workspace,
            actor=by,
            action="webhook.updated",
            target=subscription,
            changes=changes,
        )
    return subscription


def webhook_delete(*, subscription: WebhookSubscription, by: Agent | None) -> None:
    """Delete a webhook and its delivery log."""
    with transaction.atomic():
        audit_record(
            workspace=subscription.workspace,
            actor=by,
            action="webhook.deleted",
            target=subscription,
            changes={"url": subscription.url},
        )
        subscription.delete()


_reused: ContextVar[dict[int, list[WebhookSubscription]] | None] = ContextVar(
    "webhook_subscriptions_reused", default=None
)


@contextmanager
def webhook_subscriptions_reused() -> Iterator[None]:
    """Read each workspace's subscriptions once for all events delivered in this block.

    For work committed as one batch (a batch of inbound mail): its events go out right
    after that one commit, all matched against the subscriptions as they were then.
    """
    token = _reused.set({})
    try:
        yield
    finally:
        _reused.reset(token)


def _active_subscriptions(workspace_id: int) -> list[WebhookSubscription]:
    memo = _reused.get()
    if memo is not None and workspace_id in memo:
        return memo[workspace_id]
    found = list(WebhookSubscription.objects.filter(workspace_id=workspace_id, is_active=True))
    if memo is not None:
        memo[workspace_id] = found
    return found


def webhook_deliveries_create(*, event: DomainEvent) -> list[WebhookDelivery]:
    """Record one delivery per matching subscription and enqueue it."""
    from samadhan.webhooks.tasks import webhook_deliver

    subscriptions = [
        s
        for s in _active_subscriptions(event.workspace_id)
        if not s.events or event.type.value in s.events
    ]
    if not subscriptions:
        return []
    body = json.dumps(
        {
            "type": event.type.value,
            "workspace_id": event.workspace_id,
            "occurred_at": event.occurred_at.isoformat(),
            "data": event.payload,
        },
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    with transaction.atomic():
        deliveries = WebhookDelivery.objects.bulk_create(
            [
                WebhookDelivery(
                    workspace_id=event.workspace_id,
                    subscription=s,
                    event_type=event.type.value,
                    body=body,
                )
                for s in subscriptions
            ]
        )
        for delivery in deliveries:
            enqueue_on_commit(webhook_deliver, delivery_id=delivery.pk)
    return deliveries


TEST_EVENT = "webhook.test"


def webhook_send_test(*, subscription: WebhookSubscription) -> WebhookDelivery:
    """Queue a harmless ``webhook.test`` event, so an admin can check the receiver."""
    from samadhan.webhooks.tasks import webhook_deliver

    if not subscription.is_active:
        raise ValidationFailed(_("The webhook is paused; turn it on to send a test."))
    body = json.dumps(
        {
            "type": TEST_EVENT,
            "workspace_id": subscription.workspace_id,
            "occurred_at": timezone.now().isoformat(),
            "data": {"webhook_id": subscription.pk},
        },
        separators=(",", ":"),
    )
    with transaction.atomic():
        delivery = WebhookDelivery.objects.create(
            workspace_id=subscription.workspace_id,
            subscription=subscription,
            event_type=TEST_EVENT,
            body=body,
        )
        enqueue_on_commit(webhook_deliver, delivery_id=delivery.pk)
    return delivery


def webhook_delivery_retry(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a failed delivery again, the same body, with a fresh set of attempts."""
    from samadhan.webhooks.tasks import webhook_deliver

    if delivery.status != DeliveryStatus.FAILED:
        raise ValidationFailed(_("Only a failed delivery can be sent again."))
    if not delivery.subscription.is_active:
        raise ValidationFailed(_("The webhook is paused; turn it on first."))
    with transaction.atomic():
        delivery.status = DeliveryStatus.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = None
        delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
        enqueue_on_commit(webhook_deliver, delivery_id=delivery.pk)
    return delivery


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(BASE_BACKOFF_SECONDS * 2 ** (attempts - 1), 6 * 3600))


def _response_start(response: httpx.Response) -> str:
    """The start of the receiver's answer for the log.

    Read as a stream and cut off, by size and by time: a receiver (another
    tenant's) that answers with an endless or trickling body must not hold the
    shared worker or fill its memory.
    """
    received = bytearray()
    deadline = time.monotonic() + TIMEOUT_SECONDS
    for chunk in response.iter_bytes():
        received += chunk
        if len(received) >= 4 * MAX_RESPONSE_CHARS or time.monotonic() > deadline:
            break
    return received[: 4 * MAX_RESPONSE_CHARS].decode("utf-8", "replace")[:MAX_RESPONSE_CHARS]


def webhook_attempt(*, delivery_id: int) -> WebhookDelivery | None:
    """Try once; on failure schedule the next try with exponential backoff.

    Returns the delivery when it needs another attempt (the caller enqueues
    it for ``next_attempt_at``), otherwise None. Safe to run twice.
    """
    delivery = (
        WebhookDelivery.objects.select_related("subscription")
        .filter(pk=delivery_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING])
        .first()
    )
    if delivery is None:
        return None
    subscription = delivery.subscription
    if not subscription.is_active:
        # Paused: pending retries stop too, rather than reaching a receiver that was turned off.
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
        delivery.last_error = "The webhook is paused."
        delivery.save(update_fields=["status", "next_attempt_at", "last_error"])
        return None
    body = delivery.body.encode()
    delivery.attempts += 1
    error = ""
    code: int | None = None
    response_text = ""
    try:
        check_target(subscription.url)
        with httpx.stream(
            "POST",
            subscription.url,
            content=body,
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": USER_AGENT,
                HEADER: sign(secret=subscription.secret, body=body),
                "X-Samadhan-Event": delivery.event_type,
                "X-Samadhan-Delivery": str(delivery.pk),
            },
            timeout=TIMEOUT_SECONDS,
            follow_redirects=False,
        ) as response:
            code = response.status_code
            response_text = _response_start(response)
    except (httpx.HTTPError, AppError) as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
    delivery.last_status_code = code
    delivery.last_error = error
    delivery.last_response = response_text
    if code is not None and 200 <= code < 300:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.next_attempt_at = None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.status = DeliveryStatus.RETRYING
        delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
    delivery.save()
    return delivery if delivery.status == DeliveryStatus.RETRYING else None
