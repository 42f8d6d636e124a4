"""Fixed-window rate limits on local memory and on a real Redis."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from pytest_django import Settings

from samadhan.core.ratelimit import Verdict, hit

START = datetime(2026, 3, 2, 9, 0, 10, tzinfo=UTC)  # 10 s into a minute window


@pytest.fixture(params=["locmem", "redis"])
def alias(request: pytest.FixtureRequest, settings: Settings) -> str:
    if request.param == "locmem":
        backend = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"rl-{uuid.uuid4().hex}",
        }
    else:
        redis_url = request.getfixturevalue("redis_url")
        backend = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            # Keys outlive a test by a minute of real time: keep runs apart.
            "KEY_PREFIX": f"rl-test-{uuid.uuid4().hex}",
        }
    settings.CACHES = {**settings.CACHES, "ratelimit-test": backend}
    return "ratelimit-test"


def _hit(alias: str, key: str = "token:1", limit: int = 3) -> Verdict:
    return hit(key=key, limit=limit, window_seconds=60, cache_alias=alias)


def test_limit_remaining_and_retry_after(alias: str) -> None:
    with time_machine.travel(START, tick=False) as clock:
        assert [_hit(alias) for _ in range(4)] == [
            Verdict(allowed=True, remaining=2, retry_after=50),
            Verdict(allowed=True, remaining=1, retry_after=50),
            Verdict(allowed=True, remaining=0, retry_after=50),
            Verdict(allowed=False, remaining=0, retry_after=50),
        ]
        clock.shift(timedelta(seconds=39, milliseconds=500))  # 09:00:49.5
        assert _hit(alias) == Verdict(allowed=False, remaining=0, retry_after=11)
        clock.shift(timedelta(seconds=10, milliseconds=499))  # 09:00:59.999
        assert _hit(alias) == Verdict(allowed=False, remaining=0, retry_after=1)
        clock.shift(timedelta(milliseconds=1))  # 09:01:00: a new window
        assert _hit(alias) == Verdict(allowed=True, remaining=2, retry_after=60)


def test_keys_are_counted_apart(alias: str) -> None:
    with time_machine.travel(START, tick=False):
        for _ in range(3):
            _hit(alias, key="token:1")
        assert _hit(alias, key="token:1").allowed is False
        assert _hit(alias, key="token:2") == Verdict(allowed=True, remaining=2, retry_after=50)
        assert _hit(alias, key="ip:2001:db8::1", limit=1) == Verdict(True, 0, 50)
        assert _hit(alias, key="ip:2001:db8::1", limit=1) == Verdict(False, 0, 50)


def test_window_length_is_respected(alias: str) -> None:
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC), tick=False) as clock:
        verdicts = []
        for _ in range(4):
            verdicts.append(hit(key="slow", limit=2, window_seconds=3600, cache_alias=alias))
            clock.shift(timedelta(minutes=20))
        # Three hits in the first hour, the fourth at 10:00 starts the next hour.
        assert verdicts == [
            Verdict(allowed=True, remaining=1, retry_after=3600),
            Verdict(allowed=True, remaining=0, retry_after=2400),
            Verdict(allowed=False, remaining=0, retry_after=1200),
            Verdict(allowed=True, remaining=1, retry_after=3600),
        ]
