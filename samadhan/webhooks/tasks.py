from __future__ import annotations

from django_tasks import task

from samadhan.webhooks.services import webhook_attempt


@task()
def webhook_deliver(*, delivery_id: int) -> str:
    retry = webhook_attempt(delivery_id=delivery_id)
    if retry is not None:
        webhook_deliver.using(run_after=retry.next_attempt_at).enqueue(delivery_id=delivery_id)
        return "retrying"
    return "done"
