"""Fixed-window rate limits in the Django cache (local memory or Redis)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import caches


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    remaining: int
    retry_after: int


def hit(*, key: str, limit: int, window_seconds: int, cache_alias: str = "default") -> Verdict:
    """Count one hit for ``key`` and say whether it is within ``limit`` per window."""
    cache = caches[cache_alias]
    now = time.time()
    window = int(now // window_seconds)
    bucket = f"rl:{key}:{window}"
    # add() is atomic on both backends: only the first hit of a window creates the key.
    if cache.add(bucket, 1, timeout=window_seconds + 1):
        count = 1
    else:
        try:
            count = cache.incr(bucket)
        except ValueError:  # expired between add() and incr()
            cache.add(bucket, 1, timeout=window_seconds + 1)
            count = 1
    retry_after = max(1, int((window + 1) * window_seconds - now + 0.999))
    return Verdict(allowed=count <= limit, remaining=max(0, limit - count), retry_after=retry_after)
