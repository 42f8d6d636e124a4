"""``samadhan imap-poll``: fetch mail of the email inboxes that have an IMAP account."""

from __future__ import annotations

import signal
import threading
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from samadhan.channels.email.imap import (
    CONNECTION_ERRORS,
    imap_inboxes,
    imap_poll_inbox,
    imap_watch,
)

RESCAN_SECONDS = 60.0


class Command(BaseCommand):
    help = (
        "Fetch new mail over IMAP for every active email inbox with an IMAP account "
        "(IDLE where the server supports it), or once with --once."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--inbox", type=int, default=None, help="only this inbox id")
        parser.add_argument("--once", action="store_true", help="poll each inbox once, then exit")
        parser.add_argument(
            "--interval", type=float, default=60.0, help="seconds between polls without IDLE"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            self._once(options["inbox"])
        else:
            self._watch(options["inbox"], options["interval"])

    def _once(self, inbox_id: int | None) -> None:
        inboxes = imap_inboxes(inbox_id)
        if inbox_id is not None and not inboxes:
            raise CommandError(f"Inbox {inbox_id} is not an active email inbox with IMAP.")
        failures = 0
        for inbox in inboxes:
            try:
                result = imap_poll_inbox(inbox=inbox)
            except CONNECTION_ERRORS as exc:
                failures += 1
                self.stderr.write(f"inbox {inbox.pk} ({inbox.name}): {exc}")
                continue
            self.stdout.write(
                f"inbox {inbox.pk} ({inbox.name}): {result.fetched} fetched, "
                f"{result.stored} stored, {result.failed} failed"
            )
        if failures:
            raise CommandError(f"{failures} inbox(es) could not be polled.")

    def _watch(self, inbox_id: int | None, interval: float) -> None:
        stop = threading.Event()

        def on_signal(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        watchers: dict[int, threading.Thread] = {}
        # New inboxes are picked up on the next rescan; a watcher whose inbox was
        # deactivated or lost its IMAP host ends by itself.
        while not stop.is_set():
            for inbox in imap_inboxes(inbox_id):
                thread = watchers.get(inbox.pk)
                if thread is None or not thread.is_alive():
                    thread = threading.Thread(
                        target=imap_watch,
                        kwargs={"inbox_id": inbox.pk, "stop": stop, "interval": interval},
                        name=f"imap-{inbox.pk}",
                        daemon=True,
                    )
                    thread.start()
                    watchers[inbox.pk] = thread
                    self.stdout.write(f"watching inbox {inbox.pk} ({inbox.name})")
            stop.wait(RESCAN_SECONDS)
        for thread in watchers.values():
            thread.join(timeout=30)
