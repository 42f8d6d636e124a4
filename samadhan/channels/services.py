from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import Agent, Team
from samadhan.audit.services import audit_diff, audit_record
from samadhan.channels.models import Inbox, InboxKind
from samadhan.core.errors import ValidationFailed
from samadhan.workspaces.models import Workspace

# Kinds an admin can create from the settings page today; chat adds its own.
CREATABLE_KINDS = (InboxKind.API, InboxKind.WEB_FORM, InboxKind.EMAIL, InboxKind.CHAT)


def _inbox_name(workspace: Workspace, name: str, *, exclude: int | None = None) -> str:
    name = name.strip()
    if not name or len(name) > 120:
        raise ValidationFailed(
            _("Give a name of at most 120 characters."),
            fields={"name": [str(_("Give a name of at most 120 characters."))]},
        )
    taken = Inbox.objects.filter(workspace=workspace, name=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationFailed(
            _("An inbox with this name already exists."),
            fields={"name": [str(_("Already taken."))]},
        )
    return name


def _check_team(workspace: Workspace, team: Team | None) -> None:
    if team is not None and team.workspace_id != workspace.pk:
        raise ValidationFailed(
            _("Unknown team."), fields={"default_team": [str(_("Unknown team."))]}
        )


def inbox_create(
    *,
    workspace: Workspace,
    kind: InboxKind,
    name: str,
    default_team: Team | None = None,
    by: Agent | None = None,
) -> Inbox:
    name = _inbox_name(workspace, name)
    _check_team(workspace, default_team)
    with transaction.atomic():
        try:
            with transaction.atomic():
                inbox = Inbox.objects.create(
                    workspace=workspace, kind=kind, name=name, default_team=default_team
                )
        except IntegrityError:
            # A second submit of the same form raced this one past the check.
            raise ValidationFailed(
                _("An inbox with this name already exists."),
                fields={"name": [str(_("Already taken."))]},
            ) from None
        audit_record(
            workspace=workspace,
            actor=by,
            action="inbox.created",
            target=inbox,
            changes={"kind": kind.value, "name": name},
        )
    return inbox


def inbox_update(
    *,
    inbox: Inbox,
    by: Agent | None,
    name: str | None = None,
    is_active: bool | None = None,
    default_team: Team | None = None,
    set_default_team: bool = False,
) -> Inbox:
    """Rename, pause or route an inbox (``set_default_team`` so None can clear the team)."""
    workspace = inbox.workspace
    before: dict[str, object] = {
        "name": inbox.name,
        "is_active": inbox.is_active,
        "default_team": inbox.default_team_id,
    }
    after: dict[str, object] = {}
    if name is not None:
        after["name"] = _inbox_name(workspace, name, exclude=inbox.pk)
    if is_active is not None:
        after["is_active"] = is_active
    if set_default_team:
        _check_team(workspace, default_team)
        after["default_team"] = default_team.pk if default_team else None
    changes = audit_diff(before, after)
    if not changes:
        return inbox
    with transaction.atomic():
        if "name" in changes:
            inbox.name = str(after["name"])
        if "is_active" in changes:
            inbox.is_active = bool(after["is_active"])
        if "default_team" in changes:
            inbox.default_team = default_team
        inbox.save()
        audit_record(
            workspace=workspace, actor=by, action="inbox.updated", target=inbox, changes=changes
        )
    return inbox


def inbox_default_api(*, workspace: Workspace) -> Inbox:
    """The workspace's API inbox, where tickets created through the API land."""
    inbox = Inbox.objects.filter(workspace=workspace, kind=InboxKind.API).order_by("id").first()
    if inbox is None:
        inbox = Inbox.objects.create(workspace=workspace, kind=InboxKind.API, name="API")
    return inbox
