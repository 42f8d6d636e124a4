from __future__ import annotations

import time

import pytest
from django.core.cache import cache

from samadhan.realtime import presence
from samadhan.realtime.presence import (
    PresenceStatus,
    agents_online,
    presence_choose,
    presence_heartbeat,
    presence_of,
    presence_set,
)


def test_heartbeat_online_idle_away_choice_and_ttl(monkeypatch: pytest.MonkeyPatch) -> None:
    # A real clock: the Redis cache of the scale-out run expires keys by itself.
    monkeypatch.setattr(presence, "PRESENCE_TTL", 1)
    assert presence_of(workspace_id=1, agent_id=7) == PresenceStatus.OFFLINE
    assert presence_heartbeat(workspace_id=1, agent_id=7, active=True) == "online"
    assert presence_heartbeat(workspace_id=1, agent_id=8, active=False) == "away"
    presence_choose(workspace_id=1, agent_id=9, status=PresenceStatus.AWAY)
    assert presence_heartbeat(workspace_id=1, agent_id=9, active=True) == "away"
    assert agents_online(workspace_id=1, agent_ids=[7, 8, 9, 10]) == {7}
    # Another workspace is another presence.
    assert agents_online(workspace_id=2, agent_ids=[7]) == set()
    time.sleep(1.2)  # no heartbeat within the TTL: gone
    assert presence_of(workspace_id=1, agent_id=7) == PresenceStatus.OFFLINE
    assert agents_online(workspace_id=1, agent_ids=[7]) == set()


def test_offline_removes_and_choice_survives() -> None:
    presence_set(workspace_id=1, agent_id=7, status=PresenceStatus.ONLINE)
    presence_set(workspace_id=1, agent_id=7, status=PresenceStatus.OFFLINE)
    assert presence_of(workspace_id=1, agent_id=7) == PresenceStatus.OFFLINE
    presence_choose(workspace_id=1, agent_id=7, status=PresenceStatus.AWAY)
    presence_choose(workspace_id=1, agent_id=7, status=PresenceStatus.ONLINE)
    assert presence_heartbeat(workspace_id=1, agent_id=7, active=True) == "online"
    assert cache.get("presence:1:7") == "online"
