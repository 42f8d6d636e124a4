"""Bearer tokens and the per-token rate limit, on local memory and on real Redis."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from io import StringIO

import pytest
import redis
import time_machine
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, override_settings
from pytest_django.fixtures import Settings

from samadhan.accounts.models import ApiToken, Membership, Role
from samadhan.accounts.services import api_token_revoke, membership_set
from samadhan.conftest import Seat
from samadhan.testing.api_client import ApiClient, body
from samadhan.testing.factories import make_token

UNAUTHORIZED = {"code": "unauthorized", "message": "A valid API token is required.", "fields": {}}


def test_a_valid_token_authenticates(seat: Seat) -> None:
    response = seat.api.get("me")
    assert response.status_code == 200
    assert body(response) == {
        "id": seat.agent.pk,
        "name": seat.agent.name,
        "email": seat.agent.email,
        "handle": seat.agent.handle,
        "role": "admin",
        "workspace": seat.workspace.slug,
    }


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Bearer garbage",
        "Basic dXNlcjpwYXNz",
        "Bearer sam_000000000000_" + "x" * 43,
        "Bearer sam_zzzzzzzzzzzz_" + "x" * 43,
        "Bearer " + "क" * 60,
        "Bearer sam_0123456789ab_" + "x" * 5000,
    ],
)
def test_missing_or_garbage_tokens_get_401(seat: Seat, authorization: str | None) -> None:
    headers = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}
    for path in ("/api/v1/me", "/api/v1/tickets", "/api/v1/tickets/1"):
        response: HttpResponse = Client().get(path, **headers)  # type: ignore[arg-type,assignment]
        assert response.status_code == 401, path
        assert body(response) == UNAUTHORIZED
        assert response["WWW-Authenticate"] == "Bearer"


def test_a_token_of_another_agent_with_one_character_changed_is_refused(seat: Seat) -> None:
    raw = seat.api.headers["HTTP_AUTHORIZATION"].removeprefix("Bearer ")
    tampered = raw[:-1] + ("A" if raw[-1] != "A" else "B")
    response = ApiClient(tampered).get("me")
    assert (response.status_code, body(response)) == (401, UNAUTHORIZED)


def test_a_revoked_token_gets_401(seat: Seat) -> None:
    assert seat.api.get("me").status_code == 200
    api_token_revoke(token=ApiToken.objects.get(agent=seat.agent))
    response = seat.api.get("me")
    assert (response.status_code, body(response)) == (401, UNAUTHORIZED)
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_token_stops_working_when_the_membership_or_agent_ends(
    seat_factory: Callable[..., Seat],
) -> None:
    left, deactivated = seat_factory(), seat_factory()
    Membership.objects.filter(agent=left.agent).update(is_active=False)
    deactivated.agent.is_active = False
    deactivated.agent.save()
    for gone in (left, deactivated):
        response = gone.api.get("tickets")
        assert (response.status_code, body(response)) == (401, UNAUTHORIZED)


def test_a_token_reaches_only_its_own_workspace(seat_factory: Callable[..., Seat]) -> None:
    first = seat_factory()
    second = seat_factory(role=Role.AGENT)
    # The same agent in two workspaces: each token answers for its own workspace.
    membership_set(workspace=second.workspace, agent=first.agent, role=Role.MANAGER)
    other_token = ApiClient(make_token(second.workspace, first.agent))
    assert body(first.api.get("me"))["workspace"] == first.workspace.slug
    assert (body(other_token.get("me"))["workspace"], body(other_token.get("me"))["role"]) == (
        second.workspace.slug,
        "manager",
    )


def test_tokens_are_stored_hashed(seat: Seat) -> None:
    raw = seat.api.headers["HTTP_AUTHORIZATION"].removeprefix("Bearer ")
    token = ApiToken.objects.get(agent=seat.agent)
    stored = [str(v) for v in ApiToken.objects.filter(pk=token.pk).values_list().get()]
    assert raw not in stored
    assert not any(raw in value or value in raw for value in stored if len(value) > 16)
    assert token.key_hash != raw
    # Nowhere else either: every row of every table, as text.
    seat.api.get("me")  # a use is recorded too
    dump = StringIO()
    call_command("dumpdata", stdout=dump)
    secret = raw.split("_", 2)[2]  # "sam", the hex prefix, then the secret
    assert secret not in dump.getvalue()
    assert token.key_hash in dump.getvalue()
    assert len(token.key_hash) == 64
    assert raw.startswith(f"sam_{token.prefix}_")


def _limited(settings: Settings, limit: int) -> None:
    settings.SAMADHAN = {**settings.SAMADHAN, "API_RATE_LIMIT_PER_MINUTE": limit}


# Half-way through a minute, frozen: the five requests share one window.
MID_MINUTE = dt.datetime(2026, 3, 4, 10, 20, 30, tzinfo=dt.UTC)


def _assert_sixth_request_is_limited(seat: Seat, other: Seat) -> None:
    statuses = [seat.api.get("me").status_code for _ in range(5)]
    assert statuses == [200] * 5
    limited = seat.api.get("tickets")
    assert limited.status_code == 429
    data = body(limited)
    assert data["code"] == "rate_limited"
    assert data["fields"] == {}
    assert limited["Retry-After"] == "30"
    assert data["message"] == "Too many requests; retry in 30 seconds."
    # Another token has its own budget.
    assert other.api.get("me").status_code == 200


def test_rate_limit_in_local_memory(settings: Settings, seat_factory: Callable[..., Seat]) -> None:
    _limited(settings, 5)
    with time_machine.travel(MID_MINUTE, tick=False):
        _assert_sixth_request_is_limited(seat_factory(), seat_factory())


@pytest.fixture
def redis_cache(redis_url: str) -> Iterator[str]:
    redis.Redis.from_url(redis_url).flushdb()
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
            }
        }
    ):
        yield redis_url
    redis.Redis.from_url(redis_url).flushdb()


def test_rate_limit_in_redis(
    settings: Settings, seat_factory: Callable[..., Seat], redis_cache: str
) -> None:
    _limited(settings, 5)
    assert isinstance(caches["default"], RedisCache)
    with time_machine.travel(MID_MINUTE, tick=False):
        _assert_sixth_request_is_limited(seat_factory(), seat_factory())
    server = redis.Redis.from_url(redis_cache, decode_responses=True)
    keys = server.keys("*rl:token:*")
    assert len(keys) == 2
    counts = sorted(int(server.get(k) or 0) for k in keys)
    assert counts == [1, 6]
