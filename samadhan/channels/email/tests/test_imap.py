"""IMAP polling against a real dovecot on loopback.

The poller flags a message only after the store committed, so these tests run with
``transactional_db`` (the poller refuses to run inside a transaction).
"""

from __future__ import annotations

import imaplib
import ssl
import threading
import time
from collections.abc import Callable
from email.message import EmailMessage
from email.policy import SMTP
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from imap_tools.errors import MailboxLoginError

from samadhan.channels.email.imap import (
    ImapAccount,
    PollResult,
    imap_poll_inbox,
    imap_poll_mailbox,
    imap_watch,
    mailbox_connect,
)
from samadhan.channels.email.models import EmailSettings, RawEmail
from samadhan.channels.email.tests.dovecot import (  # fixtures by name: dovecot, ...
    Dovecot,
    dovecot_fixture,  # noqa: F401
    dovecot_without_idle_fixture,  # noqa: F401
    imap_fields,
    make_email_inbox,
)
from samadhan.channels.models import Inbox
from samadhan.channels.services import inbox_update
from samadhan.testing.factories import make_workspace

pytestmark = pytest.mark.django_db(transaction=True)

USER = "support@example.com"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _mail(subject: str, *, body: str = "Hello", message_id: bool = True) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Asha Rao <asha@customer.example>"
    msg["To"] = USER
    msg["Subject"] = subject
    if message_id:
        msg["Message-ID"] = f"<{subject.replace(' ', '-')}@customer.example>"
    msg.set_content(body)
    return msg.as_bytes(policy=SMTP)


def _inbox(server: Dovecot, **extra: Any) -> Inbox:
    return make_email_inbox(make_workspace(), USER, **imap_fields(server, USER, **extra))


def _stored(inbox: Inbox) -> list[bytes]:
    rows = RawEmail.objects.filter(inbox=inbox).order_by("id")
    out = []
    for row in rows:
        with row.file.open("rb") as handle:
            out.append(bytes(handle.read()))
    return out


def test_poll_stores_each_new_message_exactly_and_flags_it_seen(dovecot: Dovecot) -> None:
    inbox = _inbox(dovecot)
    first, second = _mail("First"), _mail("Second", message_id=False)
    dovecot.deliver(USER, first)
    dovecot.deliver(USER, second)

    result = imap_poll_inbox(inbox=inbox)

    assert (result.fetched, result.stored, result.failed) == (2, 2, 0)
    # Byte for byte what the customer's server delivered, fetched without the \Seen side effect.
    assert _stored(inbox) == [first, second]
    assert set(RawEmail.objects.values_list("source", flat=True)) == {"imap"}
    assert dovecot.uids(USER, criteria="UNSEEN") == []
    assert dovecot.uids(USER, criteria="SEEN") == ["1", "2"]
    settings = EmailSettings.objects.get(inbox=inbox)
    assert settings.imap_last_uid == 2
    assert settings.imap_uidvalidity is not None
    assert settings.imap_last_error == ""
    assert settings.imap_last_polled_at is not None


def test_repoll_stores_nothing_twice_and_still_sees_mail_read_elsewhere(
    dovecot: Dovecot,
) -> None:
    inbox = _inbox(dovecot)
    dovecot.deliver(USER, _mail("First"))
    imap_poll_inbox(inbox=inbox)

    again = imap_poll_inbox(inbox=inbox)
    assert again == PollResult()
    assert RawEmail.objects.filter(inbox=inbox).count() == 1

    # Someone reads a new mail in webmail before we poll: its UID is still new to us.
    dovecot.deliver(USER, _mail("Read in webmail"))
    with dovecot.mailbox(USER) as mailbox:
        mailbox.flag("2", "\\Seen", True)
    result = imap_poll_inbox(inbox=inbox)
    assert result.uids == [2]
    assert RawEmail.objects.filter(inbox=inbox).count() == 2


def test_processed_mail_moves_to_the_processed_folder(dovecot: Dovecot) -> None:
    inbox = _inbox(dovecot, imap_processed_folder="Samadhan")
    for subject in ("One", "Two", "Three"):
        dovecot.deliver(USER, _mail(subject))

    assert imap_poll_inbox(inbox=inbox).stored == 3

    assert dovecot.uids(USER) == []
    with dovecot.mailbox(USER, "Samadhan") as mailbox:
        moved = list(mailbox.fetch(mark_seen=False))
    assert sorted(m.subject for m in moved) == ["One", "Three", "Two"]
    assert all("\\Seen" in m.flags for m in moved)
    # Nothing left to fetch; nothing stored twice.
    assert imap_poll_inbox(inbox=inbox).fetched == 0
    assert RawEmail.objects.filter(inbox=inbox).count() == 3


class Crash(Exception):
    """The process dies after the store committed, before the mailbox was told."""


def test_a_crash_between_store_and_flag_neither_loses_nor_duplicates(dovecot: Dovecot) -> None:
    inbox = _inbox(dovecot, imap_processed_folder="Done")
    dovecot.deliver(USER, _mail("Fragile"))
    dovecot.deliver(USER, _mail("Sturdy"))

    def crash(uid: int) -> None:
        raise Crash(uid)

    mailbox = mailbox_connect(ImapAccount.of(inbox.email))
    try:
        with pytest.raises(Crash):
            imap_poll_mailbox(inbox=inbox, mailbox=mailbox, after_store=crash)
    finally:
        mailbox.logout()

    # Stored and committed, but still waiting, unflagged, in the mailbox.
    assert RawEmail.objects.filter(inbox=inbox).count() == 1
    assert dovecot.uids(USER, criteria="UNSEEN") == ["1", "2"]

    result = imap_poll_inbox(inbox=Inbox.objects.get(pk=inbox.pk))
    assert result.uids == [1, 2]
    assert RawEmail.objects.filter(inbox=inbox).count() == 2
    assert dovecot.uids(USER) == []
    assert len(dovecot.uids(USER, folder="Done")) == 2


def test_a_message_that_cannot_be_stored_stays_in_the_mailbox(
    dovecot: Dovecot, settings: Any, tmp_path: Path
) -> None:
    inbox = _inbox(dovecot)
    dovecot.deliver(USER, _mail("First"))
    dovecot.deliver(USER, _mail("Second"))
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker  # the disk refuses: a real OSError in the store

    result = imap_poll_inbox(inbox=inbox)

    # One failure never stops the poll, and nothing failed is marked as handled.
    assert (result.fetched, result.stored, result.failed) == (2, 0, 2)
    assert dovecot.uids(USER, criteria="UNSEEN") == ["1", "2"]
    assert EmailSettings.objects.get(inbox=inbox).imap_last_uid is None

    settings.MEDIA_ROOT = tmp_path / "media"
    assert imap_poll_inbox(inbox=Inbox.objects.get(pk=inbox.pk)).uids == [1, 2]
    assert RawEmail.objects.filter(inbox=inbox).count() == 2
    assert EmailSettings.objects.get(inbox=inbox).imap_last_uid == 2


def test_an_oversized_message_is_left_unread_and_reported(dovecot: Dovecot, settings: Any) -> None:
    inbox = _inbox(dovecot)
    settings.SAMADHAN = {**settings.SAMADHAN, "MAX_EMAIL_BYTES": 2_000}
    huge = _mail("Huge", body="x" * 5_000)
    dovecot.deliver(USER, huge)
    dovecot.deliver(USER, _mail("Small"))

    result = imap_poll_inbox(inbox=inbox)

    # Its size is asked first: the message is not even downloaded.
    assert (result.fetched, result.stored, result.failed) == (1, 1, 1)
    assert dovecot.uids(USER, criteria="UNSEEN") == ["1"]
    assert EmailSettings.objects.get(inbox=inbox).imap_last_error == (
        f"UID 1: {len(huge)} bytes, over the 2000-byte limit"
    )

    # Once the limit allows it, the next poll takes it.
    settings.SAMADHAN = {**settings.SAMADHAN, "MAX_EMAIL_BYTES": 1_000_000}
    assert imap_poll_inbox(inbox=Inbox.objects.get(pk=inbox.pk)).uids == [1]
    assert EmailSettings.objects.get(inbox=inbox).imap_last_error == ""


def test_wrong_password_is_recorded_on_the_inbox(dovecot: Dovecot) -> None:
    inbox = _inbox(dovecot, imap_password="wrong")
    with pytest.raises(MailboxLoginError):
        imap_poll_inbox(inbox=inbox, timeout=10)
    assert "MailboxLoginError" in EmailSettings.objects.get(inbox=inbox).imap_last_error


def _watch_until(
    inbox: Inbox, deliver: Callable[[], None], *, count: int, interval: float = 60.0
) -> list[PollResult]:
    stop = threading.Event()
    polls: list[PollResult] = []
    watcher = threading.Thread(
        target=imap_watch,
        kwargs={
            "inbox_id": inbox.pk,
            "stop": stop,
            "interval": interval,
            "on_poll": polls.append,
        },
    )
    watcher.start()
    try:
        deadline = time.monotonic() + 10
        while not polls and time.monotonic() < deadline:
            time.sleep(0.05)
        deliver()
        while RawEmail.objects.filter(inbox=inbox).count() < count:
            assert time.monotonic() < deadline, "the watcher did not fetch the new mail"
            time.sleep(0.05)
    finally:
        stop.set()
        watcher.join(timeout=15)
    assert not watcher.is_alive()
    return polls


def test_watch_uses_idle_and_fetches_new_mail_at_once(dovecot: Dovecot) -> None:
    inbox = _inbox(dovecot)
    # The poll interval (60 s) is longer than the deadline: only IDLE brings the mail in time.
    polls = _watch_until(inbox, lambda: dovecot.deliver(USER, _mail("Live")), count=1)
    assert sum(p.stored for p in polls) == 1
    assert dovecot.uids(USER, criteria="UNSEEN") == []


def test_watch_polls_when_the_server_has_no_idle(dovecot_without_idle: Dovecot) -> None:
    server = dovecot_without_idle
    inbox = _inbox(server)
    mailbox = mailbox_connect(ImapAccount.of(inbox.email))
    try:
        assert "IDLE" not in mailbox.client.capabilities
    finally:
        mailbox.logout()
    polls = _watch_until(
        inbox, lambda: server.deliver(USER, _mail("Polled")), count=1, interval=0.2
    )
    assert len(polls) >= 2
    assert RawEmail.objects.filter(inbox=inbox).count() == 1


def test_imap_poll_command_once(dovecot: Dovecot) -> None:
    inbox = _inbox(dovecot)
    dovecot.deliver(USER, _mail("Via the command"))
    out = StringIO()

    call_command("imap_poll", "--once", stdout=out)

    assert out.getvalue() == f"inbox {inbox.pk} ({inbox.name}): 1 fetched, 1 stored, 0 failed\n"
    assert RawEmail.objects.filter(inbox=inbox).count() == 1
    with pytest.raises(CommandError):
        call_command("imap_poll", "--once", "--inbox", str(inbox.pk + 1000), stdout=StringIO())


def test_polling_inside_a_transaction_is_refused(dovecot: Dovecot) -> None:
    from django.db import transaction

    inbox = _inbox(dovecot)
    mailbox = mailbox_connect(ImapAccount.of(inbox.email))
    try:
        with transaction.atomic(), pytest.raises(RuntimeError):
            imap_poll_mailbox(inbox=inbox, mailbox=mailbox)
    finally:
        mailbox.logout()


def test_samadhan_imap_poll_and_smtpd_are_commands(capsys: pytest.CaptureFixture[str]) -> None:
    from samadhan.cli import main

    for command, option in (("imap-poll", "--once"), ("smtpd", "--lmtp")):
        with pytest.raises(SystemExit) as exited:
            main([command, "--help"])
        assert exited.value.code == 0
        assert option in capsys.readouterr().out


def test_xoauth2_login_with_an_access_token(dovecot: Dovecot) -> None:
    dovecot.tokens["ya29.fresh-token"] = USER
    inbox = _inbox(dovecot, imap_password="", imap_oauth2_token="ya29.fresh-token")
    dovecot.deliver(USER, _mail("Via OAuth"))

    assert imap_poll_inbox(inbox=inbox).stored == 1
    assert "method=XOAUTH2" in dovecot.log()

    # A revoked or expired token fails the login and says so on the inbox.
    del dovecot.tokens["ya29.fresh-token"]
    with pytest.raises(imaplib.IMAP4.error):
        imap_poll_inbox(inbox=Inbox.objects.get(pk=inbox.pk), timeout=10)
    assert EmailSettings.objects.get(inbox=inbox).imap_last_error != ""


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_tls_connections_verify_the_server_certificate(
    security: str, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = dovecot.ssl_port if security == "ssl" else dovecot.port
    inbox = _inbox(dovecot, imap_security=security, imap_port=port)
    dovecot.deliver(USER, _mail(f"Over {security}"))

    # A certificate nobody vouches for is refused, and the inbox says why.
    with pytest.raises(ssl.SSLCertVerificationError):
        imap_poll_inbox(inbox=inbox, timeout=10)
    assert "SSLCertVerificationError" in EmailSettings.objects.get(inbox=inbox).imap_last_error

    # Trusted (as a real CA-signed certificate would be), mail flows.
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot.cert))
    assert imap_poll_inbox(inbox=Inbox.objects.get(pk=inbox.pk)).stored == 1
    logins = [line for line in dovecot.log().splitlines() if "Login: " in line]
    assert ", TLS, " in logins[-1]  # our session; the test's own delivery was plain


def test_a_watcher_ends_by_itself_when_its_inbox_is_paused(dovecot: Dovecot) -> None:
    inbox = _inbox(dovecot)
    stop = threading.Event()
    polls: list[PollResult] = []
    watcher = threading.Thread(
        target=imap_watch,
        kwargs={"inbox_id": inbox.pk, "stop": stop, "idle_for": 0.5, "on_poll": polls.append},
    )
    watcher.start()
    try:
        deadline = time.monotonic() + 10
        while not polls and time.monotonic() < deadline:
            time.sleep(0.05)
        assert polls, "the watcher never polled"
        inbox_update(inbox=inbox, by=None, is_active=False)
        watcher.join(timeout=10)
        assert not watcher.is_alive()
    finally:
        stop.set()
        watcher.join(timeout=10)


def test_mail_arriving_between_a_poll_and_idle_is_not_left_waiting(dovecot: Dovecot) -> None:
    inbox = _inbox(dovecot)
    stop = threading.Event()
    polls: list[PollResult] = []

    def poll_then_mail_arrives(result: PollResult) -> None:
        polls.append(result)
        if len(polls) == 1:  # after the first poll, before the watcher starts to IDLE
            dovecot.deliver(USER, _mail("Just in between"))

    watcher = threading.Thread(
        target=imap_watch,
        kwargs={"inbox_id": inbox.pk, "stop": stop, "on_poll": poll_then_mail_arrives},
    )
    watcher.start()
    try:
        deadline = time.monotonic() + 10
        while not RawEmail.objects.filter(inbox=inbox).exists():
            assert time.monotonic() < deadline, "the mail waited for the next IDLE renewal"
            time.sleep(0.05)
    finally:
        stop.set()
        watcher.join(timeout=15)
    assert [p.stored for p in polls[:2]] == [0, 1]
