from __future__ import annotations

from django_tasks import task

from samadhan.notifications.services import notification_send_email


@task()
def notification_email(*, notification_id: int) -> bool:
    return notification_send_email(notification_id=notification_id)
