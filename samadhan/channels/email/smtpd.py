"""The built-in SMTP/LMTP listener (``samadhan smtpd``) for direct MX or relay delivery.

Only addresses of active email inboxes are accepted at RCPT (``support+anything@`` too when
the inbox allows plus-addressing); everything else is refused with 550 so we never become
an open relay or a backscatter source. A message is answered 250 only after its raw bytes
and row have been committed by ``raw_email_store`` for every inbox it is addressed to; a
storage failure answers 451 so the sending MTA keeps the message and retries (a retry
stores nothing twice: the store recognises the same bytes / Message-ID). Oversized mail is
refused with 552 before it is buffered in full.

With ``--lmtp`` the same handler speaks LMTP (RFC 2033): one reply per recipient after
DATA, so a failure for one inbox does not make the MTA resend to the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope, Session
from asgiref.sync import sync_to_async
from django.db import close_old_connections, connections
from django.db.models import Q

from samadhan.channels.email.headers import split_address
from samadhan.channels.email.ingest import max_email_bytes, raw_email_store
from samadhan.channels.email.models import EmailSettings, RawEmailSource
from samadhan.channels.models import Inbox, InboxKind
from samadhan.core.errors import TooLarge

log = logging.getLogger(__name__)


def _domain_forms(domain: str) -> set[str]:
    """A domain as typed, as punycode and as Unicode (inbox addresses may use either)."""
    forms = {domain.lower()}
    with contextlib.suppress(UnicodeError):
        forms.add(domain.encode("idna").decode("ascii").lower())
    with contextlib.suppress(UnicodeError):
        forms.add(domain.encode("ascii").decode("idna").lower())
    return forms


def inboxes_for_recipient(address: str) -> list[Inbox]:
    """Active email inboxes that mail to ``address`` belongs to (any workspace)."""
    local, tag, domain = split_address(address)
    if not local or not domain:
        return []
    domains = _domain_forms(domain)
    exact = Q()
    base = Q()
    for form in domains:
        exact |= Q(address__iexact=f"{local}+{tag}@{form}" if tag else f"{local}@{form}")
        base |= Q(address__iexact=f"{local}@{form}")
    # A tagged address reaches the untagged inbox only when that inbox uses plus-addressing.
    match = exact | (base & Q(plus_addressing=True)) if tag else exact
    found = (
        EmailSettings.objects.filter(match, inbox__is_active=True, inbox__kind=InboxKind.EMAIL)
        .select_related("inbox", "inbox__workspace")
        .order_by("inbox_id")
    )
    return [settings.inbox for settings in found]


def _delivery_copy(raw: bytes, *, mail_from: str | None, recipients: list[str]) -> bytes:
    """The message as a final-delivery agent keeps it: Return-Path and Delivered-To on top."""
    lines = [f"Return-Path: <{mail_from or ''}>"]
    lines += [f"Delivered-To: {rcpt}" for rcpt in recipients]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8") + raw


@dataclass
class Delivery:
    """The outcome of storing one message: which recipients failed (by address)."""

    failed: set[str] = field(default_factory=set)
    too_large: set[str] = field(default_factory=set)


def deliver(*, raw: bytes, mail_from: str | None, recipients: list[str], source: str) -> Delivery:
    """Store ``raw`` once per inbox among ``recipients``; committed when this returns."""
    close_old_connections()
    by_inbox: dict[int, tuple[Inbox, list[str]]] = {}
    for rcpt in recipients:
        for inbox in inboxes_for_recipient(rcpt):
            by_inbox.setdefault(inbox.pk, (inbox, []))[1].append(rcpt)
    outcome = Delivery()
    for inbox, rcpts in by_inbox.values():
        copy = _delivery_copy(raw, mail_from=mail_from, recipients=rcpts)
        try:
            raw_email_store(inbox=inbox, raw=copy, source=source)
        except TooLarge:
            outcome.too_large.update(rcpts)
        except Exception:
            # Not swallowed: the sender gets a 4xx and retries; the traceback is logged.
            log.exception("storing mail for inbox %s failed", inbox.pk)
            outcome.failed.update(rcpts)
    return outcome


class SamadhanHandler:
    """aiosmtpd handler: RCPT against our inboxes, DATA into the ingest pipeline."""

    def __init__(self, *, lmtp: bool = False) -> None:
        self.lmtp = lmtp

    async def handle_RCPT(  # noqa: N802 - aiosmtpd hook name
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        try:
            inboxes = await sync_to_async(self._resolve)(address)
        except Exception:
            log.exception("looking up recipient %r failed", address)
            return "451 4.3.0 Temporary lookup failure, try again later"
        if not inboxes:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 OK"

    def _resolve(self, address: str) -> list[Inbox]:
        close_old_connections()
        return inboxes_for_recipient(address)

    async def handle_DATA(  # noqa: N802 - aiosmtpd hook name
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        raw = envelope.original_content or b""
        recipients = list(envelope.rcpt_tos)
        outcome = await sync_to_async(deliver)(
            raw=raw,
            mail_from=envelope.mail_from,
            recipients=recipients,
            source=RawEmailSource.LMTP if self.lmtp else RawEmailSource.SMTP,
        )
        if self.lmtp:
            # RFC 2033: one reply per accepted recipient, in RCPT order.
            return "\r\n".join(_reply(outcome, [rcpt]) for rcpt in recipients)
        return _reply(outcome, recipients)


def _reply(outcome: Delivery, recipients: list[str]) -> str:
    if any(rcpt in outcome.failed for rcpt in recipients):
        return "451 4.3.0 Could not store the message, try again later"
    if any(rcpt in outcome.too_large for rcpt in recipients):
        return "552 5.3.4 Message too big"
    return "250 2.0.0 Message stored"


def tls_context(cert: str, key: str) -> ssl.SSLContext:
    """A server context for STARTTLS from PEM files (certificate chain, private key)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def server_factory(
    *,
    lmtp: bool = False,
    max_size: int | None = None,
    hostname: str | None = None,
    tls: ssl.SSLContext | None = None,
) -> Callable[[], SMTP]:
    """A protocol factory for ``loop.create_server``; ``max_size`` defaults to the store's.

    With ``tls`` STARTTLS is offered (not required: MX senders fall back to plain text,
    and refusing them would bounce mail).
    """
    handler = SamadhanHandler(lmtp=lmtp)
    protocol = LMTP if lmtp else SMTP
    kwargs: dict[str, Any] = {
        "tls_context": tls,
        # aiosmtpd answers 552 itself, before buffering more than this (SIZE is announced).
        "data_size_limit": max_size if max_size is not None else max_email_bytes(),
        "enable_SMTPUTF8": True,
        "decode_data": False,
    }
    if hostname:
        kwargs["hostname"] = hostname

    def make() -> SMTP:
        return protocol(handler, **kwargs)

    return make


async def serve(
    *,
    host: str,
    port: int,
    lmtp: bool = False,
    max_size: int | None = None,
    hostname: str | None = None,
    tls: ssl.SSLContext | None = None,
    ready: Callable[[], None] | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Listen until ``stop`` is set (or forever)."""
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        server_factory(lmtp=lmtp, max_size=max_size, hostname=hostname, tls=tls),
        host=host,
        port=port,
    )
    if ready is not None:
        ready()
    try:
        async with server:
            if stop is None:
                await server.serve_forever()
            else:
                await stop.wait()
    finally:
        # The database work ran in asgiref's executor thread: close its connection there.
        await sync_to_async(connections.close_all)()
