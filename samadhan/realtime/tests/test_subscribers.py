"""Who hears of a new chat: the assignee, else the team, else every agent who may see it."""

from __future__ import annotations

import pytest

from samadhan.accounts.models import Role
from samadhan.accounts.services import membership_deactivate, team_create
from samadhan.realtime.subscribers import notification_targets
from samadhan.testing.factories import make_agent, make_workspace

pytestmark = pytest.mark.django_db


def test_notification_targets() -> None:
    ws = make_workspace()
    admin = make_agent(ws, role=Role.ADMIN)
    agent = make_agent(ws)
    gone = make_agent(ws)
    helper = make_agent(ws, role=Role.COLLABORATOR)
    outsider = make_agent(ws, role=Role.COLLABORATOR)
    team = team_create(workspace=ws, name="Chat", members=[agent, helper, gone])
    membership_deactivate(workspace=ws, agent=gone)
    row = {"id": 1, "number": 1, "assignee_id": None, "team_id": None}

    assert notification_targets(ws.pk, row) == sorted([admin.pk, agent.pk])
    assert notification_targets(ws.pk, {**row, "team_id": team.pk}) == sorted([agent.pk, helper.pk])
    assert notification_targets(ws.pk, {**row, "assignee_id": admin.pk}) == [admin.pk]
    # A collaborator assigned a ticket outside their teams cannot see it: no notification.
    assert notification_targets(ws.pk, {**row, "assignee_id": outsider.pk}) == []
    assert notification_targets(ws.pk, {**row, "assignee_id": helper.pk, "team_id": team.pk}) == [
        helper.pk
    ]
