"""Our tasks on both task backends: the database one and RQ on a real Redis."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from django.core.mail import EmailMessage
from django_tasks import TaskResultStatus
from pytest_django import Settings

from samadhan.accounts.models import Role
from samadhan.core.tests.workers import run_rq_burst, run_samadhan_worker
from samadhan.notifications.models import Notification
from samadhan.notifications.tasks import notification_email
from samadhan.testing.factories import make_agent, make_ticket, make_workspace
from samadhan.tickets.models import MessageKind
from samadhan.tickets.services.message import message_create
from samadhan.tickets.timeline import Author


def _mention(settings: Settings) -> Notification:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    workspace = make_workspace()
    writer = make_agent(workspace, role=Role.AGENT, name="Asha")
    reader = make_agent(workspace, role=Role.AGENT, name="Kiran", email="kiran@example.test")
    ticket = make_ticket(workspace)
    message_create(
        ticket=ticket,
        author=Author.of_agent(writer),
        kind=MessageKind.NOTE,
        body_text=f"@{reader.handle} please look",
    )
    return Notification.objects.get(agent=reader)


@pytest.mark.django_db(transaction=True)
def test_database_backend_runs_through_the_samadhan_worker_command(
    settings: Settings, mailoutbox: list[EmailMessage]
) -> None:
    from django_tasks_db.models import DBTaskResult

    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    notification = _mention(settings)

    run_samadhan_worker()

    assert notification.ticket is not None
    result = notification_email.get_result(str(DBTaskResult.objects.get().id))
    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, True)
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["kiran@example.test"], f"Asha mentioned you on ticket #{notification.ticket.number}")
    ]


@pytest.fixture
def rq_queue(settings: Settings, redis_url: str) -> Iterator[str]:
    """RQ as the task backend, on a queue of this test's own in the real Redis."""
    import django_rq

    queue = f"samadhan-test-{uuid.uuid4().hex[:12]}"
    settings.RQ_QUEUES = {"default": {"URL": redis_url}, queue: {"URL": redis_url}}
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default", queue]}
    }
    yield queue
    django_rq.get_queue(queue).delete(delete_jobs=True)


@pytest.mark.django_db
def test_rq_backend_runs_our_task_on_real_redis(
    rq_queue: str, settings: Settings, mailoutbox: list[EmailMessage]
) -> None:
    notification = _mention(settings)  # the test transaction never commits: nothing enqueued
    result = notification_email.using(queue_name=rq_queue).enqueue(notification_id=notification.pk)
    assert result.status == TaskResultStatus.READY
    assert mailoutbox == []

    assert run_rq_burst(rq_queue) is True

    result.refresh()
    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, True)
    assert [m.to for m in mailoutbox] == [["kiran@example.test"]]
    # Run again: the task is idempotent and says so.
    again = notification_email.using(queue_name=rq_queue).enqueue(notification_id=notification.pk)
    run_rq_burst(rq_queue)
    again.refresh()
    assert (again.status, again.return_value) == (TaskResultStatus.SUCCESSFUL, False)
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_rq_backend_runs_a_webhook_task_for_a_missing_delivery(
    rq_queue: str, settings: Settings
) -> None:
    from samadhan.webhooks.tasks import webhook_deliver

    # A delivery id that does not exist is a no-op, not a failure.
    result = webhook_deliver.using(queue_name=rq_queue).enqueue(delivery_id=10**12)
    run_rq_burst(rq_queue)
    result.refresh()
    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, "done")


@pytest.mark.django_db(transaction=True)
def test_samadhan_worker_command_runs_rq_tasks(
    settings: Settings, redis_url: str, mailoutbox: list[EmailMessage]
) -> None:
    import django_rq

    # What config/settings.py sets up when SAMADHAN_TASK_BACKEND=rq.
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "django_rq"]
    settings.RQ_QUEUES = {"default": {"URL": redis_url}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    # In-process worker (no fork), so this process's outbox sees the email.
    settings.RQ = {"WORKER_CLASS": "rq.SimpleWorker"}
    queue = django_rq.get_queue("default")
    queue.delete(delete_jobs=True)
    try:
        notification = _mention(settings)  # commits: enqueued on Redis by the real flow
        assert queue.count == 1

        run_samadhan_worker()

        assert queue.count == 0
        assert [m.to for m in mailoutbox] == [["kiran@example.test"]]
        notification.refresh_from_db()
        assert notification.emailed_at is not None
    finally:
        queue.delete(delete_jobs=True)
