"""Tests of the agent workspace pages, through Django's test client and the real services."""

from __future__ import annotations

from typing import Any

from django.test import Client

from samadhan.accounts.models import Agent

PASSWORD = "correct-horse-battery-staple"  # the factories' password


def signed_in(agent: Agent, **headers: Any) -> Client:
    """A browser with ``agent`` signed in (``headers`` such as ``HTTP_ACCEPT_LANGUAGE``)."""
    client = Client(**headers)
    client.force_login(agent)
    return client


def flashes(response: object) -> list[str]:
    """The messages shown after a redirect was followed."""
    from django.contrib.messages import get_messages

    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]
