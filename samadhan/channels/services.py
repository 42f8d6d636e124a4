from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from samadhan.channels.models import Inbox, InboxKind
from samadhan.core.errors import ValidationFailed
from samadhan.workspaces.models import Workspace


def inbox_create(*, workspace: Workspace, kind: InboxKind, name: str) -> Inbox:
    if Inbox.objects.filter(workspace=workspace, name=name).exists():
        raise ValidationFailed(
            _("An inbox with this name already exists."),
            fields={"name": [str(_("Already taken."))]},
        )
    return Inbox.objects.create(workspace=workspace, kind=kind, name=name)


def inbox_default_api(*, workspace: Workspace) -> Inbox:
    """The workspace's API inbox, where tickets created through the API land."""
    inbox = Inbox.objects.filter(workspace=workspace, kind=InboxKind.API).order_by("id").first()
    if inbox is None:
        inbox = Inbox.objects.create(workspace=workspace, kind=InboxKind.API, name="API")
    return inbox
