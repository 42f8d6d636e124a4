from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from samadhan.accounts.access import Actor, require_role
from samadhan.accounts.models import Role
from samadhan.channels.models import Inbox
from samadhan.core.errors import NotFound


def access_inbox(actor: Actor, inbox_id: int) -> Inbox:
    """An inbox of the actor's workspace, for admins (inbox settings hold credentials)."""
    require_role(actor, Role.ADMIN)
    inbox = (
        Inbox.objects.filter(workspace_id=actor.workspace_id, pk=inbox_id)
        .select_related("workspace", "default_team")
        .first()
    )
    if inbox is None:
        raise NotFound(_("Inbox not found."))
    return inbox
