"""Processing details: inline images, refused attachments, unreadable mail, retries."""

from __future__ import annotations

import base64
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from samadhan.channels.email.ingest import raw_email_store
from samadhan.channels.email.models import RawEmail, RawEmailStatus
from samadhan.channels.email.process import UNPARSED_TAG, _unparsed
from samadhan.channels.email.tests.mailbuild import deliver, make_email_inbox
from samadhan.core.tests.workers import run_db_worker
from samadhan.testing.factories import make_workspace
from samadhan.tickets.models import Attachment, FieldType, MessageKind, Ticket
from samadhan.tickets.services.custom_field import custom_field_create

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\nfake").decode()


def related_mail() -> bytes:
    return "\r\n".join(
        [
            "From: Asha <asha@customer.example>",
            "To: support@shop.example",
            "Subject: Broken lid",
            "Message-ID: <rel1@customer.example>",
            'Content-Type: multipart/mixed; boundary="M"',
            "",
            "--M",
            'Content-Type: multipart/related; boundary="R"',
            "",
            "--R",
            "Content-Type: text/html; charset=utf-8",
            "",
            '<p>Look:</p><img src="cid:photo1@phone" alt="lid"><script>x()</script>',
            "--R",
            "Content-Type: image/png",
            "Content-ID: <photo1@phone>",
            "Content-Transfer-Encoding: base64",
            "",
            PNG,
            "--R--",
            "--M",
            'Content-Type: application/octet-stream; name="setup.exe"',
            "Content-Disposition: attachment; filename=setup.exe",
            "",
            "MZ",
            "--M--",
            "",
        ]
    ).encode()


@pytest.mark.django_db
def test_inline_image_points_at_its_attachment_and_refused_files_leave_a_note() -> None:
    inbox = make_email_inbox(make_workspace(slug="shop"))
    raw = deliver(inbox, related_mail())
    message = raw.result_message
    assert message is not None
    image = Attachment.objects.get(message=message)
    assert (image.filename, image.content_type) == ("part-1.png", "image/png")
    assert f'src="/t/shop/attachments/{image.pk}"' in message.body_html
    assert "<script>" not in message.body_html
    note = message.ticket.messages.get(kind=MessageKind.NOTE)
    assert note.body_text == (
        "Attachment setup.exe was not kept: Files of this type are not accepted."
    )


@pytest.mark.django_db
def test_a_required_custom_field_never_refuses_a_customers_mail() -> None:
    workspace = make_workspace()
    custom_field_create(
        workspace=workspace, key="city", label="City", field_type=FieldType.TEXT, required=True
    )
    inbox = make_email_inbox(workspace)
    raw = deliver(
        inbox,
        b"From: Asha <asha@customer.example>\r\nSubject: Order late\r\n"
        b"Message-ID: <required-field@customer.example>\r\n\r\nWhere is it?",
    )
    assert raw.status == RawEmailStatus.PROCESSED
    assert raw.ticket is not None
    assert (raw.ticket.subject, raw.ticket.custom_fields) == ("Order late", {})


@pytest.mark.django_db
def test_unparsed_fallback_keeps_the_original_attached() -> None:
    inbox = make_email_inbox(make_workspace())
    data = b"From: Asha <asha@customer.example>\r\nSubject: Help\r\n\r\n\xff\xfe garbage"
    stored = raw_email_store(inbox=inbox, raw=data, source="imap")
    outcome = _unparsed(stored, data, error="ValueError: boom")
    assert outcome.status == RawEmailStatus.UNPARSED
    ticket = outcome.ticket
    assert ticket is not None
    assert (ticket.subject, list(ticket.tags.values_list("name", flat=True))) == (
        "Help",
        [UNPARSED_TAG],
    )
    assert ticket.contact.name == "Asha"
    original = Attachment.objects.get(message__ticket=ticket)
    assert (original.filename, original.content_type) == ("original.eml", "message/rfc822")
    with original.file.open("rb") as handle:
        assert handle.read() == data


@pytest.mark.django_db(transaction=True)
def test_missing_file_is_retried_later_not_lost() -> None:
    inbox = make_email_inbox(make_workspace())
    stored = raw_email_store(inbox=inbox, raw=b"From: a@b.example\r\n\r\nhi", source="http")
    path = Path(settings.MEDIA_ROOT) / stored.file.name
    kept = path.read_bytes()
    path.unlink()
    run_db_worker()
    failed = RawEmail.objects.get(pk=stored.pk)
    assert (failed.status, failed.attempts) == (RawEmailStatus.FAILED, 1)
    assert failed.error.startswith("FileNotFoundError")
    runs = DBTaskResult.objects.filter(task_path="samadhan.channels.email.tasks.process_raw_email")
    assert sorted((r.status, r.return_value) for r in runs if r.status != "READY") == [
        ("SUCCESSFUL", "retrying")
    ]
    assert [r.args_kwargs["kwargs"] for r in runs if r.status == "READY"] == [
        {"raw_email_id": stored.pk, "attempt": 2}
    ]
    # The disk comes back; the retry finishes the job.
    path.write_bytes(kept)
    from samadhan.channels.email.process import raw_email_process

    done = raw_email_process(raw_email_id=stored.pk)
    assert (done.status, done.attempts) == (RawEmailStatus.PROCESSED, 2)
    assert Ticket.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_requeue_finishes_mail_whose_task_was_lost() -> None:
    inbox = make_email_inbox(make_workspace())
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False):
        stored = raw_email_store(inbox=inbox, raw=b"From: a@b.example\r\n\r\nhi", source="imap")
    # The worker died holding the task: it is gone, the row is still "received".
    DBTaskResult.objects.all().delete()
    fresh = raw_email_store(inbox=inbox, raw=b"From: c@d.example\r\n\r\nnew", source="imap")
    out = io.StringIO()
    call_command("email_requeue", "--minutes", "10", stdout=out)
    assert out.getvalue() == "queued 1 raw email(s)\n"
    run_db_worker()
    stored.refresh_from_db()
    fresh.refresh_from_db()
    assert stored.status == RawEmailStatus.PROCESSED
    assert fresh.status == RawEmailStatus.PROCESSED
    assert Ticket.objects.count() == 2


@pytest.mark.django_db
def test_remote_images_are_links_not_loaded() -> None:
    inbox = make_email_inbox(make_workspace())
    raw = (
        b"From: news@shop.example\r\nSubject: Look\r\nContent-Type: text/html\r\n\r\n"
        b'<p>Hi</p><img src="https://track.example/pixel.gif?u=1" alt="logo">'
        b"<img src='http://x.example/a.png'><IMG SRC=//cdn.example/b.png>"
    )
    message = deliver(inbox, raw).result_message
    assert message is not None
    html = message.body_html
    assert "<img" not in html
    assert 'href="https://track.example/pixel.gif?u=1"' in html
    assert "[logo]</a>" in html
    assert "[image]</a>" in html
