"""A task for the embedded-worker test: what a mail becoming a ticket does, minus the mail."""

from __future__ import annotations

from django_tasks import task

from samadhan.testing.factories import make_ticket
from samadhan.workspaces.models import Workspace


@task()
def ticket_from_the_worker(*, workspace_id: int, subject: str) -> int:
    return make_ticket(Workspace.objects.get(pk=workspace_id), subject=subject).number
