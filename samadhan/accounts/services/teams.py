"""Teams and skills of a workspace."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import (
    Agent,
    Membership,
    Skill,
    SkillKind,
    Team,
)
from samadhan.accounts.services.memberships import _taken
from samadhan.audit.services import audit_diff, audit_record
from samadhan.core.errors import ValidationFailed
from samadhan.workspaces.models import Workspace
from samadhan.workspaces.services import LANGUAGE_CODE


def _team_name(workspace: Workspace, name: str, *, exclude: int | None = None) -> str:
    name = name.strip()
    if not name or len(name) > 120:
        raise ValidationFailed(
            _("Give a name of at most 120 characters."),
            fields={"name": [str(_("Give a name of at most 120 characters."))]},
        )
    taken = Team.objects.filter(workspace=workspace, name=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationFailed(
            _("A team with this name already exists."), fields={"name": [str(_("Already taken."))]}
        )
    return name


def _workspace_agents(workspace: Workspace, agents: list[Agent], field: str) -> dict[int, Agent]:
    by_id = {agent.pk: agent for agent in agents}
    active = Membership.objects.filter(workspace=workspace, agent_id__in=by_id, is_active=True)
    if active.count() != len(by_id):
        raise ValidationFailed(
            _("Team members must belong to the workspace."),
            fields={field: [str(_("Unknown agent."))]},
        )
    return by_id


def team_create(
    *,
    workspace: Workspace,
    name: str,
    members: list[Agent] | None = None,
    description: str = "",
    by: Agent | None = None,
) -> Team:
    name = _team_name(workspace, name)
    # Checked before anything is written, so a refused team is not left half made.
    agents = _workspace_agents(workspace, members or [], "members")
    with transaction.atomic():
        try:
            with transaction.atomic():
                team = Team.objects.create(workspace=workspace, name=name, description=description)
        except IntegrityError:
            # A second submit of the same form raced this one past the check.
            raise _taken(_("A team with this name already exists."), "name") from None
        team.members.add(*agents.values())
        audit_record(
            workspace=workspace,
            actor=by,
            action="team.created",
            target=team,
            changes={"name": name, "members": sorted(agents)},
        )
    return team


def team_update(
    *,
    team: Team,
    by: Agent | None,
    name: str | None = None,
    description: str | None = None,
    members: list[Agent] | None = None,
) -> Team:
    workspace = team.workspace
    before: dict[str, object] = {"name": team.name, "description": team.description}
    after: dict[str, object] = {}
    if name is not None:
        after["name"] = _team_name(workspace, name, exclude=team.pk)
    if description is not None:
        after["description"] = description
    agents: dict[int, Agent] | None = None
    if members is not None:
        agents = _workspace_agents(workspace, members, "members")
        before["members"] = sorted(team.members.values_list("id", flat=True))
        after["members"] = sorted(agents)
    changes = audit_diff(before, after)
    if not changes:
        return team
    with transaction.atomic():
        for key in ("name", "description"):
            if key in changes:
                setattr(team, key, after[key])
        team.save()
        if agents is not None and "members" in changes:
            team.members.set(list(agents.values()))
        audit_record(
            workspace=workspace, actor=by, action="team.updated", target=team, changes=changes
        )
    return team


def team_delete(*, team: Team, by: Agent | None) -> None:
    """Delete a team; its tickets keep their assignee and lose only the team."""
    with transaction.atomic():
        audit_record(
            workspace=team.workspace,
            actor=by,
            action="team.deleted",
            target=team,
            changes={"name": team.name},
        )
        team.delete()


def skill_grant(*, workspace: Workspace, agent: Agent, kind: SkillKind, value: str) -> Skill:
    skill, _created = Skill.objects.get_or_create(workspace=workspace, kind=kind, value=value)
    skill.agents.add(agent)
    return skill


def _skill_value(workspace: Workspace, kind: SkillKind, value: str, *, exclude: int | None) -> str:
    value = value.strip()
    if not value or len(value) > 64:
        raise ValidationFailed(
            _("Give a value of at most 64 characters."),
            fields={"value": [str(_("Give a value of at most 64 characters."))]},
        )
    if kind == SkillKind.LANGUAGE:
        # Language skills route by the ticket's language code, so they must be one.
        value = value.lower()
        if not LANGUAGE_CODE.match(value):
            raise ValidationFailed(
                _("Give a language code such as hi, te or pt-br."),
                fields={"value": [str(_("Give a language code such as hi, te or pt-br."))]},
            )
    taken = Skill.objects.filter(workspace=workspace, kind=kind, value=value)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationFailed(
            _("This skill already exists."), fields={"value": [str(_("Already taken."))]}
        )
    return value


def skill_create(
    *,
    workspace: Workspace,
    by: Agent | None,
    kind: SkillKind,
    value: str,
    agents: list[Agent] | None = None,
) -> Skill:
    value = _skill_value(workspace, kind, value, exclude=None)
    members = _workspace_agents(workspace, agents or [], "agents")
    with transaction.atomic():
        try:
            with transaction.atomic():
                skill = Skill.objects.create(workspace=workspace, kind=kind, value=value)
        except IntegrityError:
            raise _taken(_("This skill already exists."), "value") from None
        skill.agents.add(*members.values())
        audit_record(
            workspace=workspace,
            actor=by,
            action="skill.created",
            target=skill,
            changes={"kind": kind.value, "value": value, "agents": sorted(members)},
        )
    return skill


def skill_update(
    *, skill: Skill, by: Agent | None, value: str | None = None, agents: list[Agent] | None = None
) -> Skill:
    workspace = skill.workspace
    before: dict[str, object] = {"value": skill.value}
    after: dict[str, object] = {}
    if value is not None:
        after["value"] = _skill_value(workspace, SkillKind(skill.kind), value, exclude=skill.pk)
    members: dict[int, Agent] | None = None
    if agents is not None:
        members = _workspace_agents(workspace, agents, "agents")
        before["agents"] = sorted(skill.agents.values_list("id", flat=True))
        after["agents"] = sorted(members)
    changes = audit_diff(before, after)
    if not changes:
        return skill
    with transaction.atomic():
        if "value" in changes:
            skill.value = str(after["value"])
            skill.save(update_fields=["value", "updated_at"])
        if members is not None and "agents" in changes:
            skill.agents.set(list(members.values()))
        audit_record(
            workspace=workspace, actor=by, action="skill.updated", target=skill, changes=changes
        )
    return skill


def skill_delete(*, skill: Skill, by: Agent | None) -> None:
    with transaction.atomic():
        audit_record(workspace=skill.workspace, actor=by, action="skill.deleted", target=skill)
        skill.delete()
