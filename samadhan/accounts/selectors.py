from __future__ import annotations

from django.db.models import QuerySet

from samadhan.accounts.access import Actor
from samadhan.accounts.models import Agent, Membership, Team


def agent_list(*, actor: Actor) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(workspace=actor.workspace, is_active=True)
        .select_related("agent")
        .order_by("agent__name", "agent_id")
    )


def team_list(*, actor: Actor) -> QuerySet[Team]:
    return (
        Team.objects.filter(workspace=actor.workspace).prefetch_related("members").order_by("name")
    )


def agents_by_handle(*, actor: Actor, handles: set[str]) -> list[Agent]:
    if not handles:
        return []
    return list(
        Agent.objects.filter(
            handle__in=handles,
            memberships__workspace=actor.workspace,
            memberships__is_active=True,
            is_active=True,
        )
    )
