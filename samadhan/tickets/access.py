"""One rule for which tickets an actor sees, used by lists and by fetches."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.access import Actor
from samadhan.accounts.models import Role
from samadhan.core.errors import NotFound, PermissionDenied
from samadhan.tickets.models import Attachment, Macro, Ticket


def tickets_visible_to(actor: Actor) -> QuerySet[Ticket]:
    qs = Ticket.objects.filter(workspace_id=actor.workspace_id)
    if actor.is_collaborator:
        # Collaborators (light agents) see only their teams' tickets.
        qs = qs.filter(team_id__in=actor.team_ids)
    return qs


def access_ticket(actor: Actor, number: int, *, for_update: bool = False) -> Ticket:
    qs = tickets_visible_to(actor)
    if for_update:
        # Lock the ticket row only: PostgreSQL refuses FOR UPDATE on the
        # nullable side of the outer joins to assignee and team.
        qs = qs.select_for_update(of=("self",))
    ticket = qs.select_related("contact", "assignee", "team").filter(number=number).first()
    if ticket is None:
        raise NotFound(_("Ticket not found."))
    return ticket


def require_can_edit(actor: Actor) -> None:
    """Collaborators may read and add internal notes, nothing else."""
    if not actor.has_role(Role.AGENT):
        raise PermissionDenied(_("Collaborators can only add internal notes."))


def access_macro(actor: Actor, macro_id: int) -> Macro:
    macro = (
        Macro.objects.filter(workspace_id=actor.workspace_id, pk=macro_id, is_active=True)
        .prefetch_related("translations")
        .first()
    )
    if macro is None:
        raise NotFound(_("Macro not found."))
    return macro


def access_attachment(actor: Actor, attachment_id: int) -> Attachment:
    """An attachment seen through a ticket the actor may see, or their own upload."""
    attachment = (
        Attachment.objects.filter(workspace_id=actor.workspace_id, pk=attachment_id)
        .select_related("message__ticket")
        .first()
    )
    if attachment is None:
        raise NotFound(_("Attachment not found."))
    if attachment.message is not None:
        access_ticket(actor, attachment.message.ticket.number)
    elif attachment.uploaded_by_id != actor.agent.pk:
        raise NotFound(_("Attachment not found."))
    return attachment
