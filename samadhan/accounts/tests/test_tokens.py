"""API tokens: stored hashed, verified in one read, revocable, use recorded coarsely."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from pytest_django import DjangoAssertNumQueries

from samadhan.accounts.models import Agent, ApiToken, Membership, Role
from samadhan.accounts.services import api_token_authenticate, api_token_create, api_token_revoke
from samadhan.core.errors import NotFound
from samadhan.testing.factories import make_agent, make_workspace
from samadhan.workspaces.models import Workspace

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture
def member() -> tuple[Workspace, Agent]:
    workspace = make_workspace()
    return workspace, make_agent(workspace, role=Role.MANAGER)


def test_only_the_sha256_of_the_token_is_stored(member: tuple[Workspace, Agent]) -> None:
    workspace, agent = member
    token, raw = api_token_create(workspace=workspace, agent=agent, name="CI")

    prefix, secret = raw.split("_")[1], raw.split("_", 2)[2]
    assert raw.startswith("sam_")
    assert (len(prefix), len(secret)) == (12, 43)
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.prefix == prefix
    assert stored.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    row = [str(v) for v in ApiToken.objects.filter(pk=token.pk).values().get().values()]
    assert not any(secret in value for value in row)
    assert (stored.name, stored.last_used_at, stored.revoked_at) == ("CI", None, None)


def test_tokens_are_only_for_active_members(member: tuple[Workspace, Agent]) -> None:
    workspace, agent = member
    with pytest.raises(NotFound):
        api_token_create(workspace=make_workspace(), agent=agent)
    Membership.objects.filter(agent=agent).update(is_active=False)
    with pytest.raises(NotFound):
        api_token_create(workspace=workspace, agent=agent)
    assert not ApiToken.objects.exists()


def test_authenticate_is_one_read_once_recently_used(
    member: tuple[Workspace, Agent], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    workspace, agent = member
    token, raw = api_token_create(workspace=workspace, agent=agent)
    with time_machine.travel(T0, tick=False):
        api_token_authenticate(raw=raw)
        with django_assert_num_queries(1):
            found = api_token_authenticate(raw=raw)
    assert found is not None
    assert (found.pk, found.agent, found.workspace) == (token.pk, agent, workspace)
    assert getattr(found, "member_role", "missing") == Role.MANAGER


@pytest.mark.parametrize(
    "mangle",
    [
        lambda raw: raw[:-1] + ("A" if raw[-1] != "A" else "B"),  # wrong secret, right prefix
        lambda raw: raw.replace("sam_", "sk_"),
        lambda raw: raw + "\n",
        lambda raw: raw[:20],
        lambda raw: "",
        lambda raw: "sam_" + "0" * 12 + "_" + "a" * 43,  # unknown prefix
    ],
)
def test_wrong_tokens_are_refused(
    member: tuple[Workspace, Agent], mangle: Callable[[str], str]
) -> None:
    workspace, agent = member
    _token, raw = api_token_create(workspace=workspace, agent=agent)
    assert api_token_authenticate(raw=mangle(raw)) is None


def test_revoked_tokens_and_inactive_agents_are_refused(member: tuple[Workspace, Agent]) -> None:
    workspace, agent = member
    revoked, raw_revoked = api_token_create(workspace=workspace, agent=agent)
    _live, raw_live = api_token_create(workspace=workspace, agent=agent)
    with time_machine.travel(T0, tick=False):
        api_token_revoke(token=revoked)
    with time_machine.travel(T0 + timedelta(days=1), tick=False):
        api_token_revoke(token=revoked)  # revoking twice keeps the first time
    revoked.refresh_from_db()
    assert revoked.revoked_at == T0
    assert api_token_authenticate(raw=raw_revoked) is None
    assert api_token_authenticate(raw=raw_live) is not None

    Agent.objects.filter(pk=agent.pk).update(is_active=False)
    assert api_token_authenticate(raw=raw_live) is None


def test_token_of_a_former_member_carries_no_role(member: tuple[Workspace, Agent]) -> None:
    workspace, agent = member
    _token, raw = api_token_create(workspace=workspace, agent=agent)
    Membership.objects.filter(agent=agent).update(is_active=False)
    found = api_token_authenticate(raw=raw)
    assert found is not None
    assert getattr(found, "member_role", "missing") is None


def test_last_used_is_written_at_most_every_five_minutes(
    member: tuple[Workspace, Agent], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    workspace, agent = member
    token, raw = api_token_create(workspace=workspace, agent=agent)

    def use_at(moment: datetime, queries: int) -> datetime | None:
        with time_machine.travel(moment, tick=False), django_assert_num_queries(queries):
            assert api_token_authenticate(raw=raw) is not None
        return ApiToken.objects.get(pk=token.pk).last_used_at

    # The write runs in its own (nested) transaction: SAVEPOINT, UPDATE, RELEASE.
    assert use_at(T0, 4) == T0
    assert use_at(T0 + timedelta(minutes=4, seconds=59), 1) == T0
    assert use_at(T0 + timedelta(minutes=5), 1) == T0
    assert use_at(T0 + timedelta(minutes=5, seconds=1), 4) == T0 + timedelta(minutes=5, seconds=1)
    assert use_at(T0 + timedelta(minutes=9), 1) == T0 + timedelta(minutes=5, seconds=1)
