"""Running the real background workers inside a test, in this process.

Workers install SIGINT/SIGTERM handlers for graceful shutdown; these helpers
put pytest's own handlers back afterwards so Ctrl-C still stops the run.
"""

from __future__ import annotations

import io
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management import call_command

_SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]


@contextmanager
def _signals_restored() -> Iterator[None]:
    saved: dict[signal.Signals, Callable[[int, Any], Any] | int | None] = {
        s: signal.getsignal(s) for s in _SIGNALS
    }
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def run_db_worker() -> None:
    """Run every ready task of the database backend, then return."""
    with _signals_restored():
        call_command(
            "db_worker",
            batch=True,
            queue_name="*",
            reload=False,
            interval=0,
            startup_delay=False,
            stdout=io.StringIO(),
        )


def run_samadhan_worker() -> None:
    """``samadhan worker --batch``: the command users run."""
    with _signals_restored():
        call_command("worker", batch=True, stdout=io.StringIO())


def run_rq_burst(*queue_names: str) -> bool:
    """An RQ worker in this process (no fork), until the queues are empty."""
    import django_rq

    with _signals_restored():
        worker = django_rq.get_worker(
            *queue_names, worker_class="rq.SimpleWorker", job_class="django_tasks_rq.Job"
        )
        return bool(worker.work(burst=True, logging_level="WARNING"))
