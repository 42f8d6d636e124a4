"""``samadhan smtpd``: a real smtplib client talks to our listener on loopback.

The listener answers from its own thread and commits before replying, so these tests use
``transactional_db``: a 250 must mean the row is visible to everyone.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

import pytest

from samadhan.channels.email.models import RawEmail
from samadhan.channels.email.smtpd import inboxes_for_recipient, tls_context
from samadhan.channels.email.tests.dovecot import (
    Listener,
    make_email_inbox,
    smtpd_factory_fixture,  # noqa: F401 - the smtpd_factory fixture
)
from samadhan.channels.models import Inbox
from samadhan.testing.factories import make_workspace

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _mail(
    to: str = "support@example.com", subject: str = "Printer on fire", size: int = 0
) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Asha Rao <asha@customer.example>"
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = f"<{subject.replace(' ', '.')}.{size}@customer.example>"
    msg.set_content("It is on fire.\n" + "x" * size)
    return msg.as_bytes(policy=SMTP)


def _raw_bytes(row: RawEmail) -> bytes:
    with row.file.open("rb") as handle:
        return bytes(handle.read())


def test_mail_to_an_inbox_address_is_stored_before_250(
    smtpd_factory: Callable[..., Listener],
) -> None:
    inbox = make_email_inbox(make_workspace(), "support@example.com")
    listener = smtpd_factory()
    raw = _mail()

    with smtplib.SMTP(listener.host, listener.port, timeout=10) as client:
        refused = client.sendmail("asha@customer.example", ["support@example.com"], raw)

    assert refused == {}
    row = RawEmail.objects.get(inbox=inbox)
    assert row.source == "smtp"
    assert row.message_id == "Printer.on.fire.0@customer.example"
    stored = _raw_bytes(row)
    # Kept byte for byte, with the envelope on top the way a delivery agent records it.
    assert stored.startswith(
        b"Return-Path: <asha@customer.example>\r\nDelivered-To: support@example.com\r\n"
    )
    assert stored.endswith(raw)


def test_redelivery_stores_nothing_twice(smtpd_factory: Callable[..., Listener]) -> None:
    inbox = make_email_inbox(make_workspace(), "support@example.com")
    listener = smtpd_factory()
    raw = _mail()
    for _ in range(2):
        with smtplib.SMTP(listener.host, listener.port, timeout=10) as client:
            assert client.sendmail("asha@customer.example", ["support@example.com"], raw) == {}
    assert RawEmail.objects.filter(inbox=inbox).count() == 1


def test_unknown_and_inactive_recipients_are_refused(
    smtpd_factory: Callable[..., Listener],
) -> None:
    workspace = make_workspace()
    make_email_inbox(workspace, "support@example.com")
    paused = make_email_inbox(workspace, "paused@example.com", name="Paused")
    Inbox.objects.filter(pk=paused.pk).update(is_active=False)
    listener = smtpd_factory()

    with smtplib.SMTP(listener.host, listener.port, timeout=10) as client:
        for rcpt in ("nobody@example.com", "paused@example.com", "support@elsewhere.example"):
            with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
                client.sendmail("asha@customer.example", [rcpt], _mail(to=rcpt))
            assert refused.value.recipients[rcpt][0] == 550
        # One good recipient among bad ones: accepted for the good one only.
        bad = client.sendmail(
            "asha@customer.example", ["nobody@example.com", "support@example.com"], _mail()
        )
    assert list(bad) == ["nobody@example.com"]
    assert RawEmail.objects.count() == 1


def test_plus_addressing_case_and_idn(smtpd_factory: Callable[..., Listener]) -> None:
    workspace = make_workspace()
    support = make_email_inbox(workspace, "support@example.com")
    strict = make_email_inbox(
        workspace, "billing@example.com", name="Billing", plus_addressing=False
    )
    idn = make_email_inbox(workspace, "help@bücher.example", name="Bücher")
    listener = smtpd_factory()

    with smtplib.SMTP(listener.host, listener.port, timeout=10) as client:
        for rcpt in ("support+t0ken@example.com", "Support@EXAMPLE.com"):
            assert client.sendmail("a@customer.example", [rcpt], _mail(to=rcpt, subject=rcpt)) == {}
        assert (
            client.sendmail(
                "a@customer.example", ["help@xn--bcher-kva.example"], _mail(subject="idn")
            )
            == {}
        )
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            client.sendmail("a@customer.example", ["billing+x@example.com"], _mail(subject="b"))

    assert RawEmail.objects.filter(inbox=support).count() == 2
    assert RawEmail.objects.filter(inbox=idn).count() == 1
    assert not RawEmail.objects.filter(inbox=strict).exists()
    assert inboxes_for_recipient("billing@example.com") == [strict]


def test_the_same_address_in_two_workspaces_gets_a_copy_each(
    smtpd_factory: Callable[..., Listener],
) -> None:
    first = make_email_inbox(make_workspace(), "support@example.com")
    second = make_email_inbox(make_workspace(), "support@example.com")
    listener = smtpd_factory()
    with smtplib.SMTP(listener.host, listener.port, timeout=10) as client:
        assert client.sendmail("a@customer.example", ["support@example.com"], _mail()) == {}
    assert RawEmail.objects.filter(inbox=first).count() == 1
    assert RawEmail.objects.filter(inbox=second).count() == 1
    assert RawEmail.objects.get(inbox=first).workspace_id == first.workspace_id


def test_oversized_mail_is_refused_with_552(smtpd_factory: Callable[..., Listener]) -> None:
    make_email_inbox(make_workspace(), "support@example.com")
    listener = smtpd_factory(max_size=10_000)
    big = _mail(size=20_000)

    with smtplib.SMTP(listener.host, listener.port, timeout=10) as client:
        # smtplib announces the size (ESMTP SIZE): refused before any data is sent.
        with pytest.raises(smtplib.SMTPSenderRefused) as refused:
            client.sendmail("a@customer.example", ["support@example.com"], big)
        assert refused.value.smtp_code == 552
        client.rset()
        # A client that does not announce it is cut off during DATA.
        assert client.mail("a@customer.example")[0] == 250
        assert client.rcpt("support@example.com")[0] == 250
        code, _ = client.data(big)
        assert code == 552
    assert not RawEmail.objects.exists()


def test_storage_failure_answers_451_so_the_sender_retries(
    smtpd_factory: Callable[..., Listener], settings: Any, tmp_path: Path
) -> None:
    inbox = make_email_inbox(make_workspace(), "support@example.com")
    listener = smtpd_factory()
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker  # the raw file cannot be written: a real OSError

    with smtplib.SMTP(listener.host, listener.port, timeout=10) as client:
        with pytest.raises(smtplib.SMTPDataError) as failed:
            client.sendmail("a@customer.example", ["support@example.com"], _mail())
        assert failed.value.smtp_code == 451
    assert not RawEmail.objects.exists()

    # The sender's retry, once storage is back, is accepted.
    settings.MEDIA_ROOT = tmp_path / "media"
    with smtplib.SMTP(listener.host, listener.port, timeout=10) as client:
        assert client.sendmail("a@customer.example", ["support@example.com"], _mail()) == {}
    assert RawEmail.objects.filter(inbox=inbox).count() == 1


def test_lmtp_answers_per_recipient(smtpd_factory: Callable[..., Listener]) -> None:
    workspace = make_workspace()
    support = make_email_inbox(workspace, "support@example.com")
    sales = make_email_inbox(workspace, "sales@example.com", name="Sales")
    listener = smtpd_factory(lmtp=True)

    with smtplib.LMTP(listener.host, listener.port, timeout=10) as client:
        client.ehlo_or_helo_if_needed()
        assert client.mail("a@customer.example")[0] == 250
        assert client.rcpt("support@example.com")[0] == 250
        assert client.rcpt("sales@example.com")[0] == 250
        # smtplib reads only the first of LMTP's per-recipient replies; the second follows.
        assert client.data(_mail()) == (250, b"2.0.0 Message stored")
        assert client.getreply() == (250, b"2.0.0 Message stored")
    assert RawEmail.objects.get(inbox=support).source == "lmtp"
    assert RawEmail.objects.get(inbox=sales).source == "lmtp"


def test_starttls_is_offered_with_a_certificate(
    smtpd_factory: Callable[..., Listener], smtp_tls_cert: tuple[Path, Path]
) -> None:
    inbox = make_email_inbox(make_workspace(), "support@example.com")
    cert, key = smtp_tls_cert
    listener = smtpd_factory(tls=tls_context(str(cert), str(key)))

    with smtplib.SMTP(listener.host, listener.port, timeout=10) as client:
        client.ehlo()
        assert client.has_extn("starttls")
        client.starttls(context=ssl.create_default_context(cafile=str(cert)))
        assert client.sendmail("a@customer.example", ["support@example.com"], _mail()) == {}
    assert RawEmail.objects.filter(inbox=inbox).count() == 1
