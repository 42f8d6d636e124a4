"""``samadhan email-requeue``: process again the mail whose processing never finished."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand

from samadhan.channels.email.process import raw_emails_requeue


class Command(BaseCommand):
    help = (
        "Queue processing again for raw emails stored but still unprocessed after "
        "--minutes (a worker crash, a lost task). Safe to run from cron."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--minutes", type=int, default=10)

    def handle(self, *args: Any, **options: Any) -> None:
        ids = raw_emails_requeue(older_than=timedelta(minutes=options["minutes"]))
        self.stdout.write(f"queued {len(ids)} raw email(s)")
