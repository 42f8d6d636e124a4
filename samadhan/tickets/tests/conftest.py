from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from pytest_django import Settings

from samadhan.accounts.models import Agent, Role
from samadhan.contacts.models import Contact
from samadhan.testing.factories import make_agent, make_contact, make_workspace
from samadhan.tickets.models import Ticket, TicketEvent
from samadhan.tickets.timeline import Author
from samadhan.workspaces.models import Workspace

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Settings) -> None:
    # Factories set real passwords; PBKDF2 would dominate these tests' run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Desk:
    """A workspace with one agent and one customer."""

    workspace: Workspace
    agent: Agent
    contact: Contact

    @property
    def author(self) -> Author:
        return Author.of_agent(self.agent)


@pytest.fixture
def desk(db: None) -> Desk:
    workspace = make_workspace(default_language="en", languages=["en", "hi", "te", "lv"])
    agent = make_agent(workspace, role=Role.AGENT, name="Asha Rao")
    contact = make_contact(workspace, email="ravi@example.test", name="Ravi Kumar")
    return Desk(workspace=workspace, agent=agent, contact=contact)


def events_of(ticket: Ticket) -> list[tuple[str, str, int | None, dict[str, Any]]]:
    """(kind, actor kind, actor agent id, data) of a ticket's timeline, oldest first."""
    return [
        (e.kind, e.actor_kind, e.actor_agent_id, e.data)
        for e in TicketEvent.objects.filter(ticket=ticket).order_by("id")
    ]
