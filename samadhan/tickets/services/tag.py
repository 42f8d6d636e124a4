"""Managing a workspace's tags: rename, merge, delete.

Macros name tags in their actions; they follow a rename or merge and lose a
deleted tag, so a macro never recreates a tag an admin removed.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import Agent
from samadhan.audit.services import audit_record
from samadhan.core.errors import ValidationFailed
from samadhan.tickets.models import Macro, Tag, TicketTag
from samadhan.tickets.tags import normalize_tag

_TAG_ACTIONS = ("add_tags", "remove_tags")


def _macros_rename_tag(*, workspace_id: int, old: str, new: str | None) -> None:
    for macro in Macro.objects.filter(workspace_id=workspace_id).select_for_update():
        changed = False
        for key in _TAG_ACTIONS:
            names = macro.actions.get(key)
            if isinstance(names, list) and old in names:
                replaced = [new if n == old else n for n in names if new is not None or n != old]
                macro.actions[key] = list(dict.fromkeys(n for n in replaced if n is not None))
                changed = True
        if changed:
            macro.save(update_fields=["actions", "updated_at"])


def _clean(name: str) -> str:
    try:
        return normalize_tag(name)
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message_template, fields={"name": exc.fields["tags"]}) from None


@transaction.atomic
def tag_rename(*, tag: Tag, name: str, by: Agent | None) -> Tag:
    new = _clean(name)
    if new == tag.name:
        return tag
    if Tag.objects.filter(workspace_id=tag.workspace_id, name=new).exists():
        raise ValidationFailed(
            _("A tag with this name already exists; merge the two tags instead."),
            fields={"name": [str(_("Already taken."))]},
        )
    old = tag.name
    tag.name = new
    tag.save(update_fields=["name"])
    _macros_rename_tag(workspace_id=tag.workspace_id, old=old, new=new)
    audit_record(
        workspace=tag.workspace,
        actor=by,
        action="tag.renamed",
        target=tag,
        changes={"name": [old, new]},
    )
    return tag


@transaction.atomic
def tag_merge(*, source: Tag, target: Tag, by: Agent | None) -> Tag:
    """Put ``target`` on every ticket that has ``source``, then delete ``source``."""
    if source.workspace_id != target.workspace_id or source.pk == target.pk:
        raise ValidationFailed(
            _("Choose another tag of this workspace."),
            fields={"target": [str(_("Choose another tag."))]},
        )
    ticket_ids = list(TicketTag.objects.filter(tag=source).values_list("ticket_id", flat=True))
    TicketTag.objects.bulk_create(
        [TicketTag(ticket_id=ticket_id, tag=target) for ticket_id in ticket_ids],
        ignore_conflicts=True,
    )
    _macros_rename_tag(workspace_id=source.workspace_id, old=source.name, new=target.name)
    audit_record(
        workspace=target.workspace,
        actor=by,
        action="tag.merged",
        target=target,
        changes={"merged": source.name, "into": target.name, "tickets": len(ticket_ids)},
    )
    source.delete()
    return target


@transaction.atomic
def tag_delete(*, tag: Tag, by: Agent | None) -> None:
    """Delete a tag and take it off every ticket."""
    tickets = TicketTag.objects.filter(tag=tag).count()
    _macros_rename_tag(workspace_id=tag.workspace_id, old=tag.name, new=None)
    audit_record(
        workspace=tag.workspace,
        actor=by,
        action="tag.deleted",
        target=tag,
        changes={"name": tag.name, "tickets": tickets},
    )
    tag.delete()
