"""Saved inbox views: personal ones for anyone, shared ones for managers."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.access import Actor, require_role
from samadhan.accounts.models import Role
from samadhan.core.errors import NotFound, ValidationFailed
from samadhan.tickets.models import SavedView
from samadhan.tickets.selectors import SORTS

# The inbox query parameters a view may store.
FILTER_KEYS = {"status", "priority", "assignee", "team", "tag", "language", "channel", "q"}
MAX_VIEWS_PER_AGENT = 100


def _clean_filters(filters: dict[str, Any]) -> dict[str, list[str]]:
    cleaned: dict[str, list[str]] = {}
    for key, values in filters.items():
        if key not in FILTER_KEYS and not key.startswith("cf_"):
            continue
        items = values if isinstance(values, list) else [values]
        kept = [str(v)[:200] for v in items if str(v).strip()]
        if kept:
            cleaned[key] = kept
    return cleaned


def saved_view_create(
    *, actor: Actor, name: str, filters: dict[str, Any], sort: str = "updated", shared: bool = False
) -> SavedView:
    name = name.strip()
    if not name or len(name) > 120:
        raise ValidationFailed(
            _("Give the view a name of at most 120 characters."),
            fields={"name": [str(_("This field is required."))]},
        )
    if sort not in SORTS:
        raise ValidationFailed(
            _("Unknown sort order."), fields={"sort": [str(_("Invalid value."))]}
        )
    if shared:
        require_role(actor, Role.MANAGER)
    owner = None if shared else actor.agent
    if SavedView.objects.filter(workspace=actor.workspace, owner=actor.agent).count() >= (
        MAX_VIEWS_PER_AGENT
    ):
        raise ValidationFailed(_("You have too many saved views; delete one first."))
    position = SavedView.objects.filter(workspace=actor.workspace, owner=owner).count()
    return SavedView.objects.create(
        workspace=actor.workspace,
        owner=owner,
        name=name,
        filters=_clean_filters(filters),
        sort=sort,
        position=position,
    )


def access_saved_view(actor: Actor, view_id: int) -> SavedView:
    """A shared view or one of the actor's own; anything else does not exist."""
    view = SavedView.objects.filter(
        Q(owner__isnull=True) | Q(owner=actor.agent), workspace=actor.workspace, pk=view_id
    ).first()
    if view is None:
        raise NotFound(_("View not found."))
    return view


def saved_view_delete(*, actor: Actor, view: SavedView) -> None:
    if view.owner_id is None:
        require_role(actor, Role.MANAGER)
    elif view.owner_id != actor.agent.pk:
        raise NotFound(_("View not found."))
    view.delete()
