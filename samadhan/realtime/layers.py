"""The embedded channel layer: channels' in-memory layer without its O(connections) sweep per event.

channels' ``InMemoryChannelLayer`` runs ``_clean_expired()`` (every queued message and
every group membership of the process) on each ``receive()`` and each ``group_send()``.
Every delivered event is one ``receive()`` per socket, so the cost of one chat message
grew with the number of open sockets: with 1,000 visitors (two groups each) the sweep
took ~3-12 ms and ran ~20 times per message, on the event loop. The server stalled
(pings unanswered for 20 s, sockets dropped) at a few messages per second
(benchmarks/chat.py, 2026-12-06).

Here the sweep runs at most once per ``CLEAN_INTERVAL`` seconds. Expiry stays what
channels promises (messages after ``expiry``, memberships after ``group_expiry``),
at most ``CLEAN_INTERVAL`` late.
"""

from __future__ import annotations

import time

from channels.layers import InMemoryChannelLayer

CLEAN_INTERVAL = 1.0


class EmbeddedChannelLayer(InMemoryChannelLayer):  # type: ignore[misc]
    _last_clean = 0.0

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._last_clean < CLEAN_INTERVAL:
            return
        self._last_clean = now
        super()._clean_expired()
