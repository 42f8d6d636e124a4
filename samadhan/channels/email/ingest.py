"""The durable front door for mail: bytes are on disk and in the database before anyone says 250.

IMAP, the SMTP/LMTP listener, the HTTP endpoint and the file importer all call
``raw_email_store``; understanding the mail happens later in ``process_raw_email``, so a
parser bug can never lose a message, only delay it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from email.parser import BytesHeaderParser
from email.policy import compat32
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samadhan.channels.email.headers import normalize_message_id
from samadhan.channels.email.models import RawEmail, RawEmailSource, raw_email_path
from samadhan.channels.models import Inbox
from samadhan.core.errors import TooLarge, ValidationFailed
from samadhan.core.transaction import enqueue_on_commit

logger = logging.getLogger(__name__)

DEFAULT_MAX_EMAIL_BYTES = 40 * 1024 * 1024


def max_email_bytes() -> int:
    """Largest raw mail accepted (bytes); ``SAMADHAN["MAX_EMAIL_BYTES"]`` overrides."""
    return int(settings.SAMADHAN.get("MAX_EMAIL_BYTES", DEFAULT_MAX_EMAIL_BYTES))


def header_message_id(raw: bytes) -> str:
    """The normalised Message-ID of raw mail, "" if it has none or the headers are garbage."""
    try:
        headers = BytesHeaderParser(policy=compat32).parsebytes(raw[: 256 * 1024])
        value = headers.get("Message-ID")
    except Exception:  # noqa: BLE001 - any garbage just means "no usable Message-ID"
        return ""
    if value is None:
        return ""
    return normalize_message_id(str(value))


def _write_durably(path: Path, raw: bytes) -> None:
    """Write ``raw`` to ``path`` so it survives a crash right after we return."""
    if path.exists() and path.stat().st_size == len(raw):
        # Content-addressed: the same name means the same bytes are already there.
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".eml")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _existing(inbox: Inbox, sha256: str, message_id: str) -> RawEmail | None:
    match = Q(sha256=sha256)
    if message_id:
        match |= Q(message_id=message_id)
    return (
        RawEmail.objects.filter(workspace_id=inbox.workspace_id, inbox=inbox)
        .filter(match)
        .order_by("id")
        .first()
    )


def raw_email_store(*, inbox: Inbox, raw: bytes, source: str) -> RawEmail:
    """Store one received mail durably and queue its processing; idempotent per inbox.

    A second delivery of the same bytes, or of the same Message-ID, into the same
    inbox returns the row stored first and queues nothing. Raises ``TooLarge`` over
    the size limit. Commits before returning (unless called inside a transaction).
    """
    if source not in RawEmailSource.values:
        raise ValidationFailed(_("Unknown mail source."), fields={"source": [source]})
    limit = max_email_bytes()
    if len(raw) > limit:
        raise TooLarge(
            _("The email is larger than %(limit)d bytes."),
            params={"limit": limit},
        )
    sha256 = hashlib.sha256(raw).hexdigest()
    message_id = header_message_id(raw)
    existing = _existing(inbox, sha256, message_id)
    if existing is not None:
        return existing

    row = RawEmail(
        workspace_id=inbox.workspace_id,
        inbox=inbox,
        sha256=sha256,
        message_id=message_id,
        size=len(raw),
        source=source,
    )
    name = raw_email_path(row, "")
    _write_durably(Path(settings.MEDIA_ROOT) / name, raw)
    row.file.name = name
    from samadhan.channels.email.tasks import process_raw_email

    try:
        with transaction.atomic():
            row.save()
            enqueue_on_commit(process_raw_email, raw_email_id=row.pk)
    except IntegrityError:
        # A concurrent delivery of the same mail won the race; the file is shared.
        existing = _existing(inbox, sha256, message_id)
        if existing is None:
            raise
        return existing
    logger.info(
        "stored raw email %s (%s bytes, %s) for inbox %s", row.pk, row.size, source, inbox.pk
    )
    return row


def raw_email_bytes(raw_email: RawEmail) -> bytes:
    with raw_email.file.open("rb") as handle:
        data = handle.read()
    return bytes(data)
