from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from samadhan.accounts import selectors
from samadhan.accounts.access import require_role
from samadhan.accounts.models import Membership, Role, Team
from samadhan.accounts.services import team_create
from samadhan.api.auth import actor_of
from samadhan.api.types import ObjectId
from samadhan.core.errors import ValidationFailed

router = Router(tags=["agents"])


class AgentOut(Schema):
    id: int
    name: str
    email: str
    handle: str
    role: str
    language: str

    @staticmethod
    def resolve_id(obj: Membership) -> int:
        return obj.agent_id

    @staticmethod
    def resolve_name(obj: Membership) -> str:
        return obj.agent.name

    @staticmethod
    def resolve_email(obj: Membership) -> str:
        return obj.agent.email

    @staticmethod
    def resolve_handle(obj: Membership) -> str:
        return obj.agent.handle

    @staticmethod
    def resolve_language(obj: Membership) -> str:
        return obj.agent.language


class TeamOut(Schema):
    id: int
    name: str
    description: str
    member_ids: list[int]

    @staticmethod
    def resolve_member_ids(obj: Team) -> list[int]:
        return sorted(m.pk for m in obj.members.all())


class TeamIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(..., min_length=1, max_length=120)
    member_ids: list[ObjectId] = Field(default_factory=list, max_length=500)


class MeOut(Schema):
    id: int
    name: str
    email: str
    handle: str
    role: str
    workspace: str


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> Any:
    actor = actor_of(request)
    return {
        "id": actor.agent.pk,
        "name": actor.agent.name,
        "email": actor.agent.email,
        "handle": actor.agent.handle,
        "role": actor.role,
        "workspace": actor.workspace.slug,
    }


@router.get("/agents", response=list[AgentOut])
def list_agents(request: HttpRequest) -> Any:
    return selectors.agent_list(actor=actor_of(request))


@router.get("/teams", response=list[TeamOut])
def list_teams(request: HttpRequest) -> Any:
    return selectors.team_list(actor=actor_of(request))


@router.post("/teams", response={201: TeamOut})
def create_team(request: HttpRequest, payload: TeamIn) -> Any:
    actor = actor_of(request)
    require_role(actor, Role.ADMIN)
    wanted = set(payload.member_ids)
    members = [m.agent for m in selectors.agent_list(actor=actor).filter(agent_id__in=wanted)]
    if len(members) != len(wanted):
        raise ValidationFailed(
            _("Some members are not agents of this workspace."),
            fields={"member_ids": [str(_("Unknown agent."))]},
        )
    team = team_create(
        workspace=actor.workspace, name=payload.name, members=members, by=actor.agent
    )
    return Status(201, selectors.team_list(actor=actor).get(pk=team.pk))
