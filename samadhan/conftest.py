from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation

from samadhan.accounts.models import Agent, Role
from samadhan.testing.api_client import ApiClient
from samadhan.testing.factories import make_agent, make_token, make_workspace
from samadhan.workspaces.models import Workspace


@dataclass
class Seat:
    """An agent of a workspace with an API client holding their token."""

    workspace: Workspace
    agent: Agent
    api: ApiClient


@pytest.fixture
def seat_factory(db: None) -> Callable[..., Seat]:
    def make(workspace: Workspace | None = None, role: Role = Role.ADMIN) -> Seat:
        workspace = workspace or make_workspace()
        agent = make_agent(workspace, role=role)
        return Seat(workspace=workspace, agent=agent, api=ApiClient(make_token(workspace, agent)))

    return make


@pytest.fixture
def seat(seat_factory: Callable[..., Seat]) -> Seat:
    return seat_factory()


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("SAMADHAN_TEST_REDIS_URL")
    if not url:
        pytest.fail("SAMADHAN_TEST_REDIS_URL is not set: run the suite with ./test")
    return url


@pytest.fixture(autouse=True)
def _english_until_asked() -> Iterator[None]:
    # A request with Accept-Language activates that language for the thread and
    # Django does not reset it: without this, one test's language leaks into the next.
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Tests create many agents; production hashing (PBKDF2) would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    from django.core.cache import cache

    cache.clear()
