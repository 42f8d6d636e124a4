"""The outbound email tests' office: a workspace and its agent."""

from __future__ import annotations

import pytest

from samadhan.accounts.models import Agent
from samadhan.testing.factories import make_agent, make_workspace
from samadhan.workspaces.models import Workspace


@pytest.fixture
def office(db: None) -> tuple[Workspace, Agent]:
    workspace = make_workspace(slug="acme")
    return workspace, make_agent(workspace, name="Asha Rao")
