"""One delivery attempt at a time: backoff, giving up, refusing unsafe targets."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from samadhan.core.errors import ValidationFailed
from samadhan.testing.factories import make_ticket, make_workspace
from samadhan.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from samadhan.webhooks.services import (
    MAX_ATTEMPTS,
    backoff,
    webhook_attempt,
    webhook_create,
    webhook_update,
)
from samadhan.webhooks.tests.conftest import Receiver
from samadhan.workspaces.models import Workspace

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db


def _delivery(
    workspace: Workspace,
    subscription: WebhookSubscription,
    capture: DjangoCaptureOnCommitCallbacks,
) -> WebhookDelivery:
    with capture(execute=True):
        make_ticket(workspace)
    return WebhookDelivery.objects.get(subscription=subscription, event_type="ticket.created")


def test_backoff_doubles_from_thirty_seconds_up_to_six_hours() -> None:
    assert [backoff(n).total_seconds() for n in range(1, 12)] == [
        30,
        60,
        120,
        240,
        480,
        960,
        1920,
        3840,
        7680,
        15360,
        21600,
    ]


@pytest.mark.usefixtures("private_ok")
def test_gives_up_after_max_attempts(
    receiver: Receiver, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    receiver.fail_first = 100
    workspace = make_workspace()
    subscription = webhook_create(workspace=workspace, url=receiver.url, events=["ticket.created"])
    delivery = _delivery(workspace, subscription, django_capture_on_commit_callbacks)
    schedule = []
    with time_machine.travel(T0, tick=False) as clock:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            retry = webhook_attempt(delivery_id=delivery.pk)
            delivery.refresh_from_db()
            assert (delivery.attempts, delivery.last_status_code) == (attempt, 500)
            if attempt < MAX_ATTEMPTS:
                assert retry is not None
                assert retry.status == DeliveryStatus.RETRYING
                assert delivery.next_attempt_at is not None
                wait = delivery.next_attempt_at - datetime.now(UTC)
                schedule.append(int(wait.total_seconds()))
                clock.shift(wait)
            else:
                assert retry is None
    assert schedule == [30, 60, 120, 240, 480, 960, 1920]
    assert MAX_ATTEMPTS == 8
    assert (delivery.status, delivery.next_attempt_at, delivery.delivered_at) == (
        DeliveryStatus.FAILED,
        None,
        None,
    )
    # A failed delivery is never tried again, whoever runs the task.
    assert webhook_attempt(delivery_id=delivery.pk) is None
    assert len(receiver.requests) == MAX_ATTEMPTS


@pytest.mark.usefixtures("private_ok")
def test_delivered_is_not_sent_twice(
    receiver: Receiver, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    workspace = make_workspace()
    subscription = webhook_create(workspace=workspace, url=receiver.url, events=[])
    delivery = _delivery(workspace, subscription, django_capture_on_commit_callbacks)
    assert webhook_attempt(delivery_id=delivery.pk) is None
    assert webhook_attempt(delivery_id=delivery.pk) is None
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 1)
    assert len(receiver.requests) == 1


@pytest.mark.usefixtures("private_ok")
def test_endless_answer_is_cut_off(
    receiver: Receiver, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    receiver.endless = True
    workspace = make_workspace()
    subscription = webhook_create(workspace=workspace, url=receiver.url, events=[])
    delivery = _delivery(workspace, subscription, django_capture_on_commit_callbacks)

    assert webhook_attempt(delivery_id=delivery.pk) is None

    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_status_code) == (DeliveryStatus.DELIVERED, 200)
    assert delivery.last_response == "क" * 2000
    # The worker hung up before the receiver ran out of body to send.
    assert receiver.endless_done.wait(timeout=30)
    assert receiver.endless_cut is True


@pytest.mark.usefixtures("private_ok")
def test_unreachable_server_is_an_error_to_retry(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    workspace = make_workspace()
    subscription = webhook_create(workspace=workspace, url=f"http://127.0.0.1:{port}/", events=[])
    delivery = _delivery(workspace, subscription, django_capture_on_commit_callbacks)
    with time_machine.travel(T0, tick=False):
        assert webhook_attempt(delivery_id=delivery.pk) is not None
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.RETRYING,
        1,
        None,
    )
    assert delivery.last_error.startswith("ConnectError: ")
    assert delivery.next_attempt_at == T0 + timedelta(seconds=30)


def test_target_turned_private_is_refused_at_send_time(
    receiver: Receiver,
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.SAMADHAN = {**settings.SAMADHAN, "WEBHOOK_ALLOW_PRIVATE_NETWORKS": True}
    workspace = make_workspace()
    subscription = webhook_create(workspace=workspace, url=receiver.url, events=[])
    delivery = _delivery(workspace, subscription, django_capture_on_commit_callbacks)
    settings.SAMADHAN = {**settings.SAMADHAN, "WEBHOOK_ALLOW_PRIVATE_NETWORKS": False}

    webhook_attempt(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert receiver.requests == []
    assert (delivery.status, delivery.last_status_code) == (DeliveryStatus.RETRYING, None)
    assert delivery.last_error == (
        "ValidationFailed: The webhook URL is not allowed: the host is on a private network"
    )


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:8000/hook", "the host is on a private network"),
        ("http://localhost/hook", "the host is on a private network"),
        ("http://[::1]/hook", "the host is on a private network"),
        ("http://[::ffff:127.0.0.1]/hook", "the host is on a private network"),
        ("http://10.1.2.3/hook", "the host is on a private network"),
        ("http://192.168.1.10/hook", "the host is on a private network"),
        ("http://169.254.169.254/latest/meta-data", "the host is on a private network"),
        ("http://2130706433/hook", "the host is on a private network"),
        ("http://0.0.0.0/hook", "the host is on a private network"),
        ("ftp://93.184.216.34/hook", "use an http or https URL"),
        ("https:///no-host", "use an http or https URL"),
        ("http://[::1/hook", "not a valid URL"),
    ],
)
def test_private_and_malformed_targets_are_refused(url: str, reason: str) -> None:
    workspace = make_workspace()
    with pytest.raises(ValidationFailed) as caught:
        webhook_create(workspace=workspace, url=url, events=[])
    assert caught.value.fields == {"url": [reason]}
    assert caught.value.message == f"The webhook URL is not allowed: {reason}"
    assert not WebhookSubscription.objects.exists()


def test_public_address_and_known_events_are_accepted() -> None:
    workspace = make_workspace()
    subscription = webhook_create(
        workspace=workspace,
        url="https://93.184.216.34/hook",
        events=["ticket.updated", "ticket.created", "ticket.created"],
    )
    assert subscription.events == ["ticket.created", "ticket.updated"]
    assert subscription.secret.startswith("whsec_")
    assert len(subscription.secret) == 6 + 43
    with pytest.raises(ValidationFailed) as caught:
        webhook_create(workspace=workspace, url="https://93.184.216.34/", events=["ticket.eaten"])
    assert caught.value.message == "Unknown event types: ticket.eaten."


@pytest.mark.usefixtures("private_ok")
def test_pausing_a_webhook_stops_its_pending_retries(
    receiver: Receiver, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    receiver.fail_first = 1
    workspace = make_workspace()
    subscription = webhook_create(workspace=workspace, url=receiver.url, events=[])
    delivery = _delivery(workspace, subscription, django_capture_on_commit_callbacks)
    assert webhook_attempt(delivery_id=delivery.pk) is not None  # 500: will retry
    webhook_update(subscription=subscription, is_active=False)

    assert webhook_attempt(delivery_id=delivery.pk) is None

    delivery.refresh_from_db()
    assert len(receiver.requests) == 1
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (
        DeliveryStatus.FAILED,
        1,
        None,
    )
    assert delivery.last_error == "The webhook is paused."
