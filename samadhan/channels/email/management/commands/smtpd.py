"""``samadhan smtpd``: receive mail for the email inboxes over SMTP or LMTP."""

from __future__ import annotations

import asyncio
import signal
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from samadhan.channels.email.smtpd import serve, tls_context


class Command(BaseCommand):
    help = (
        "Listen for mail to the email inboxes (SMTP, or LMTP with --lmtp) and store it; "
        "only the inboxes' addresses are accepted."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=2525)
        parser.add_argument("--lmtp", action="store_true", help="speak LMTP (RFC 2033)")
        parser.add_argument(
            "--max-size",
            type=int,
            default=None,
            help="largest message in bytes (default: the store's limit)",
        )
        parser.add_argument("--hostname", default=None, help="name in the greeting (default: FQDN)")
        parser.add_argument(
            "--tls-cert", default=None, help="PEM certificate chain: offer STARTTLS"
        )
        parser.add_argument("--tls-key", default=None, help="PEM private key for --tls-cert")

    def handle(self, *args: Any, **options: Any) -> None:
        if bool(options["tls_cert"]) != bool(options["tls_key"]):
            raise CommandError("--tls-cert and --tls-key go together.")
        asyncio.run(self._run(options))

    async def _run(self, options: dict[str, Any]) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        protocol = "LMTP" if options["lmtp"] else "SMTP"

        def ready() -> None:
            self.stdout.write(
                f"Samadhan {protocol} listener on {options['host']}:{options['port']}"
            )

        await serve(
            host=options["host"],
            port=options["port"],
            lmtp=options["lmtp"],
            max_size=options["max_size"],
            hostname=options["hostname"],
            tls=tls_context(options["tls_cert"], options["tls_key"])
            if options["tls_cert"]
            else None,
            ready=ready,
            stop=stop,
        )
