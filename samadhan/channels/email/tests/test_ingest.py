"""The durable store: bytes on disk, a row, one queued task — and never twice."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django_tasks_db.models import DBTaskResult

from samadhan.channels.email.ingest import raw_email_store
from samadhan.channels.email.models import RawEmail, RawEmailStatus
from samadhan.channels.email.process import raw_email_process
from samadhan.channels.email.services import email_inbox_create
from samadhan.channels.models import Inbox
from samadhan.core.errors import TooLarge, ValidationFailed
from samadhan.core.tests.workers import run_db_worker
from samadhan.testing.factories import make_workspace
from samadhan.tickets.models import Ticket
from samadhan.workspaces.models import Workspace

TASK = "samadhan.channels.email.tasks.process_raw_email"


def mail(message_id: str | None = "<m1@customer.example>", body: str = "Hello") -> bytes:
    lines = [
        "From: Asha <asha@customer.example>",
        "To: support@shop.example",
        "Subject: My parcel",
    ]
    if message_id:
        lines.append(f"Message-ID: {message_id}")
    return ("\r\n".join(lines) + "\r\n\r\n" + body + "\r\n").encode()


def email_inbox(workspace: Workspace, address: str = "support@shop.example") -> Inbox:
    return email_inbox_create(workspace=workspace, name=f"Mail {address}", address=address, by=None)


@pytest.fixture
def inbox(db: None) -> Inbox:
    return email_inbox(make_workspace())


def queued() -> list[dict[str, Any]]:
    return [t.args_kwargs["kwargs"] for t in DBTaskResult.objects.filter(task_path=TASK)]


def test_store_writes_bytes_row_and_queues_processing(
    inbox: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    raw = mail()
    with django_capture_on_commit_callbacks(execute=True):
        stored = raw_email_store(inbox=inbox, raw=raw, source="imap")
    digest = hashlib.sha256(raw).hexdigest()
    assert (
        stored.workspace_id,
        stored.sha256,
        stored.message_id,
        stored.size,
        stored.source,
        stored.status,
        stored.attempts,
    ) == (inbox.workspace_id, digest, "m1@customer.example", len(raw), "imap", "received", 0)
    expected = f"raw-email/{inbox.workspace_id}/{digest[:2]}/{digest}.eml"
    assert stored.file.name == expected
    assert (Path(settings.MEDIA_ROOT) / expected).read_bytes() == raw
    assert queued() == [{"raw_email_id": stored.pk}]


def test_same_bytes_or_same_message_id_is_stored_once(
    inbox: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = raw_email_store(inbox=inbox, raw=mail(), source="imap")
        again = raw_email_store(inbox=inbox, raw=mail(), source="smtp")
        # The same Message-ID with other bytes (another Received: line, say).
        relayed = raw_email_store(
            inbox=inbox, raw=b"Received: from relay\r\n" + mail(), source="http"
        )
    assert first.pk == again.pk == relayed.pk
    assert RawEmail.objects.count() == 1
    assert len(queued()) == 1


def test_mails_without_message_id_are_told_apart_by_content(
    inbox: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        a = raw_email_store(inbox=inbox, raw=mail(None, "one"), source="imap")
        b = raw_email_store(inbox=inbox, raw=mail(None, "two"), source="imap")
        a2 = raw_email_store(inbox=inbox, raw=mail(None, "one"), source="imap")
    assert a.pk != b.pk
    assert a2.pk == a.pk
    assert (a.message_id, b.message_id) == ("", "")
    assert len(queued()) == 2


def test_another_inbox_gets_its_own_row_sharing_the_file(
    inbox: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    other = email_inbox(inbox.workspace, "sales@shop.example")
    with django_capture_on_commit_callbacks(execute=True):
        a = raw_email_store(inbox=inbox, raw=mail(), source="smtp")
        b = raw_email_store(inbox=other, raw=mail(), source="smtp")
    assert a.pk != b.pk
    assert a.file.name == b.file.name
    assert len(queued()) == 2


def test_too_large_is_refused_and_nothing_is_kept(inbox: Inbox, settings: Any) -> None:
    settings.SAMADHAN = {**settings.SAMADHAN, "MAX_EMAIL_BYTES": 100}
    with pytest.raises(TooLarge):
        raw_email_store(inbox=inbox, raw=mail(body="x" * 200), source="http")
    assert RawEmail.objects.count() == 0
    raw_email_store(inbox=inbox, raw=b"Subject: s\r\n\r\nshort", source="http")
    assert RawEmail.objects.count() == 1


def test_unknown_source_is_refused(inbox: Inbox) -> None:
    with pytest.raises(ValidationFailed):
        raw_email_store(inbox=inbox, raw=mail(), source="pigeon")


def test_garbage_bytes_are_stored_too(inbox: Inbox) -> None:
    raw = bytes(range(256)) * 4
    stored = raw_email_store(inbox=inbox, raw=raw, source="file")
    assert stored.message_id == ""
    assert stored.size == 1024


def test_processing_twice_makes_one_ticket(inbox: Inbox) -> None:
    stored = raw_email_store(inbox=inbox, raw=mail(), source="imap")
    first = raw_email_process(raw_email_id=stored.pk)
    second = raw_email_process(raw_email_id=stored.pk)
    assert first.status == second.status == RawEmailStatus.PROCESSED
    assert first.attempts == second.attempts == 1
    assert Ticket.objects.count() == 1
    ticket = Ticket.objects.get()
    assert (first.ticket_id, ticket.subject, ticket.contact.name) == (
        ticket.pk,
        "My parcel",
        "Asha",
    )
    message = ticket.messages.get()
    assert (message.body_text, message.external_id, first.result_message_id) == (
        "Hello",
        "m1@customer.example",
        message.pk,
    )


@pytest.mark.django_db(transaction=True)
def test_the_worker_turns_stored_mail_into_a_ticket() -> None:
    inbox = email_inbox(make_workspace())
    stored = raw_email_store(inbox=inbox, raw=mail(), source="smtp")
    run_db_worker()
    stored.refresh_from_db()
    assert stored.status == RawEmailStatus.PROCESSED
    assert stored.ticket is not None
    assert stored.ticket.inbox_id == inbox.pk
    assert stored.ticket.channel == "email"
    assert [t.status for t in DBTaskResult.objects.filter(task_path=TASK)] == ["SUCCESSFUL"]
