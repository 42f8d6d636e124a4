"""Test data made through the real services, never by writing rows directly."""

from __future__ import annotations

import itertools
from typing import Any

from samadhan.accounts.models import Agent, Role
from samadhan.accounts.services import agent_create, api_token_create, membership_set
from samadhan.contacts.models import Contact
from samadhan.contacts.services import contact_find_or_create
from samadhan.tickets.models import Ticket
from samadhan.tickets.services.ticket import ticket_create
from samadhan.tickets.timeline import CONTACT_AUTHOR
from samadhan.workspaces.models import Workspace
from samadhan.workspaces.services import workspace_create

_seq = itertools.count(1)


def make_workspace(slug: str | None = None, **kwargs: Any) -> Workspace:
    slug = slug or f"ws{next(_seq)}"
    return workspace_create(slug=slug, name=slug.title(), **kwargs)


def make_agent(
    workspace: Workspace, *, role: Role = Role.AGENT, email: str | None = None, name: str = ""
) -> Agent:
    n = next(_seq)
    agent = agent_create(
        email=email or f"agent{n}@example.test",
        name=name or f"Agent {n}",
        password="correct-horse-battery-staple",
    )
    membership_set(workspace=workspace, agent=agent, role=role)
    return agent


def make_token(workspace: Workspace, agent: Agent) -> str:
    return api_token_create(workspace=workspace, agent=agent, name="test")[1]


def make_contact(workspace: Workspace, *, email: str | None = None, name: str = "") -> Contact:
    return contact_find_or_create(
        workspace=workspace,
        email=email or f"customer{next(_seq)}@example.test",
        name=name or "Customer",
    )


def make_ticket(
    workspace: Workspace,
    *,
    contact: Contact | None = None,
    subject: str = "Where is my order?",
    body: str = "It has not arrived yet.",
    **kwargs: Any,
) -> Ticket:
    return ticket_create(
        workspace=workspace,
        author=CONTACT_AUTHOR,
        contact=contact or make_contact(workspace),
        subject=subject,
        body_text=body,
        **kwargs,
    )
