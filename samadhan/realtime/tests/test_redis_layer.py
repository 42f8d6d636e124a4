"""Scale-out: with Redis, an event sent by another thread or process reaches a socket."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from channels.layers import channel_layers
from django.db import connection

from samadhan.realtime.groups import workspace_group
from samadhan.realtime.testing import run_async_test
from samadhan.realtime.tests.conftest import agent_socket
from samadhan.realtime.tests.test_consumer import connected, next_of
from samadhan.testing.factories import make_agent, make_ticket, make_workspace

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

# Another process that knows nothing of Django: only the layer's wire format.
SENDER = """
import asyncio, json, sys
from channels_redis.core import RedisChannelLayer
url, prefix, group, event = sys.argv[1:5]
layer = RedisChannelLayer(hosts=[url], prefix=prefix)
asyncio.run(layer.group_send(group, {"type": "realtime.event", "event": json.loads(event)}))
"""


@pytest.fixture
def redis_layer(settings: Any, redis_url: str) -> Iterator[dict[str, str]]:
    config: dict[str, Any] = {"hosts": [redis_url], "prefix": f"test-{uuid.uuid4().hex[:8]}"}
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": config}
    }
    channel_layers.backends.clear()
    yield {"url": redis_url, "prefix": config["prefix"]}
    channel_layers.backends.clear()


def test_events_from_another_process_and_thread_reach_the_socket(
    redis_layer: dict[str, str],
) -> None:
    ws = make_workspace()
    agent = make_agent(ws)
    socket = agent_socket(ws.slug, agent=agent)
    made: list[Any] = []

    def worker() -> None:
        made.append(make_ticket(ws))  # commits; the subscriber sends through Redis
        connection.close()

    async def scenario() -> None:
        await connected(socket)
        event = {"type": "ticket.changed", "ticket_id": 42}
        subprocess.run(  # noqa: S603 - our own interpreter and script
            [
                sys.executable,
                "-c",
                SENDER,
                redis_layer["url"],
                redis_layer["prefix"],
                workspace_group(ws.pk),
                json.dumps(event),
            ],
            check=True,
            timeout=30,
        )
        assert await next_of(socket, "ticket.changed") == event
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        changed = await next_of(socket, "ticket.changed")
        assert changed["number"] == made[0].number
        await socket.disconnect()

    run_async_test(scenario)
