from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from samadhan.channels.email.process import (
    raw_email_failed,
    raw_email_process,
    raw_emails_process,
)

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6


def _process_or_retry(raw_email_id: int, attempt: int) -> str:
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


@task()
def process_raw_email(*, raw_email_id: int, attempt: int = 1) -> str:
    return _process_or_retry(raw_email_id, attempt)


@task()
def process_raw_emails(*, raw_email_ids: list[int]) -> str:
    """A batch stored together, processed in one transaction (a savepoint per mail)."""
    try:
        raws = raw_emails_process(raw_email_ids=raw_email_ids)
    except Exception:
        # The database or the disk failed under one of them: each on its own, with the
        # single mail's retries, so the others are not held up.
        logger.exception("batch of %d raw emails failed; one by one", len(raw_email_ids))
        return ", ".join(_process_or_retry(pk, 1) for pk in raw_email_ids)
    return ", ".join(str(raw.status) for raw in raws)
