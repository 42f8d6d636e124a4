from __future__ import annotations

from django.db.models import Q, QuerySet

from samadhan.accounts.access import Actor
from samadhan.contacts.models import Contact, Organization


def contact_list(*, actor: Actor, q: str | None = None) -> QuerySet[Contact]:
    qs = Contact.objects.filter(workspace=actor.workspace, merged_into__isnull=True)
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(identities__normalized__icontains=q.strip().lower())
        ).distinct()
    return qs.select_related("organization").prefetch_related("identities").order_by("-id")


def organization_list(*, actor: Actor) -> QuerySet[Organization]:
    return Organization.objects.filter(workspace=actor.workspace).order_by("name")
