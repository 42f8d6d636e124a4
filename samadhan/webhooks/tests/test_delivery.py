"""Webhook deliveries to a real HTTP server, run by the real background worker."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from samadhan.core.tests.workers import run_db_worker
from samadhan.testing.factories import make_contact, make_ticket, make_workspace
from samadhan.tickets.payloads import ticket_payload
from samadhan.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from samadhan.webhooks.services import webhook_create, webhook_update
from samadhan.webhooks.signing import HEADER, verify
from samadhan.webhooks.tests.conftest import Receiver

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("private_ok")]


def _signed_by(
    receiver: Receiver, subscriptions: list[WebhookSubscription]
) -> list[tuple[str, int]]:
    """(event header, subscription whose secret verifies the body) per request received."""
    seen = []
    for request in receiver.requests:
        owners = [
            s.pk
            for s in subscriptions
            if verify(
                secret=s.secret,
                body=request.body,
                header=request.headers[HEADER],
                now=int(T0.timestamp()),
            )
        ]
        assert len(owners) == 1
        seen.append((request.headers["X-Samadhan-Event"], owners[0]))
    return sorted(seen)


def test_delivery_reaches_the_server_signed_and_filtered(receiver: Receiver) -> None:
    with time_machine.travel(T0, tick=False):
        workspace = make_workspace()
        only_tickets = webhook_create(
            workspace=workspace, url=receiver.url, events=["ticket.created"]
        )
        everything = webhook_create(workspace=workspace, url=receiver.url, events=[])
        paused = webhook_create(workspace=workspace, url=receiver.url, events=[])
        webhook_update(subscription=paused, is_active=False)
        elsewhere = webhook_create(workspace=make_workspace(), url=receiver.url, events=[])
        contact = make_contact(workspace, name="Meera")
        ticket = make_ticket(workspace, contact=contact, subject="किताब नहीं आई")

        run_db_worker()

    subscriptions = [only_tickets, everything, paused, elsewhere]
    assert _signed_by(receiver, subscriptions) == sorted(
        [
            ("ticket.created", only_tickets.pk),
            ("ticket.created", everything.pk),
            ("contact.created", everything.pk),
        ]
    )
    delivery = WebhookDelivery.objects.get(subscription=only_tickets)
    request = next(
        r for r in receiver.requests if r.headers["X-Samadhan-Delivery"] == str(delivery.pk)
    )
    assert request.path == "/hooks/samadhan"
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert request.headers["User-Agent"] == "Samadhan-Webhooks/1"
    assert request.body == delivery.body.encode()
    assert json.loads(request.body) == {
        "type": "ticket.created",
        "workspace_id": workspace.pk,
        "occurred_at": "2026-03-02T09:00:00+00:00",
        "data": {"ticket": json.loads(json.dumps(ticket_payload(ticket, tags=[])))},
    }
    # Unicode is sent as UTF-8, not as \\u escapes.
    assert "किताब नहीं आई".encode() in request.body
    assert (
        delivery.status,
        delivery.attempts,
        delivery.last_status_code,
        delivery.last_response,
        delivery.last_error,
        delivery.delivered_at,
        delivery.next_attempt_at,
    ) == (DeliveryStatus.DELIVERED, 1, 200, '{"ok": true}', "", T0, None)
    assert WebhookDelivery.objects.filter(subscription__in=[paused, elsewhere]).count() == 0


def test_failures_retry_with_backoff_through_the_worker(receiver: Receiver) -> None:
    from django_tasks_db.models import DBTaskResult

    receiver.fail_first = 2
    with time_machine.travel(T0, tick=False) as clock:
        workspace = make_workspace()
        subscription = webhook_create(
            workspace=workspace, url=receiver.url, events=["ticket.created"]
        )
        make_ticket(workspace)

        run_db_worker()
        delivery = WebhookDelivery.objects.get(subscription=subscription)
        assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
            DeliveryStatus.RETRYING,
            1,
            500,
        )
        assert delivery.next_attempt_at == T0 + timedelta(seconds=30)
        assert delivery.last_response == "upstream broke"

        clock.shift(29)
        run_db_worker()  # not due yet
        assert len(receiver.requests) == 1

        clock.shift(2)  # T0 + 31s
        run_db_worker()
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == (DeliveryStatus.RETRYING, 2)
        assert delivery.next_attempt_at == T0 + timedelta(seconds=31 + 60)

        clock.shift(59)  # T0 + 90s: one second early
        run_db_worker()
        assert len(receiver.requests) == 2
        clock.shift(1)
        run_db_worker()

    final = WebhookDelivery.objects.get(pk=delivery.pk)
    assert (
        final.status,
        final.attempts,
        final.last_status_code,
        final.delivered_at,
        final.next_attempt_at,
    ) == (DeliveryStatus.DELIVERED, 3, 200, T0 + timedelta(seconds=91), None)
    # Every attempt sent the same signed body.
    assert {r.body for r in receiver.requests} == {final.body.encode()}
    assert all(
        verify(
            secret=subscription.secret,
            body=r.body,
            header=r.headers[HEADER],
            now=int((T0 + timedelta(seconds=91)).timestamp()),
        )
        for r in receiver.requests
    )
    runs = DBTaskResult.objects.filter(task_path="samadhan.webhooks.tasks.webhook_deliver")
    assert sorted((t.status, t.return_value) for t in runs) == [
        ("SUCCESSFUL", "done"),
        ("SUCCESSFUL", "retrying"),
        ("SUCCESSFUL", "retrying"),
    ]
