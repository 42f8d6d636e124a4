"""The inbox tests' desk: an agent's workspace with a ticket of every kind."""

from __future__ import annotations

import pytest

from samadhan.accounts.services import team_create
from samadhan.conftest import Seat
from samadhan.testing.factories import make_agent, make_ticket
from samadhan.tickets.models import Status
from samadhan.ui.tests import change, signed_in
from samadhan.ui.tests.inbox.support import Desk


@pytest.fixture
def desk(seat: Seat) -> Desk:
    me = seat.agent
    colleague = make_agent(seat.workspace, name="Colleague")
    team = team_create(workspace=seat.workspace, name="Field", members=[colleague])
    mine = change(
        make_ticket(seat.workspace, subject="Mine"),
        me,
        assignee_id=me.pk,
        set_assignee=True,
        status=Status.OPEN,
    )
    theirs = change(
        make_ticket(seat.workspace, subject="Theirs"),
        me,
        assignee_id=colleague.pk,
        set_assignee=True,
    )
    unassigned = make_ticket(seat.workspace, subject="Nobody's")
    solved_mine = change(
        make_ticket(seat.workspace, subject="Solved"),
        me,
        assignee_id=me.pk,
        set_assignee=True,
        status=Status.SOLVED,
    )
    pending = change(make_ticket(seat.workspace, subject="Waiting"), me, status=Status.PENDING)
    team_ticket = make_ticket(seat.workspace, subject="Team ticket", team_id=team.pk)
    return Desk(
        seat,
        colleague,
        team,
        signed_in(me),
        mine,
        theirs,
        unassigned,
        solved_mine,
        pending,
        team_ticket,
    )
