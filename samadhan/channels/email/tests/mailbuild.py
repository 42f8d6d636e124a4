"""Building inbound test mail and delivering it through the real store and processing."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime

from samadhan.channels.email.ingest import raw_email_store
from samadhan.channels.email.models import RawEmail
from samadhan.channels.email.process import raw_email_process
from samadhan.channels.email.services import email_inbox_create
from samadhan.channels.models import Inbox
from samadhan.workspaces.models import Workspace

_seq = itertools.count(1)


def make_email_inbox(workspace: Workspace, address: str = "support@shop.example") -> Inbox:
    return email_inbox_create(workspace=workspace, name=f"Mail {address}", address=address, by=None)


def build(
    *,
    sender: str = "Asha <asha@customer.example>",
    to: str = "support@shop.example",
    subject: str = "My parcel",
    body: str = "Where is it?",
    message_id: str | None = None,
    in_reply_to: str | None = None,
    references: str | None = None,
    cc: str | None = None,
    headers: dict[str, str] | None = None,
) -> bytes:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    if cc:
        mail["Cc"] = cc
    mail["Subject"] = subject
    mail["Date"] = format_datetime(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    mail["Message-ID"] = message_id or f"<m{next(_seq)}@customer.example>"
    if in_reply_to:
        mail["In-Reply-To"] = in_reply_to
    if references:
        mail["References"] = references
    for name, value in (headers or {}).items():
        mail[name] = value
    mail.set_content(body)
    return mail.as_bytes()


def deliver(inbox: Inbox, raw: bytes, source: str = "smtp") -> RawEmail:
    stored = raw_email_store(inbox=inbox, raw=raw, source=source)
    return raw_email_process(raw_email_id=stored.pk)
