"""Template context every agent page needs (the workspace switcher, the role)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from samadhan.accounts.models import Membership, Role
from samadhan.notifications.models import Notification


def ui(request: HttpRequest) -> dict[str, Any]:
    actor = getattr(request, "actor", None)
    if actor is None:
        return {}

    def memberships() -> list[Membership]:
        return list(
            Membership.objects.filter(agent=actor.agent, is_active=True)
            .select_related("workspace")
            .order_by("workspace__name")
        )

    def unread() -> int:
        return Notification.objects.filter(
            agent=actor.agent, workspace_id=actor.workspace_id, read_at__isnull=True
        ).count()

    return {
        "actor": actor,
        "unread_notifications": SimpleLazyObject(unread),
        "workspace": actor.workspace,
        "my_memberships": SimpleLazyObject(memberships),
        "is_admin": actor.has_role(Role.ADMIN),
        "is_manager": actor.has_role(Role.MANAGER),
        "can_edit": actor.has_role(Role.AGENT),
    }
