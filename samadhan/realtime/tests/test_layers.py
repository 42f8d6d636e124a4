"""The embedded layer: channels' in-memory layer, its sweep of expired entries throttled."""

from __future__ import annotations

from typing import Any

import pytest
from channels.layers import InMemoryChannelLayer

from samadhan.realtime import layers
from samadhan.realtime.layers import EmbeddedChannelLayer
from samadhan.realtime.testing import run_async_test


def test_group_send_reaches_every_member() -> None:
    layer = EmbeddedChannelLayer()

    async def scenario() -> None:
        a, b = await layer.new_channel(), await layer.new_channel()
        await layer.group_add("ticket-1", a)
        await layer.group_add("ticket-1", b)
        await layer.group_send("ticket-1", {"type": "realtime.event", "n": 1})
        assert (await layer.receive(a))["n"] == 1
        assert (await layer.receive(b))["n"] == 1

    run_async_test(scenario)


def test_the_sweep_runs_at_most_once_per_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    layer = EmbeddedChannelLayer(group_expiry=10)
    sweeps: list[float] = []
    now = [1000.0]
    monkeypatch.setattr("samadhan.realtime.layers.time.monotonic", lambda: now[0])
    original = InMemoryChannelLayer._clean_expired

    def counted(self: Any) -> None:
        sweeps.append(now[0])
        original(self)

    monkeypatch.setattr(InMemoryChannelLayer, "_clean_expired", counted)

    async def scenario() -> None:
        channel = await layer.new_channel()
        await layer.group_add("ws-1", channel)
        for _ in range(50):
            await layer.group_send("ws-1", {"type": "realtime.event"})
            await layer.receive(channel)
        assert len(sweeps) == 1
        now[0] += layers.CLEAN_INTERVAL
        await layer.group_send("ws-1", {"type": "realtime.event"})
        assert len(sweeps) == 2
        # Expired memberships still go, at the next sweep.
        layer.groups["ws-1"][channel] = 0.5
        now[0] += layers.CLEAN_INTERVAL
        await layer.group_send("ws-1", {"type": "realtime.event"})
        assert "ws-1" not in layer.groups or channel not in layer.groups["ws-1"]

    run_async_test(scenario)
