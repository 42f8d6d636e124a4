"""Admin settings forms for webhooks (deliveries, test events, retries) and API tokens."""

from __future__ import annotations

import re

import pytest

from samadhan.accounts.models import ApiToken
from samadhan.conftest import Seat
from samadhan.core.domain_events import DomainEvent, EventType
from samadhan.testing.api_client import ApiClient
from samadhan.testing.factories import make_workspace
from samadhan.ui.tests import flashes, signed_in
from samadhan.ui.tests.settings.support import (
    entry,
    section_url,
    url,
)
from samadhan.webhooks.models import WebhookDelivery, WebhookSubscription
from samadhan.webhooks.services import webhook_create, webhook_deliveries_create

pytestmark = pytest.mark.django_db


def test_webhook_create_edit_and_delivery_log(seat: Seat) -> None:
    client = signed_in(seat.agent)
    response = client.post(
        section_url(seat.workspace, "webhooks"),
        {
            "url": "http://127.0.0.1:9/crm",
            "description": "CRM",
            "events": ["ticket.created", "message.created"],
        },
    )
    webhook = WebhookSubscription.objects.get(workspace=seat.workspace)
    assert response.status_code == 302
    assert response["Location"] == url(seat.workspace, "settings_webhook", webhook.pk)
    assert webhook.events == ["message.created", "ticket.created"]
    assert entry("webhook.created").actor == seat.agent

    webhook_deliveries_create(
        event=DomainEvent(
            type=EventType.TICKET_CREATED, workspace_id=seat.workspace.pk, payload={"number": 7}
        )
    )
    assert WebhookDelivery.objects.count() == 1
    page = client.get(url(seat.workspace, "settings_webhook", webhook.pk)).content.decode()
    assert "ticket.created" in page
    assert "Pending" in page
    assert webhook.secret in page

    bad = client.post(
        url(seat.workspace, "settings_webhook", webhook.pk), {"url": "ftp://x", "events": ["nope"]}
    )
    assert bad.status_code == 422
    edit = client.post(
        url(seat.workspace, "settings_webhook", webhook.pk),
        {"url": "http://127.0.0.1:9/crm2", "description": "CRM", "events": []},
    )
    assert edit.status_code == 302
    webhook.refresh_from_db()
    assert (webhook.url, webhook.events, webhook.is_active) == (
        "http://127.0.0.1:9/crm2",
        [],
        False,
    )
    assert entry("webhook.updated").changes == {
        "url": ["http://127.0.0.1:9/crm", "http://127.0.0.1:9/crm2"],
        "events": [["message.created", "ticket.created"], []],
        "is_active": [True, False],
    }
    client.post(url(seat.workspace, "settings_webhook_delete", webhook.pk), {"confirm": "on"})
    assert not WebhookSubscription.objects.exists()
    assert entry("webhook.deleted").target_repr == "http://127.0.0.1:9/crm2"


def test_api_token_shown_once_then_only_its_prefix(seat: Seat) -> None:
    client = signed_in(seat.agent)
    response = client.post(section_url(seat.workspace, "tokens"), {"name": "CRM sync"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(workspace=seat.workspace, name="CRM sync")
    raw = re.search(r'id="new-token">([^<]+)<', response.content.decode())
    assert raw is not None
    assert raw.group(1).startswith(f"sam_{token.prefix}_")
    assert token.agent == seat.agent
    assert entry("api_token.created").actor == seat.agent

    listing = client.get(section_url(seat.workspace, "tokens")).content.decode()
    assert raw.group(1) not in listing
    assert f"sam_{token.prefix}_…" in listing
    # The token works on the API, until it is revoked.
    assert ApiClient(raw.group(1)).get("me").status_code == 200
    client.post(url(seat.workspace, "settings_token_revoke", token.pk))
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiClient(raw.group(1)).get("me").status_code == 401
    assert entry("api_token.revoked").actor == seat.agent


def test_send_a_test_event_and_retry_a_failed_delivery(seat: Seat) -> None:
    ws = seat.workspace
    webhook = webhook_create(workspace=ws, url="http://127.0.0.1:9/h", events=["ticket.created"])
    client = signed_in(seat.agent)
    sent = client.post(url(ws, "settings_webhook_test", webhook.pk), follow=True)
    assert flashes(sent) == ["A test event is on its way; its delivery is listed below."]
    delivery = WebhookDelivery.objects.get(subscription=webhook)
    assert (delivery.event_type, delivery.status) == ("webhook.test", "pending")
    assert "webhook.test" in sent.content.decode()

    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="failed", attempts=8)
    page = client.get(url(ws, "settings_webhook", webhook.pk)).content.decode()
    retry = url(ws, "settings_delivery_retry", webhook.pk, delivery.pk)
    assert f'action="{retry}"' in page
    assert flashes(client.post(retry, follow=True)) == ["The delivery is sent again."]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 0)
    again = client.post(retry, follow=True)
    assert flashes(again) == ["Only a failed delivery can be sent again."]

    # Paused: no test; another workspace's delivery: not found.
    client.post(
        url(ws, "settings_webhook", webhook.pk),
        {"url": webhook.url, "events": ["ticket.created"]},
        follow=True,
    )
    paused = client.post(url(ws, "settings_webhook_test", webhook.pk), follow=True)
    assert flashes(paused) == ["The webhook is paused; turn it on to send a test."]
    other = seat_in_another_workspace_webhook()
    assert client.post(url(ws, "settings_delivery_retry", webhook.pk, other)).status_code == 404


def seat_in_another_workspace_webhook() -> int:
    theirs = make_workspace()
    hook = webhook_create(workspace=theirs, url="http://127.0.0.1:9/t", events=[])
    delivery = WebhookDelivery.objects.create(
        workspace=theirs, subscription=hook, event_type="ticket.created", body="{}", status="failed"
    )
    return delivery.pk
