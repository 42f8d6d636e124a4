"""The embedded default: the background worker runs in the web process (decision 0006).

Without ``REDIS_URL`` the channel layer is channels' in-memory layer, which
lives in one process. A ticket made from a mail by a worker in another process
would never reach a browser, so ``samadhan serve`` runs the database worker
as a thread of the one web process instead; its sends are handed to the
server's event loop (``events.send_now``).
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

IN_MEMORY_LAYER = "samadhan.realtime.layers.EmbeddedChannelLayer"
# channels' own, which it extends (the tests' layer): as process-local.
IN_MEMORY_LAYERS = (IN_MEMORY_LAYER, "channels.layers.InMemoryChannelLayer")


def layer_is_in_memory() -> bool:
    """True when realtime events cannot leave this process (no Redis)."""
    layer = settings.CHANNEL_LAYERS.get("default", {})
    return str(layer.get("BACKEND", "")) in IN_MEMORY_LAYERS


def tasks_in_database() -> bool:
    return str(settings.TASKS["default"]["BACKEND"]).startswith("django_tasks_db")


class WorkerThread:
    """django-tasks-db's worker loop on a daemon thread, stopped with the server."""

    def __init__(self, *, interval: float = 0.5) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        self.worker: Any = Worker(
            queue_names=["*"],
            interval=interval,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"web-{os.getpid()}",
            excluded_queue_names=[],
        )
        self.thread = threading.Thread(target=self._run, name="samadhan-worker", daemon=True)

    def _run(self) -> None:
        from django.db import connections

        try:
            # Not ``configure_signals``: signal handlers belong to the main thread (uvicorn's).
            self.worker.run()
        except Exception:  # the web server keeps serving; the log says why tasks stopped
            logger.exception("the in-process worker stopped")
        finally:
            connections.close_all()

    def start(self) -> None:
        self.thread.start()

    def stop(self, timeout: float = 15) -> None:
        """Finish the running task, then stop (the worker checks the flag between tasks)."""
        self.worker.running = False
        self.thread.join(timeout)
