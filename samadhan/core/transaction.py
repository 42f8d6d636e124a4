"""Side effects leave only after the surrounding transaction commits.

Emails, webhook deliveries, realtime pushes and task enqueues must never
describe a state that was rolled back (Zulip ``send_event_on_commit``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


def on_commit(func: Callable[[], None]) -> None:
    # robust=True: one failing side effect must not stop the others.
    transaction.on_commit(func, robust=True)


def enqueue_on_commit(task: Any, **kwargs: Any) -> None:
    """Enqueue a Django Tasks task with keyword arguments after commit."""
    on_commit(partial(task.enqueue, **kwargs))
