"""Run background tasks: the database worker, or RQ when that backend is configured."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background worker (webhook deliveries, notifications, ...)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")

    def handle(self, *args: Any, **options: Any) -> None:
        backend = str(settings.TASKS["default"]["BACKEND"])
        if backend.startswith("django_tasks_rq"):
            # RQ's own Job class cannot run a Django task; the backend ships the one that can.
            call_command(
                "rqworker",
                "default",
                burst=options["batch"],
                with_scheduler=True,
                job_class="django_tasks_rq.Job",
            )
            return
        call_command(
            "db_worker", queue_name="*", interval=0.5, batch=options["batch"], reload=False
        )
