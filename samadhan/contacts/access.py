from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from samadhan.accounts.access import Actor
from samadhan.contacts.models import Contact, Organization
from samadhan.core.errors import NotFound


def access_contact(actor: Actor, contact_id: int) -> Contact:
    contact = (
        Contact.objects.filter(workspace=actor.workspace, pk=contact_id, merged_into__isnull=True)
        .select_related("organization")
        .first()
    )
    if contact is None:
        raise NotFound(_("Contact not found."))
    return contact


def access_organization(actor: Actor, organization_id: int) -> Organization:
    organization = Organization.objects.filter(
        workspace=actor.workspace, pk=organization_id
    ).first()
    if organization is None:
        raise NotFound(_("Organization not found."))
    return organization
