"""The embedded default: the worker is a thread of the web process, and its events arrive."""

from __future__ import annotations

from typing import Any

import pytest
from channels.db import database_sync_to_async

from samadhan.realtime.embedded import WorkerThread, layer_is_in_memory, tasks_in_database
from samadhan.realtime.testing import run_async_test
from samadhan.realtime.tests.conftest import agent_socket
from samadhan.realtime.tests.tasks import ticket_from_the_worker
from samadhan.realtime.tests.test_consumer import connected, next_of
from samadhan.testing.factories import make_agent, make_workspace

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_ticket_made_by_the_in_process_worker_reaches_the_socket(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert layer_is_in_memory()
    assert tasks_in_database()
    ws = make_workspace()
    socket = agent_socket(ws.slug, agent=make_agent(ws))
    worker = WorkerThread(interval=0.05)

    async def scenario() -> None:
        await connected(socket)
        worker.start()
        try:
            await database_sync_to_async(ticket_from_the_worker.enqueue)(
                workspace_id=ws.pk, subject="From a mail"
            )
            event = await next_of(socket, "ticket.changed")
            assert event["cause"] == "ticket.created"
        finally:
            worker.stop()
        assert not worker.thread.is_alive()
        await socket.disconnect()

    run_async_test(scenario)


def test_serve_runs_the_worker_in_process_without_redis(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    from io import StringIO

    import uvicorn
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    seen: dict[str, Any] = {}

    def server(app: str, **options: Any) -> None:
        # Instead of serving: what runs beside the server while it would.
        seen["threads"] = {t.name for t in threading.enumerate()}
        seen["workers"] = options["workers"]

    monkeypatch.setattr(uvicorn, "run", server)
    err = StringIO()
    call_command("serve", "--no-imap-poll", stdout=StringIO(), stderr=err)
    assert "samadhan-worker" in seen["threads"]
    assert seen["workers"] == 1
    assert err.getvalue() == ""
    assert "samadhan-worker" not in {t.name for t in threading.enumerate()}

    call_command("serve", "--no-imap-poll", "--no-worker", "--workers", "2", stderr=err)
    assert "several web processes without REDIS_URL" in err.getvalue()
    assert "samadhan-worker" not in seen["threads"]
