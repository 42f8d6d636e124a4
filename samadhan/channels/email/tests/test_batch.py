"""The batch path: many mails stored with one commit and processed in one transaction."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import nh3
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from samadhan.channels.email.ingest import raw_email_store, raw_emails_store
from samadhan.channels.email.models import RawEmail
from samadhan.channels.email.process import UNPARSED_TAG, raw_email_process, raw_emails_process
from samadhan.channels.email.tests.mailbuild import build, make_email_inbox
from samadhan.channels.models import Inbox
from samadhan.core.errors import TooLarge
from samadhan.core.tests.workers import run_db_worker
from samadhan.testing.factories import make_workspace
from samadhan.tickets.models import Message, Ticket
from samadhan.webhooks.models import WebhookDelivery, WebhookSubscription

BATCH_TASK = "samadhan.channels.email.tasks.process_raw_emails"


@pytest.fixture
def inbox(db: None) -> Inbox:
    return make_email_inbox(make_workspace())


def mails(count: int, *, start: int = 1) -> list[bytes]:
    return [
        build(
            sender=f"Customer {n} <c{n}@customer.example>",
            subject=f"Order {n}",
            message_id=f"<b{n}@customer.example>",
            body=f"Where is order {n}?",
        )
        for n in range(start, start + count)
    ]


def batch_tasks() -> list[dict[str, Any]]:
    return [t.args_kwargs["kwargs"] for t in DBTaskResult.objects.filter(task_path=BATCH_TASK)]


def test_a_batch_is_stored_with_one_commit_and_one_task(
    inbox: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    raws = mails(3)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        stored = raw_emails_store(inbox=inbox, raws=raws, source="imap")
    assert len(callbacks) == 1
    assert [(r.message_id, r.status, r.source) for r in stored] == [
        (f"b{n}@customer.example", "received", "imap") for n in (1, 2, 3)
    ]
    for row, raw in zip(stored, raws, strict=True):
        digest = hashlib.sha256(raw).hexdigest()
        assert row.file.name == f"raw-email/{inbox.workspace_id}/{digest[:2]}/{digest}.eml"
        assert (Path(settings.MEDIA_ROOT) / row.file.name).read_bytes() == raw
    assert batch_tasks() == [{"raw_email_ids": [r.pk for r in stored]}]


def test_duplicates_in_the_batch_and_already_stored_are_kept_once(
    inbox: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    first = raw_email_store(inbox=inbox, raw=mails(1)[0], source="smtp")
    again = build(sender="c9@customer.example", message_id="<b1@customer.example>", body="x")
    new = mails(1, start=2)[0]
    with django_capture_on_commit_callbacks(execute=True):
        stored = raw_emails_store(inbox=inbox, raws=[again, new, new, mails(1)[0]], source="imap")
    assert [r.pk for r in stored] == [first.pk, stored[1].pk, stored[1].pk, first.pk]
    assert RawEmail.objects.filter(inbox=inbox).count() == 2
    assert batch_tasks() == [{"raw_email_ids": [stored[1].pk]}]


def test_one_mail_too_large_stores_none_of_the_batch(inbox: Inbox, settings: Any) -> None:
    settings.SAMADHAN = {**settings.SAMADHAN, "MAX_EMAIL_BYTES": 2000}
    with pytest.raises(TooLarge):
        raw_emails_store(inbox=inbox, raws=[*mails(2), b"x" * 2001], source="imap")
    assert RawEmail.objects.count() == 0


def test_a_batch_threads_within_itself_and_runs_once(inbox: Inbox) -> None:
    reply = build(
        sender="c1@customer.example",
        subject="Re: Order 1",
        in_reply_to="<b1@customer.example>",
        message_id="<r1@customer.example>",
        body="Any news?",
    )
    stored = raw_emails_store(inbox=inbox, raws=[*mails(2), reply], source="imap")
    done = raw_emails_process(raw_email_ids=[r.pk for r in stored])
    assert [(r.status, r.attempts) for r in done] == [("processed", 1)] * 3
    assert done[2].ticket_id == done[0].ticket_id
    assert Ticket.objects.count() == 2
    assert raw_emails_process(raw_email_ids=[r.pk for r in stored]) == done
    assert [r.attempts for r in RawEmail.objects.order_by("id")] == [1, 1, 1]
    assert Message.objects.count() == 3


def test_a_mail_that_fails_rolls_back_alone_and_becomes_unparsed(
    inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean = nh3.clean

    def refuse(html: str, **kwargs: Any) -> str:
        # The sanitiser (a library) chokes on this one mail only.
        if "EXPLODE" in html:
            raise ValueError("sanitiser failed")
        return str(clean(html, **kwargs))

    monkeypatch.setattr(nh3, "clean", refuse)
    bad = build(sender="bad@customer.example", subject="Bad", message_id="<bad@c.example>")
    bad = bad.replace(b"Content-Type: text/plain", b"Content-Type: text/html")
    bad = bad.replace(b"Where is it?", b"<p>EXPLODE</p>")
    stored = raw_emails_store(
        inbox=inbox, raws=[mails(1)[0], bad, mails(1, start=2)[0]], source="imap"
    )
    done = raw_emails_process(raw_email_ids=[r.pk for r in stored])
    assert [r.status for r in done] == ["processed", "unparsed", "processed"]
    assert done[1].error == "ValueError: sanitiser failed"
    unparsed = done[1].ticket
    assert unparsed is not None
    assert (unparsed.subject, unparsed.tags.get().name) == ("Bad", UNPARSED_TAG)
    # Nothing of the failed attempt is left: one message on each of the three tickets.
    tickets = [r.ticket_id for r in done]
    assert list(Message.objects.order_by("ticket_id").values_list("ticket_id", flat=True)) == [
        t for t in tickets if t is not None
    ]


@pytest.mark.django_db(transaction=True)
def test_the_worker_falls_back_to_one_by_one_when_the_disk_fails() -> None:
    inbox = make_email_inbox(make_workspace())
    stored = raw_emails_store(inbox=inbox, raws=mails(3), source="imap")
    (Path(settings.MEDIA_ROOT) / stored[1].file.name).unlink()
    run_db_worker()
    rows = list(RawEmail.objects.order_by("id"))
    assert [(r.status, r.attempts) for r in rows] == [
        ("processed", 1),
        ("failed", 1),
        ("processed", 1),
    ]
    retry = DBTaskResult.objects.filter(
        task_path="samadhan.channels.email.tasks.process_raw_email", status="READY"
    )
    assert [t.args_kwargs["kwargs"] for t in retry] == [
        {"raw_email_id": stored[1].pk, "attempt": 2}
    ]
    assert Ticket.objects.count() == 2


def test_a_batch_reads_the_inbox_once(
    inbox: Inbox, django_assert_num_queries: Any, django_capture_on_commit_callbacks: Any
) -> None:
    one = raw_emails_store(inbox=inbox, raws=mails(1), source="imap")
    four = raw_emails_store(inbox=inbox, raws=mails(4, start=2), source="imap")
    # 18 statements a mail: its savepoint, the ignore check, the contact (lookup,
    # savepoint, 2 inserts, release), the ticket (savepoint, custom fields, number,
    # ticket, message, event, search, release), the first message's id, release, the
    # raw row. 6 a batch: savepoint (the test's transaction), lock, own addresses,
    # settings, agents, release. (After-commit subscribers are captured, not counted.)
    with django_capture_on_commit_callbacks(), django_assert_num_queries(24):
        raw_email_process(raw_email_id=one[0].pk)
    with django_capture_on_commit_callbacks(), django_assert_num_queries(78):
        raw_emails_process(raw_email_ids=[r.pk for r in four])


@pytest.mark.django_db(transaction=True)
def test_a_batch_s_events_read_webhooks_and_acknowledgement_settings_once() -> None:
    inbox = make_email_inbox(make_workspace())
    WebhookSubscription.objects.create(
        workspace_id=inbox.workspace_id, url="https://hooks.example/x", events=[]
    )
    four = raw_emails_store(inbox=inbox, raws=mails(4), source="imap")
    with CaptureQueriesContext(connection) as queries:
        raw_emails_process(raw_email_ids=[r.pk for r in four])
    sql = [q["sql"] for q in queries.captured_queries]
    assert len([s for s in sql if 'FROM "webhooks_webhooksubscription"' in s]) == 1
    acknowledging = 'SELECT 1 AS "a" FROM "samadhan_email_emailsettings"'
    assert len([s for s in sql if s.startswith(acknowledging)]) == 1
    # Every event of the batch still reached the webhook, none of them twice.
    assert WebhookDelivery.objects.filter(event_type="ticket.created").count() == 4
    assert WebhookDelivery.objects.filter(event_type="contact.created").count() == 4


@pytest.mark.django_db(transaction=True)
def test_email_import_stores_files_in_batches_and_the_worker_processes_them(
    tmp_path: Path,
) -> None:
    inbox = make_email_inbox(make_workspace())
    folder = tmp_path / "export"
    (folder / "sub").mkdir(parents=True)
    one, two = mails(2)
    (folder / "1.eml").write_bytes(one)
    (folder / "sub" / "2.eml").write_bytes(two)
    (folder / "copy-of-1.eml").write_bytes(one)
    (folder / "notes.txt").write_text("not mail")
    out = io.StringIO()
    call_command("email_import", "--inbox", str(inbox.pk), str(folder), stdout=out)
    assert out.getvalue() == "stored 2 raw email(s) from 3 file(s)\n"
    run_db_worker()
    assert [r.status for r in RawEmail.objects.order_by("id")] == ["processed", "processed"]
    assert sorted(Ticket.objects.values_list("subject", flat=True)) == ["Order 1", "Order 2"]
    with pytest.raises(CommandError):
        call_command("email_import", "--inbox", "999999", str(folder))
