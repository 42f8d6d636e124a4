"""Who is acting, in which workspace, with which role.

Authorization is a fetch: ``actor_for`` returns an ``Actor`` or raises
``NotFound``; a workspace one is not a member of does not exist for one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import ROLE_RANK, Agent, Membership, Role, Team
from samadhan.core.errors import NotFound, PermissionDenied
from samadhan.workspaces.models import Workspace


@dataclass(frozen=True, kw_only=True)
class Actor:
    agent: Agent
    workspace: Workspace
    role: Role

    @property
    def workspace_id(self) -> int:
        return self.workspace.pk

    def has_role(self, minimum: Role) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[minimum]

    @cached_property
    def team_ids(self) -> frozenset[int]:
        """The teams the agent belongs to in this workspace (read on first use)."""
        return frozenset(
            Team.objects.filter(workspace=self.workspace, members=self.agent).values_list(
                "id", flat=True
            )
        )

    @property
    def is_collaborator(self) -> bool:
        return self.role == Role.COLLABORATOR


def actor_for(*, agent: Agent, workspace: Workspace) -> Actor:
    membership = (
        Membership.objects.filter(workspace=workspace, agent=agent, is_active=True)
        .only("role")
        .first()
    )
    if membership is None or not agent.is_active:
        raise NotFound(_("Workspace not found."))
    return Actor(agent=agent, workspace=workspace, role=Role(membership.role))


def actor_for_slug(*, agent: Agent, slug: str) -> Actor:
    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None:
        raise NotFound(_("Workspace not found."))
    return actor_for(agent=agent, workspace=workspace)


def require_role(actor: Actor, minimum: Role) -> None:
    if not actor.has_role(minimum):
        raise PermissionDenied(
            _("This needs the %(role)s role or higher."), params={"role": minimum.label}
        )
