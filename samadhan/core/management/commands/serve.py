"""Run the ASGI web server and, unless told not to, a background worker and the IMAP poller.

Without Redis the realtime channel layer lives in the web process, so the worker
runs there too, as a thread, and one web process is the limit (decision 0006).
"""

from __future__ import annotations

import signal
import subprocess
import sys
from argparse import ArgumentParser
from typing import Any

import uvicorn
from django.core.management.base import BaseCommand

from samadhan.realtime.embedded import WorkerThread, layer_is_in_memory, tasks_in_database


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
        embedded = layer_is_in_memory()
        if embedded and options["workers"] > 1:
            # Each process has its own in-memory layer and presence: an agent served by
            # one process never sees what happens on another. An API-only deployment
            # (the benchmarks) does not care, so this warns instead of refusing.
            self.stderr.write(
                "Warning: several web processes without REDIS_URL: live updates and "
                "presence reach only the agents served by the same process, and the "
                "worker's updates reach nobody. Set REDIS_URL, or serve with --workers 1."
            )
        elif embedded and options["no_worker"]:
            self.stderr.write(
                "Warning: without REDIS_URL a separate `samadhan worker` cannot reach "
                "browsers: tickets it makes (mail) appear only on a reload."
            )
        helpers: list[subprocess.Popen[bytes]] = []
        in_process: WorkerThread | None = None
        if not options["no_worker"]:
            if embedded and options["workers"] == 1 and tasks_in_database():
                # Its realtime events must reach this process's sockets (decision 0006).
                in_process = WorkerThread()
                in_process.start()
            else:
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
            if in_process is not None:
                in_process.stop()
            for helper in helpers:
                if helper.poll() is None:
                    helper.send_signal(signal.SIGTERM)
            for helper in helpers:
                try:
                    helper.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    helper.kill()
