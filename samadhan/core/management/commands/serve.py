"""Run the ASGI web server and, unless told not to, a background worker and the IMAP poller."""

from __future__ import annotations

import signal
import subprocess
import sys
from argparse import ArgumentParser
from typing import Any

import uvicorn
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Samadhan over HTTP (uvicorn) with a background worker; Ctrl-C stops both."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers", type=int, default=1, help="web processes (production: one per core)"
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="do not start a background worker (run `samadhan worker` separately)",
        )
        parser.add_argument(
            "--no-imap-poll",
            action="store_true",
            help="do not fetch IMAP mailboxes (run `samadhan imap-poll` separately)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        helpers: list[subprocess.Popen[bytes]] = []
        if not options["no_worker"]:
            helpers.append(subprocess.Popen([sys.executable, "-m", "samadhan.cli", "worker"]))
        if not options["no_imap_poll"]:
            # Idle unless an email inbox has an IMAP account; it picks new ones up itself.
            helpers.append(subprocess.Popen([sys.executable, "-m", "samadhan.cli", "imap-poll"]))
        self.stdout.write(f"Samadhan is listening on http://{options['host']}:{options['port']}/")
        try:
            uvicorn.run(
                "config.asgi:application",
                host=options["host"],
                port=options["port"],
                workers=options["workers"],
                log_level="info",
                access_log=False,
                proxy_headers=True,
                lifespan="off",
            )
        finally:
            for helper in helpers:
                if helper.poll() is None:
                    helper.send_signal(signal.SIGTERM)
            for helper in helpers:
                try:
                    helper.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    helper.kill()
