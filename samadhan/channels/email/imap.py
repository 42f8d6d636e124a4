"""IMAP polling: fetch new mail of an email inbox and hand the raw bytes to the ingest pipeline.

Durability rule: a message is flagged ``\\Seen`` (and moved to the processed folder, when one
is set) only after ``raw_email_store`` has committed its bytes and row. A crash between the
two leaves the message unflagged: the next poll fetches it again and the store recognises
it (same bytes or Message-ID), so nothing is lost and nothing is stored twice.

Which messages are fetched:

- with a processed folder, everything still in the watched folder (processed mail leaves it);
- otherwise every ``UNSEEN`` message plus every message with a UID above the last one we
  stored (so a mail someone read in webmail before we polled still arrives). UIDs only count
  within one UIDVALIDITY; when the server changes it we fall back to ``UNSEEN``.

``samadhan imap-poll`` runs :func:`imap_watch` for every active inbox with an IMAP host,
one thread each: IDLE when the server announces it (and the inbox allows it), else a poll
every ``interval`` seconds. ``--once`` polls each inbox a single time (for cron).
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import re
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import DatabaseError, close_old_connections, connections, transaction
from django.utils import timezone
from imap_tools import BaseMailBox, MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.errors import UnexpectedCommandStatusError

from samadhan.channels.email.ingest import max_email_bytes, raw_email_store
from samadhan.channels.email.models import EmailSettings, RawEmailSource, Security
from samadhan.channels.models import Inbox, InboxKind
from samadhan.core.errors import AppError

log = logging.getLogger(__name__)

# Errors of one connection: the watcher reconnects after a pause, the poll of one inbox
# never takes down the others.
CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    imaplib.IMAP4.error,
    UnexpectedCommandStatusError,
    OSError,  # socket errors, timeouts, TLS (ssl.SSLError is an OSError)
)
# Errors storing one message: it stays unflagged in the mailbox and is retried next poll.
STORE_ERRORS: tuple[type[BaseException], ...] = (DatabaseError, OSError, AppError)

TIMEOUT = 60.0
IDLE_RENEW = 5 * 60  # re-issue IDLE (RFC 2177: within 29 minutes) and re-read the settings
IDLE_TICK = 1.0  # how often an idling watcher looks at its stop flag


@dataclass(frozen=True)
class ImapAccount:
    """What it takes to reach one mailbox; read from the inbox's EmailSettings."""

    host: str
    port: int
    security: str
    username: str
    password: str = field(repr=False, default="")
    oauth2_token: str = field(repr=False, default="")
    folder: str = "INBOX"
    processed_folder: str = ""
    idle: bool = True

    @classmethod
    def of(cls, settings: EmailSettings) -> ImapAccount:
        return cls(
            host=settings.imap_host,
            port=settings.imap_port,
            security=settings.imap_security,
            username=settings.imap_username or settings.address,
            password=settings.imap_password,
            oauth2_token=settings.imap_oauth2_token,
            folder=settings.imap_folder or "INBOX",
            processed_folder=settings.imap_processed_folder,
            idle=settings.imap_idle,
        )


@dataclass
class PollResult:
    """What one poll did (``stored`` includes re-deliveries the store recognised)."""

    fetched: int = 0
    stored: int = 0
    failed: int = 0
    uids: list[int] = field(default_factory=list)


def mailbox_connect(account: ImapAccount, *, timeout: float = TIMEOUT) -> BaseMailBox:
    """A logged-in mailbox with the account's folder selected (XOAUTH2 when a token is set)."""
    mailbox: BaseMailBox
    if account.security == Security.SSL:
        mailbox = MailBox(
            account.host, account.port, timeout=timeout, ssl_context=ssl.create_default_context()
        )
    elif account.security == Security.STARTTLS:
        mailbox = MailBoxStartTls(
            account.host, account.port, timeout=timeout, ssl_context=ssl.create_default_context()
        )
    else:
        mailbox = MailBoxUnencrypted(account.host, account.port, timeout=timeout)
    try:
        if account.oauth2_token:
            mailbox.xoauth2(account.username, account.oauth2_token, initial_folder=None)
        else:
            mailbox.login(account.username, account.password, initial_folder=None)
        mailbox.folder.set(account.folder)
    except BaseException:
        _logout(mailbox)
        raise
    return mailbox


def _logout(mailbox: BaseMailBox) -> None:
    # A failing logout means the connection is already gone: nothing is left to release.
    with contextlib.suppress(
        imaplib.IMAP4.error, UnexpectedCommandStatusError, OSError, AttributeError
    ):
        mailbox.logout()


def _folder_state(mailbox: BaseMailBox, folder: str) -> tuple[int | None, int | None]:
    """(UIDVALIDITY, UIDNEXT) of the folder, read before searching it."""
    status = mailbox.folder.status(folder, ["UIDVALIDITY", "UIDNEXT"])
    validity, uidnext = status.get("UIDVALIDITY"), status.get("UIDNEXT")
    return (
        int(validity) if validity is not None else None,
        int(uidnext) if uidnext is not None else None,
    )


def _uids_to_fetch(mailbox: BaseMailBox, account: ImapAccount, last_uid: int | None) -> list[int]:
    if account.processed_folder:
        return sorted(int(uid) for uid in mailbox.uids("NOT DELETED"))
    wanted = {int(uid) for uid in mailbox.uids("UNSEEN NOT DELETED")}
    if last_uid is not None:
        # "n:*" always contains the highest UID, even when it is below n: filter here.
        newer = mailbox.uids(f"UID {last_uid + 1}:* NOT DELETED")
        wanted.update(uid for uid in map(int, newer) if uid > last_uid)
    return sorted(wanted)


def _fetch_raw(mailbox: BaseMailBox, uid: int) -> bytes | None:
    """The message's exact bytes (BODY.PEEK: fetching must not mark it seen), None if gone."""
    typ, data = mailbox.client.uid("FETCH", str(uid), "(BODY.PEEK[])")
    if typ != "OK":
        raise UnexpectedCommandStatusError((typ, data), expected="OK")
    for item in data:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            return item[1]
    return None


_SIZE = re.compile(rb"UID (\d+) RFC822\.SIZE (\d+)|RFC822\.SIZE (\d+) UID (\d+)")


def _sizes(mailbox: BaseMailBox, uids: list[int]) -> dict[int, int]:
    """RFC822.SIZE of each message, asked in one command before anything is downloaded."""
    if not uids:
        return {}
    typ, data = mailbox.client.uid("FETCH", ",".join(map(str, uids)), "(UID RFC822.SIZE)")
    if typ != "OK":
        raise UnexpectedCommandStatusError((typ, data), expected="OK")
    sizes: dict[int, int] = {}
    for item in data:
        line = item[0] if isinstance(item, tuple) else item
        if isinstance(line, bytes) and (match := _SIZE.search(line)):
            uid, size = (match[1], match[2]) if match[1] else (match[4], match[3])
            sizes[int(uid)] = int(size)
    return sizes


def _mark_processed(mailbox: BaseMailBox, uid: int, account: ImapAccount) -> None:
    mailbox.flag(str(uid), "\\Seen", True)
    if account.processed_folder:
        mailbox.move(str(uid), account.processed_folder)


def _ensure_folder(mailbox: BaseMailBox, folder: str) -> None:
    if folder and not mailbox.folder.exists(folder):
        mailbox.folder.create(folder)


def _state_save(
    settings: EmailSettings,
    *,
    uidvalidity: int | None = None,
    last_uid: int | None = None,
    error: str | None = None,
) -> None:
    """Poller bookkeeping on the inbox's settings (machine state: not audited)."""
    values: dict[str, object] = {"imap_last_polled_at": timezone.now()}
    if uidvalidity is not None:
        values["imap_uidvalidity"] = uidvalidity
        values["imap_last_uid"] = last_uid
    if error is not None:
        values["imap_last_error"] = error[:2000]
    EmailSettings.objects.filter(pk=settings.pk).update(**values)
    for name, value in values.items():
        setattr(settings, name, value)


def imap_poll_mailbox(
    *,
    inbox: Inbox,
    mailbox: BaseMailBox,
    after_store: Callable[[int], None] | None = None,
) -> PollResult:
    """Fetch what is new in a connected mailbox, store each message, then mark it processed.

    ``after_store`` is called with each UID once its store has committed and before the
    mailbox is touched (tests use it to simulate a crash there).
    """
    if transaction.get_connection().in_atomic_block:
        # Flagging a message whose row could still roll back would lose it.
        raise RuntimeError("imap_poll_mailbox must run outside a transaction")
    settings = inbox.email
    account = ImapAccount.of(settings)
    _ensure_folder(mailbox, account.processed_folder)
    uidvalidity, uidnext = _folder_state(mailbox, account.folder)
    last_uid = settings.imap_last_uid if settings.imap_uidvalidity == uidvalidity else None
    result = PollResult()
    first_failed: int | None = None
    errors: list[str] = []
    # From here on, an EXISTS announcement may mean mail this poll did not see.
    mailbox.client.untagged_responses.pop("EXISTS", None)
    uids = _uids_to_fetch(mailbox, account, last_uid)
    sizes, limit = _sizes(mailbox, uids), max_email_bytes()
    for uid in uids:
        if sizes.get(uid, 0) > limit:
            # Never downloaded (again and again); it stays unread in the mailbox for a
            # person to deal with, and the inbox shows why.
            result.failed += 1
            errors.append(f"UID {uid}: {sizes[uid]} bytes, over the {limit}-byte limit")
            log.warning("inbox %s: IMAP uid %s is too large to store", inbox.pk, uid)
            continue
        raw = _fetch_raw(mailbox, uid)
        if raw is None:  # expunged by someone else meanwhile
            continue
        result.fetched += 1
        try:
            raw_email_store(inbox=inbox, raw=raw, source=RawEmailSource.IMAP)
        except STORE_ERRORS:
            # Left unflagged, so the next poll tries again; logged with its traceback.
            log.exception("inbox %s: storing IMAP uid %s failed", inbox.pk, uid)
            result.failed += 1
            first_failed = uid if first_failed is None else first_failed
            continue
        result.stored += 1
        if after_store is not None:
            after_store(uid)
        _mark_processed(mailbox, uid, account)
        result.uids.append(uid)
    # Every UID below UIDNEXT (read before the search) was considered in this poll; stop
    # short of the first failure so a failed message is retried even if someone reads it.
    done = first_failed if first_failed is not None else uidnext
    if done is not None and (last_uid is None or done - 1 > last_uid):
        last_uid = done - 1 if done > 1 else None
    _state_save(settings, uidvalidity=uidvalidity, last_uid=last_uid, error="; ".join(errors))
    return result


def imap_poll_inbox(*, inbox: Inbox, timeout: float = TIMEOUT) -> PollResult:
    """Connect, poll once, disconnect. Connection errors are recorded on the inbox and raised."""
    settings = inbox.email
    try:
        mailbox = mailbox_connect(ImapAccount.of(settings), timeout=timeout)
    except CONNECTION_ERRORS as exc:
        _state_save(settings, error=f"{type(exc).__name__}: {exc}")
        raise
    try:
        return imap_poll_mailbox(inbox=inbox, mailbox=mailbox)
    finally:
        _logout(mailbox)


def imap_inboxes(inbox_id: int | None = None) -> list[Inbox]:
    """Active email inboxes with an IMAP host (all workspaces: this is the poller's job list)."""
    inboxes = Inbox.objects.filter(
        kind=InboxKind.EMAIL, is_active=True, email__isnull=False
    ).exclude(email__imap_host="")
    if inbox_id is not None:
        inboxes = inboxes.filter(pk=inbox_id)
    return list(inboxes.select_related("email", "workspace").order_by("pk"))


def _supports_idle(mailbox: BaseMailBox) -> bool:
    return "IDLE" in mailbox.client.capabilities


def _wait_for_mail(mailbox: BaseMailBox, stop: threading.Event, *, idle_for: float) -> None:
    """IDLE until the server reports a change, ``idle_for`` passes or we are asked to stop."""
    waited = 0.0
    # Servers announce mail that arrived since our last command only when the next command
    # ends (dovecot does not repeat it when IDLE starts): ask once, right before idling.
    mailbox.client.noop()
    if mailbox.client.untagged_responses.pop("EXISTS", None):
        return
    mailbox.idle.start()  # type: ignore[no-untyped-call]
    try:
        while not stop.is_set() and waited < idle_for:
            if mailbox.idle.poll(timeout=IDLE_TICK):
                return
            waited += IDLE_TICK
    finally:
        mailbox.idle.stop()  # type: ignore[no-untyped-call]


def imap_watch(
    *,
    inbox_id: int,
    stop: threading.Event,
    interval: float = 60.0,
    idle_for: float = IDLE_RENEW,
    on_poll: Callable[[PollResult], None] | None = None,
) -> None:
    """Keep one inbox fetched until ``stop`` is set: IDLE if possible, else poll; reconnect."""
    try:
        _watch(inbox_id=inbox_id, stop=stop, interval=interval, idle_for=idle_for, on_poll=on_poll)
    finally:
        connections.close_all()  # this thread's own database connection


def _watch(
    *,
    inbox_id: int,
    stop: threading.Event,
    interval: float,
    idle_for: float,
    on_poll: Callable[[PollResult], None] | None,
) -> None:
    backoff = 1.0
    while not stop.is_set():
        close_old_connections()
        inboxes = imap_inboxes(inbox_id)
        if not inboxes:
            log.info("inbox %s is no longer an active IMAP inbox: watcher stops", inbox_id)
            return
        inbox = inboxes[0]
        account = ImapAccount.of(inbox.email)
        try:
            mailbox = mailbox_connect(account)
        except CONNECTION_ERRORS as exc:
            log.warning("inbox %s: IMAP connection failed: %s", inbox_id, exc)
            _state_save(inbox.email, error=f"{type(exc).__name__}: {exc}")
            stop.wait(backoff)
            backoff = min(backoff * 2, 300.0)
            continue
        try:
            while not stop.is_set():
                close_old_connections()
                result = imap_poll_mailbox(inbox=inbox, mailbox=mailbox)
                backoff = 1.0
                if on_poll is not None:
                    on_poll(result)
                if account.idle and _supports_idle(mailbox):
                    _wait_for_mail(mailbox, stop, idle_for=idle_for)
                else:
                    mailbox.client.noop()  # keeps the session; fails fast if it is gone
                    stop.wait(interval)
                # Settings may have changed (folder, password, deactivated) meanwhile.
                fresh = imap_inboxes(inbox_id)
                if not fresh or ImapAccount.of(fresh[0].email) != account:
                    break
                inbox = fresh[0]
        except CONNECTION_ERRORS as exc:  # TimeoutError is an OSError
            log.warning("inbox %s: IMAP session ended: %s", inbox_id, exc)
            _state_save(inbox.email, error=f"{type(exc).__name__}: {exc}")
            stop.wait(backoff)
            backoff = min(backoff * 2, 300.0)
        finally:
            _logout(mailbox)
