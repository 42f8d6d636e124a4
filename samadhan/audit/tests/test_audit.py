"""The audit log: what an entry holds, paging, tenant isolation, and API changes recorded."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import time_machine
from pytest_django import Settings

from samadhan.accounts.access import actor_for
from samadhan.accounts.models import Role, Team
from samadhan.accounts.services import team_create, team_delete
from samadhan.audit.actions import ACTION_LABELS, action_label
from samadhan.audit.models import AuditEntry
from samadhan.audit.selectors import audit_page
from samadhan.audit.services import audit_diff, audit_record
from samadhan.conftest import Seat
from samadhan.core.errors import ValidationFailed
from samadhan.testing.api_client import body
from samadhan.testing.factories import make_agent, make_token, make_workspace

pytestmark = pytest.mark.django_db


def test_an_entry_names_the_actor_the_target_and_the_changes(seat: Seat) -> None:
    team = team_create(workspace=seat.workspace, name="Billing")
    entry = audit_record(
        workspace=seat.workspace,
        actor=seat.agent,
        action="team.updated",
        target=team,
        changes={"name": ["Old", "Billing"]},
    )
    entry.refresh_from_db()
    assert (entry.workspace, entry.actor, entry.action) == (
        seat.workspace,
        seat.agent,
        "team.updated",
    )
    assert (entry.target_type, entry.target_id, entry.target_repr) == (
        "team",
        str(team.pk),
        "Billing",
    )
    assert entry.changes == {"name": ["Old", "Billing"]}

    # The entry outlives its target, and the system acts without an actor.
    team_delete(team=team, by=None)
    deleted = AuditEntry.objects.get(action="team.deleted")
    assert (deleted.actor, deleted.target_repr, deleted.changes) == (
        None,
        "Billing",
        {"name": "Billing"},
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_diff_keeps_only_what_changed() -> None:
    before = {"name": "A", "members": [1, 2], "description": ""}
    after = {"name": "B", "members": [1, 2], "description": "x"}
    assert audit_diff(before, after) == {"name": ["A", "B"], "description": ["", "x"]}
    assert audit_diff(before, {}) == {}


def test_a_refused_change_leaves_no_entry(seat_factory: Callable[..., Seat]) -> None:
    seat, other = seat_factory(), seat_factory()
    with pytest.raises(ValidationFailed):
        team_create(workspace=seat.workspace, name="Mixed", members=[other.agent], by=seat.agent)
    assert not Team.objects.exists()
    assert not AuditEntry.objects.filter(action="team.created").exists()


def test_pages_are_newest_first_and_stay_in_the_workspace(
    seat_factory: Callable[..., Seat],
) -> None:
    seat, other = seat_factory(), seat_factory()
    AuditEntry.objects.all().delete()  # the seats' token creation
    with time_machine.travel("2026-03-01 10:00:00+00:00", tick=False):
        # Entries in the same instant: the id breaks the tie.
        mine = [
            audit_record(workspace=seat.workspace, actor=seat.agent, action=f"team.n{i}")
            for i in range(7)
        ]
        audit_record(workspace=other.workspace, actor=other.agent, action="team.theirs")
    actor = actor_for(agent=seat.agent, workspace=seat.workspace)
    first = audit_page(actor=actor, size=3)
    assert [e.action for e in first.entries] == ["team.n6", "team.n5", "team.n4"]
    assert first.next_before == mine[4].pk
    second = audit_page(actor=actor, size=3, before=first.next_before)
    assert [e.action for e in second.entries] == ["team.n3", "team.n2", "team.n1"]
    third = audit_page(actor=actor, size=3, before=second.next_before)
    assert [e.action for e in third.entries] == ["team.n0"]
    assert third.next_before is None
    # Filters by area and by actor; someone else's entry id as a cursor starts over.
    assert audit_page(actor=actor, action_prefix="webhook.").entries == []
    assert len(audit_page(actor=actor, actor_id=other.agent.pk).entries) == 0
    theirs = AuditEntry.objects.get(action="team.theirs")
    assert len(audit_page(actor=actor, before=theirs.pk).entries) == 7


def test_every_recorded_action_has_a_label() -> None:
    assert action_label("team.created") == "Team created"
    assert action_label("something.new") == "something.new"
    assert all(code.count(".") == 1 for code in ACTION_LABELS)


def test_api_changes_are_recorded_with_the_token_owner(seat: Seat, settings: Settings) -> None:
    settings.SAMADHAN = {**settings.SAMADHAN, "WEBHOOK_ALLOW_PRIVATE_NETWORKS": True}
    api = seat.api
    assert api.post("teams", {"name": "Tier 1", "member_ids": [seat.agent.pk]}).status_code == 201
    assert api.post("macros", {"name": "Hi", "texts": {"te": "నమస్కారం"}}).status_code == 201
    field = {"key": "city", "label": "City", "field_type": "text"}
    assert api.post("custom-fields", field).status_code == 201
    hook = api.post("webhooks", {"url": "http://127.0.0.1:9/h", "events": []})
    hook_id = body(hook)["id"]
    assert api.patch(f"webhooks/{hook_id}", {"is_active": False}).status_code == 200
    assert api.delete(f"webhooks/{hook_id}").status_code == 204
    recorded = list(
        AuditEntry.objects.filter(workspace=seat.workspace, actor=seat.agent)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert recorded == [
        "team.created",
        "macro.created",
        "custom_field.created",
        "webhook.created",
        "webhook.updated",
        "webhook.deleted",
    ]


def test_a_management_token_is_recorded_without_an_actor() -> None:
    workspace = make_workspace()
    make_agent(workspace, role=Role.ADMIN)
    agent = make_agent(workspace)
    make_token(workspace, agent)
    entry = AuditEntry.objects.get(action="api_token.created")
    assert (entry.actor, entry.changes) == (None, {"name": "test", "agent": agent.email})
