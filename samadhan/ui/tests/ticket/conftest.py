"""The ticket page tests' desk: a signed-in agent, a colleague in a team, one ticket."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django import Settings

from samadhan.accounts.services import team_create
from samadhan.conftest import Seat
from samadhan.testing.factories import make_agent, make_contact, make_ticket
from samadhan.ui.tests import signed_in
from samadhan.ui.tests.ticket.support import Desk


@pytest.fixture
def desk(seat: Seat, settings: Settings, tmp_path: Path) -> Desk:
    settings.MEDIA_ROOT = tmp_path
    colleague = make_agent(seat.workspace, name="Lakshmi Devi", email="lakshmi@example.test")
    team = team_create(workspace=seat.workspace, name="Field", members=[colleague])
    contact = make_contact(seat.workspace, email="ravi@example.test", name="Ravi Kumar")
    ticket = make_ticket(seat.workspace, contact=contact, subject="Seeds did not arrive")
    return Desk(seat, signed_in(seat.agent), colleague, team, ticket)
