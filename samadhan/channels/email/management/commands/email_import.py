"""``samadhan email-import``: store .eml files (a migration, a mailbox export) into an inbox."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from samadhan.channels.email.ingest import PROCESS_BATCH, raw_emails_store
from samadhan.channels.email.models import RawEmailSource
from samadhan.channels.models import Inbox, InboxKind


def _files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.eml") if p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(f"{name}: no such file or folder")
    return found


class Command(BaseCommand):
    help = (
        "Store .eml files (or every .eml under the folders given) in an email inbox, "
        f"{PROCESS_BATCH} to a commit, and queue their processing. Mail already stored "
        "(same bytes or Message-ID) is skipped, so an interrupted import can be run again."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--inbox", type=int, required=True, help="id of the email inbox")
        parser.add_argument("paths", nargs="+", help=".eml files or folders")

    def handle(self, *args: Any, **options: Any) -> None:
        inbox = (
            Inbox.objects.filter(pk=options["inbox"], kind=InboxKind.EMAIL)
            .select_related("workspace")
            .first()
        )
        if inbox is None:
            raise CommandError(f"no email inbox with id {options['inbox']}")
        files = _files(options["paths"])
        stored = 0
        for start in range(0, len(files), PROCESS_BATCH):
            chunk = files[start : start + PROCESS_BATCH]
            rows = raw_emails_store(
                inbox=inbox, raws=[p.read_bytes() for p in chunk], source=RawEmailSource.FILE
            )
            stored += len({row.pk for row in rows})
        self.stdout.write(f"stored {stored} raw email(s) from {len(files)} file(s)")
