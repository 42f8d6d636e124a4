"""Agents' presence: online, away or offline, kept in the cache with a TTL.

One cache key per agent and workspace, written whole by that agent's own
connection (no read-modify-write of a shared structure): the value is the
effective status, the key expires ``PRESENCE_TTL`` seconds after the last
heartbeat, and a missing key is "offline". Embedded, the cache is local memory
(one web process); scaled out it is Redis, shared by every web process.

The agent's manual choice (the "away" of the header menu) is a second key
without expiry, so it survives reconnects and page loads. The effective status
is "away" when the agent chose it or when the page reports the agent idle.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from django.core.cache import cache

# Browsers send a heartbeat every 25 s; two missed heartbeats and a margin mean gone.
HEARTBEAT_SECONDS = 25
PRESENCE_TTL = 70


class PresenceStatus(StrEnum):
    ONLINE = "online"
    AWAY = "away"
    OFFLINE = "offline"


def _key(workspace_id: int, agent_id: int) -> str:
    return f"presence:{workspace_id}:{agent_id}"


def _choice_key(workspace_id: int, agent_id: int) -> str:
    return f"presence-choice:{workspace_id}:{agent_id}"


def presence_choice(*, workspace_id: int, agent_id: int) -> PresenceStatus:
    """What the agent chose in the menu: online (the default) or away."""
    raw = cache.get(_choice_key(workspace_id, agent_id))
    return PresenceStatus.AWAY if raw == PresenceStatus.AWAY else PresenceStatus.ONLINE


def presence_choose(*, workspace_id: int, agent_id: int, status: PresenceStatus) -> None:
    """Remember the agent's manual choice (no expiry)."""
    if status == PresenceStatus.OFFLINE:
        raise ValueError("an agent chooses online or away; offline is being disconnected")
    cache.set(_choice_key(workspace_id, agent_id), str(status), timeout=None)


def presence_set(*, workspace_id: int, agent_id: int, status: PresenceStatus) -> None:
    """Write the agent's effective status; ``OFFLINE`` removes it."""
    if status == PresenceStatus.OFFLINE:
        cache.delete(_key(workspace_id, agent_id))
    else:
        cache.set(_key(workspace_id, agent_id), str(status), timeout=PRESENCE_TTL)


def presence_heartbeat(*, workspace_id: int, agent_id: int, active: bool) -> PresenceStatus:
    """A connection is alive: refresh the TTL and return the effective status.

    ``active`` is False when the page saw no input for a while (automatic away).
    """
    chosen = presence_choice(workspace_id=workspace_id, agent_id=agent_id)
    online = active and chosen == PresenceStatus.ONLINE
    status = PresenceStatus.ONLINE if online else PresenceStatus.AWAY
    presence_set(workspace_id=workspace_id, agent_id=agent_id, status=status)
    return status


def _status(raw: object) -> PresenceStatus:
    if raw == PresenceStatus.ONLINE:
        return PresenceStatus.ONLINE
    return PresenceStatus.AWAY if raw == PresenceStatus.AWAY else PresenceStatus.OFFLINE


def presence_of(*, workspace_id: int, agent_id: int) -> PresenceStatus:
    return _status(cache.get(_key(workspace_id, agent_id)))


def presence_map(*, workspace_id: int, agent_ids: Iterable[int]) -> dict[int, PresenceStatus]:
    """Every given agent's status, offline included (one cache round trip)."""
    ids = list(agent_ids)
    found = cache.get_many([_key(workspace_id, agent_id) for agent_id in ids])
    return {agent_id: _status(found.get(_key(workspace_id, agent_id))) for agent_id in ids}


def agents_online(*, workspace_id: int, agent_ids: Iterable[int]) -> set[int]:
    """The agents among ``agent_ids`` who are online (not away, not offline) right now."""
    statuses = presence_map(workspace_id=workspace_id, agent_ids=agent_ids)
    return {agent_id for agent_id, status in statuses.items() if status == PresenceStatus.ONLINE}
