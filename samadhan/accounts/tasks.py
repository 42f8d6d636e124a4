from __future__ import annotations

from django_tasks import task

from samadhan.accounts.services import invitation_send_email


@task()
def invitation_email(*, membership_id: int) -> bool:
    return invitation_send_email(membership_id=membership_id)
