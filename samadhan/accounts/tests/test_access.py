"""Actors, roles, agents and teams."""

from __future__ import annotations

import itertools

import pytest
from pytest_django import DjangoAssertNumQueries

from samadhan.accounts.access import actor_for, actor_for_slug, require_role
from samadhan.accounts.models import ROLE_RANK, Agent, Membership, Role, SkillKind, Team
from samadhan.accounts.services import agent_create, membership_set, skill_grant, team_create
from samadhan.core.errors import NotFound, PermissionDenied, ValidationFailed
from samadhan.testing.factories import make_agent, make_workspace

pytestmark = pytest.mark.django_db

ORDER = [Role.COLLABORATOR, Role.AGENT, Role.MANAGER, Role.ADMIN, Role.OWNER]


def test_role_ranks_are_a_strict_order() -> None:
    assert sorted(ROLE_RANK, key=ROLE_RANK.__getitem__) == ORDER
    assert set(ROLE_RANK) == set(Role)
    assert len(set(ROLE_RANK.values())) == len(Role)


@pytest.mark.parametrize(("held", "needed"), list(itertools.product(ORDER, ORDER)))
def test_has_role_and_require_role(held: Role, needed: Role) -> None:
    workspace = make_workspace()
    actor = actor_for(agent=make_agent(workspace, role=held), workspace=workspace)
    allowed = ORDER.index(held) >= ORDER.index(needed)
    assert actor.has_role(needed) is allowed
    assert actor.is_collaborator is (held == Role.COLLABORATOR)
    if allowed:
        require_role(actor, needed)
    else:
        with pytest.raises(PermissionDenied) as caught:
            require_role(actor, needed)
        assert caught.value.message == f"This needs the {needed.label} role or higher."
        assert caught.value.http_status == 403


def test_actor_for_members_only(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    workspace, elsewhere = make_workspace(), make_workspace()
    agent = make_agent(workspace, role=Role.ADMIN)

    with django_assert_num_queries(1):
        actor = actor_for(agent=agent, workspace=workspace)
    assert (actor.agent, actor.workspace, actor.role, actor.workspace_id) == (
        agent,
        workspace,
        Role.ADMIN,
        workspace.pk,
    )
    # Not a member: the workspace does not exist for them (404, not 403).
    with pytest.raises(NotFound) as caught:
        actor_for(agent=agent, workspace=elsewhere)
    assert (caught.value.message, caught.value.http_status) == ("Workspace not found.", 404)

    Membership.objects.filter(agent=agent).update(is_active=False)
    with pytest.raises(NotFound):
        actor_for(agent=agent, workspace=workspace)

    membership_set(workspace=workspace, agent=agent, role=Role.AGENT)  # reactivates
    assert actor_for(agent=agent, workspace=workspace).role == Role.AGENT

    Agent.objects.filter(pk=agent.pk).update(is_active=False)
    agent.refresh_from_db()
    with pytest.raises(NotFound):
        actor_for(agent=agent, workspace=workspace)


def test_actor_for_slug() -> None:
    workspace = make_workspace(slug="acme")
    agent = make_agent(workspace)
    assert actor_for_slug(agent=agent, slug="acme").workspace == workspace
    with pytest.raises(NotFound):
        actor_for_slug(agent=agent, slug="nope")


def test_team_ids_are_read_once(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    workspace = make_workspace()
    agent = make_agent(workspace, role=Role.COLLABORATOR)
    billing = team_create(workspace=workspace, name="Billing", members=[agent])
    team_create(workspace=workspace, name="Returns")
    other = make_workspace()
    membership_set(workspace=other, agent=agent, role=Role.AGENT)
    team_create(workspace=other, name="Billing", members=[agent])
    actor = actor_for(agent=agent, workspace=workspace)
    with django_assert_num_queries(1):
        assert actor.team_ids == frozenset({billing.pk})
        assert actor.team_ids == frozenset({billing.pk})


def test_agent_handles_and_emails() -> None:
    first = agent_create(email="  Asha.Rao@Example.TEST ", name="Asha Rao")
    second = agent_create(email="asha.rao@other.test", name="Asha R")
    third = agent_create(email="asha.rao@third.test", name="Asha 3")
    assert (first.email, first.handle) == ("asha.rao@example.test", "asharao")
    assert (second.handle, third.handle) == ("asharao2", "asharao3")
    assert first.check_password("") is False
    with pytest.raises(ValidationFailed) as caught:
        agent_create(email="ASHA.RAO@example.test", name="Again")
    assert caught.value.fields == {"email": ["Already taken."]}


def test_teams_take_members_of_the_workspace_only() -> None:
    workspace = make_workspace()
    outsider = make_agent(make_workspace())
    with pytest.raises(ValidationFailed) as caught:
        team_create(workspace=workspace, name="Mixed", members=[outsider])
    assert caught.value.message == "Team members must belong to the workspace."
    assert not Team.objects.filter(workspace=workspace).exists()  # nothing half-made
    team_create(workspace=workspace, name="Solo")
    with pytest.raises(ValidationFailed) as caught:
        team_create(workspace=workspace, name="Solo")
    assert caught.value.fields == {"name": ["Already taken."]}


def test_skills_are_shared_rows_per_workspace() -> None:
    workspace = make_workspace()
    asha, kiran = make_agent(workspace), make_agent(workspace)
    hindi = skill_grant(workspace=workspace, agent=asha, kind=SkillKind.LANGUAGE, value="hi")
    again = skill_grant(workspace=workspace, agent=kiran, kind=SkillKind.LANGUAGE, value="hi")
    skill_grant(workspace=workspace, agent=kiran, kind=SkillKind.TOPIC, value="refunds")
    elsewhere = skill_grant(
        workspace=make_workspace(), agent=asha, kind=SkillKind.LANGUAGE, value="hi"
    )
    assert again.pk == hindi.pk != elsewhere.pk
    assert sorted(a.pk for a in hindi.agents.all()) == sorted([asha.pk, kiran.pk])
    assert sorted(kiran.skills.values_list("kind", "value")) == [
        ("language", "hi"),
        ("topic", "refunds"),
    ]
