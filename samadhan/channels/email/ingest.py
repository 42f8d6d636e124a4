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
from django.utils.translation import gettext_lazy as _

from samadhan.channels.email.headers import normalize_message_id
from samadhan.channels.email.models import RawEmail, RawEmailSource, raw_email_path
from samadhan.channels.models import Inbox
from samadhan.core.errors import TooLarge, ValidationFailed
from samadhan.core.transaction import enqueue_on_commit

logger = logging.getLogger(__name__)

DEFAULT_MAX_EMAIL_BYTES = 40 * 1024 * 1024

# Stored rows by ("sha256", hex) and by ("message_id", id).
_Known = dict[tuple[str, str], RawEmail]


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


def _write_durably(path: Path, raw: bytes, *, sync_folder: bool = True) -> None:
    """Write ``raw`` to ``path`` so it survives a crash right after we return.

    With ``sync_folder=False`` the caller fsyncs ``path.parent`` itself (once for many
    files) before it relies on the file.
    """
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
    if sync_folder:
        _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the renames into ``folder`` durable."""
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _existing(inbox: Inbox, sha256: str, message_id: str) -> RawEmail | None:
    """The row stored first in the inbox with these bytes or this Message-ID."""
    known = _existing_many(inbox, [sha256], [message_id] if message_id else [])
    return _first(known.get(("sha256", sha256)), known.get(("message_id", message_id)))


def _new_row(inbox: Inbox, raw: bytes, source: str) -> RawEmail:
    """An unsaved row for ``raw`` (its file name set); raises on a bad source or size."""
    if source not in RawEmailSource.values:
        raise ValidationFailed(_("Unknown mail source."), fields={"source": [source]})
    limit = max_email_bytes()
    if len(raw) > limit:
        raise TooLarge(
            _("The email is larger than %(limit)d bytes."),
            params={"limit": limit},
        )
    row = RawEmail(
        workspace_id=inbox.workspace_id,
        inbox=inbox,
        sha256=hashlib.sha256(raw).hexdigest(),
        message_id=header_message_id(raw),
        size=len(raw),
        source=source,
    )
    row.file.name = raw_email_path(row, "")
    return row


def raw_email_store(*, inbox: Inbox, raw: bytes, source: str) -> RawEmail:
    """Store one received mail durably and queue its processing; idempotent per inbox.

    A second delivery of the same bytes, or of the same Message-ID, into the same
    inbox returns the row stored first and queues nothing. Raises ``TooLarge`` over
    the size limit. Commits before returning (unless called inside a transaction).
    """
    row = _new_row(inbox, raw, source)
    existing = _existing(inbox, row.sha256, row.message_id)
    if existing is not None:
        return existing
    _write_durably(Path(settings.MEDIA_ROOT) / row.file.name, raw)
    from samadhan.channels.email.tasks import process_raw_email

    try:
        with transaction.atomic():
            row.save()
            enqueue_on_commit(process_raw_email, raw_email_id=row.pk)
    except IntegrityError:
        # A concurrent delivery of the same mail won the race; the file is shared.
        existing = _existing(inbox, row.sha256, row.message_id)
        if existing is None:
            raise
        return existing
    logger.info(
        "stored raw email %s (%s bytes, %s) for inbox %s", row.pk, row.size, source, inbox.pk
    )
    return row


# Mails per processing task when a batch is stored: one transaction holds the database
# this long (a few milliseconds a mail), so a batch stays well under a second.
PROCESS_BATCH = 100


def raw_emails_store(*, inbox: Inbox, raws: list[bytes], source: str) -> list[RawEmail]:
    """Store many received mails (an IMAP fetch, an import) with one commit.

    The same promise as ``raw_email_store`` for each of them (files written and fsynced,
    rows committed before this returns; duplicates return the row stored first), with
    one transaction for all rows and one processing task per ``PROCESS_BATCH`` mails.
    Returns a row per raw mail, in order. Raises before storing anything when one mail
    is refused (too large); a concurrent delivery of one of them makes it store them
    one by one.
    """
    rows = [_new_row(inbox, raw, source) for raw in raws]
    known = _existing_many(
        inbox, [row.sha256 for row in rows], [row.message_id for row in rows if row.message_id]
    )
    result: list[RawEmail] = []
    new: list[RawEmail] = []
    folders: set[Path] = set()
    for row, raw in zip(rows, raws, strict=True):
        found = _first(known.get(("sha256", row.sha256)), known.get(("message_id", row.message_id)))
        if found is None:
            path = Path(settings.MEDIA_ROOT) / row.file.name
            _write_durably(path, raw, sync_folder=False)
            folders.add(path.parent)
            new.append(row)
            # A later copy in this batch is a duplicate of this one.
            known[("sha256", row.sha256)] = row
            if row.message_id:
                known.setdefault(("message_id", row.message_id), row)
            found = row
        result.append(found)
    for folder in sorted(folders):
        _sync_folder(folder)
    if not new:
        return result
    from samadhan.channels.email.tasks import process_raw_emails

    try:
        with transaction.atomic():
            RawEmail.objects.bulk_create(new)
            ids = [row.pk for row in new]
            for start in range(0, len(ids), PROCESS_BATCH):
                enqueue_on_commit(
                    process_raw_emails, raw_email_ids=ids[start : start + PROCESS_BATCH]
                )
    except IntegrityError:
        # Someone stored one of them meanwhile; the single store settles each race.
        for row in new:
            row.pk = None
        return [raw_email_store(inbox=inbox, raw=raw, source=source) for raw in raws]
    logger.info("stored %d raw emails (%s) for inbox %s", len(new), source, inbox.pk)
    return result


def _first(*rows: RawEmail | None) -> RawEmail | None:
    """The row stored first (a row of this batch, not yet saved, comes after all others)."""
    stored = [row for row in rows if row is not None]
    return min(stored, key=lambda row: row.pk or 2**63) if stored else None


def _existing_many(inbox: Inbox, sha256s: list[str], message_ids: list[str]) -> _Known:
    """Rows already stored in the inbox, by sha256 and by Message-ID (the first stored).

    Two lookups, each on its unique index: for an OR of the two, SQLite walks every
    raw email of the workspace.
    """
    rows = RawEmail.objects.filter(workspace_id=inbox.workspace_id, inbox=inbox)
    found: _Known = {}
    matches = [rows.filter(sha256__in=sha256s)]
    if message_ids:
        matches.append(rows.filter(message_id__in=message_ids))
    for row in sorted((row for match in matches for row in match), key=lambda row: row.pk):
        found.setdefault(("sha256", row.sha256), row)
        if row.message_id:
            found.setdefault(("message_id", row.message_id), row)
    return found


def raw_email_bytes(raw_email: RawEmail) -> bytes:
    with raw_email.file.open("rb") as handle:
        data = handle.read()
    return bytes(data)
