from __future__ import annotations

from django.db.models import QuerySet

from samadhan.accounts.access import Actor
from samadhan.accounts.models import Membership, Team


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


def team_choices(*, actor: Actor) -> QuerySet[Team]:
    """Teams to pick from or show by name: no members loaded."""
    return Team.objects.filter(workspace=actor.workspace).only("id", "name").order_by("name")
