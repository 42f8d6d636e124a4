from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from samadhan.channels.email.process import raw_email_failed, raw_email_process

MAX_ATTEMPTS = 6


@task()
def process_raw_email(*, raw_email_id: int, attempt: int = 1) -> str:
    try:
        raw = raw_email_process(raw_email_id=raw_email_id)
    except Exception as exc:
        # Not the mail (that falls back to an "unparsed" ticket) but the database or
        # the disk: try again later, the raw email is safe.
        raw_email_failed(raw_email_id=raw_email_id, error=f"{type(exc).__name__}: {exc}")
        if attempt >= MAX_ATTEMPTS:
            raise
        process_raw_email.using(
            run_after=timezone.now() + timedelta(seconds=30 * 2**attempt)
        ).enqueue(raw_email_id=raw_email_id, attempt=attempt + 1)
        return "retrying"
    return str(raw.status)
