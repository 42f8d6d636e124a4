from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from samadhan.contacts.identities import normalize_identity
from samadhan.contacts.models import Contact, Identity, IdentityKind, Organization
from samadhan.core.domain_events import DomainEvent, EventType, publish
from samadhan.core.errors import ValidationFailed
from samadhan.workspaces.models import Workspace


def contact_payload(contact: Contact) -> dict[str, Any]:
    return {"id": contact.pk, "name": contact.name, "language": contact.language}


def _organization_name(workspace_id: int, name: str, *, exclude_pk: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationFailed(_("A name is required."), fields={"name": [str(_("Required."))]})
    taken = Organization.objects.filter(workspace_id=workspace_id, name=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationFailed(
            _("An organization with this name already exists."),
            fields={"name": [str(_("Already taken."))]},
        )
    return name


def organization_create(
    *, workspace: Workspace, name: str, domains: list[str] | None = None
) -> Organization:
    return Organization.objects.create(
        workspace=workspace,
        name=_organization_name(workspace.pk, name),
        domains=[d.lower() for d in domains or []],
    )


def organization_update(
    *, organization: Organization, name: str | None = None, domains: list[str] | None = None
) -> Organization:
    if name is not None:
        organization.name = _organization_name(
            organization.workspace_id, name, exclude_pk=organization.pk
        )
    if domains is not None:
        organization.domains = [d.lower() for d in domains]
    organization.save()
    return organization


def identity_add(*, contact: Contact, kind: IdentityKind, value: str) -> Identity:
    normalized = normalize_identity(kind, value)
    existing = Identity.objects.filter(
        workspace_id=contact.workspace_id, kind=kind, normalized=normalized
    ).first()
    if existing is not None:
        if existing.contact_id != contact.pk:
            raise ValidationFailed(
                _("This %(kind)s already belongs to another contact; merge the contacts instead."),
                params={"kind": IdentityKind(kind).label},
                fields={kind: [str(_("Already taken."))]},
            )
        return existing
    return Identity.objects.create(
        workspace_id=contact.workspace_id,
        contact=contact,
        kind=kind,
        value=value.strip(),
        normalized=normalized,
    )


@transaction.atomic
def contact_create(
    *,
    workspace: Workspace,
    name: str = "",
    email: str | None = None,
    phone: str | None = None,
    identities: list[tuple[IdentityKind, str]] | None = None,
    language: str = "",
    timezone: str = "",
    birthday: date | None = None,
    organization: Organization | None = None,
    attributes: dict[str, Any] | None = None,
) -> Contact:
    return _contact_create(
        workspace=workspace,
        name=name,
        email=email,
        phone=phone,
        identities=identities,
        language=language,
        timezone=timezone,
        birthday=birthday,
        organization=organization,
        attributes=attributes,
    )


def _contact_create(
    *,
    workspace: Workspace,
    known_free: bool = False,
    name: str = "",
    email: str | None = None,
    phone: str | None = None,
    identities: list[tuple[IdentityKind, str]] | None = None,
    language: str = "",
    timezone: str = "",
    birthday: date | None = None,
    organization: Organization | None = None,
    attributes: dict[str, Any] | None = None,
) -> Contact:
    pairs: list[tuple[IdentityKind, str]] = list(identities or [])
    if email:
        pairs.append((IdentityKind.EMAIL, email))
    if phone:
        pairs.append((IdentityKind.PHONE, phone))
    if organization is not None and organization.workspace_id != workspace.pk:
        raise ValidationFailed(_("Organization not found."), fields={"organization_id": ["404"]})
    contact = Contact.objects.create(
        workspace=workspace,
        name=name.strip(),
        language=language,
        timezone=timezone,
        birthday=birthday,
        organization=organization,
        attributes=attributes or {},
    )
    for kind, value in pairs:
        if known_free:
            # The caller just looked these up; a racing creator fails on the unique key.
            Identity.objects.create(
                workspace_id=workspace.pk,
                contact=contact,
                kind=kind,
                value=value.strip(),
                normalized=normalize_identity(kind, value),
            )
        else:
            identity_add(contact=contact, kind=kind, value=value)
    publish(
        DomainEvent(
            type=EventType.CONTACT_CREATED,
            workspace_id=workspace.pk,
            payload={"contact": contact_payload(contact)},
        )
    )
    return contact


def contact_find_by_identity(
    *, workspace_id: int, kind: IdentityKind, value: str
) -> Contact | None:
    normalized = normalize_identity(kind, value)
    found = Identity.objects.filter(
        workspace_id=workspace_id, kind=kind, normalized=normalized
    ).select_related("contact")
    # Unique per workspace, kind and value: at most one row, so no ORDER BY (.first()).
    for identity in found[:1]:
        return identity.contact
    return None


def contact_find_or_create(
    *,
    workspace: Workspace,
    email: str | None = None,
    phone: str | None = None,
    name: str = "",
    language: str = "",
) -> Contact:
    """The contact owning this email or phone, created on first sight.

    Safe under concurrency: a racing creator loses on the identity's unique
    constraint and then reads the winner's contact.
    """
    return contact_get_or_create(
        workspace=workspace, email=email, phone=phone, name=name, language=language
    )[0]


def contact_get_or_create(
    *,
    workspace: Workspace,
    email: str | None = None,
    phone: str | None = None,
    name: str = "",
    language: str = "",
) -> tuple[Contact, bool]:
    """``contact_find_or_create``, and whether the contact was created by this call."""
    lookups = [(IdentityKind.EMAIL, email), (IdentityKind.PHONE, phone)]
    for kind, value in lookups:
        if value:
            found = contact_find_by_identity(workspace_id=workspace.pk, kind=kind, value=value)
            if found is not None:
                return found, False
    if not (email or phone or name.strip()):
        raise ValidationFailed(
            _("A contact needs an email, a phone number or a name."),
            fields={"contact": [str(_("Give an email, a phone or a name."))]},
        )
    try:
        with transaction.atomic():
            created = _contact_create(
                workspace=workspace,
                name=name,
                email=email,
                phone=phone,
                language=language,
                known_free=True,
            )
            return created, True
    except IntegrityError:
        for kind, value in lookups:
            if value:
                found = contact_find_by_identity(workspace_id=workspace.pk, kind=kind, value=value)
                if found is not None:
                    return found, False
        raise


def contact_update(
    *,
    contact: Contact,
    name: str | None = None,
    language: str | None = None,
    timezone: str | None = None,
    birthday: date | None = None,
    organization: Organization | None = None,
    clear_organization: bool = False,
    attributes: dict[str, Any] | None = None,
) -> Contact:
    if name is not None:
        contact.name = name.strip()
    if language is not None:
        contact.language = language
    if timezone is not None:
        contact.timezone = timezone
    if birthday is not None:
        contact.birthday = birthday
    if organization is not None:
        if organization.workspace_id != contact.workspace_id:
            raise ValidationFailed(
                _("Organization not found."), fields={"organization_id": ["404"]}
            )
        contact.organization = organization
    elif clear_organization:
        contact.organization = None
    if attributes is not None:
        contact.attributes = {**contact.attributes, **attributes}
    contact.save()
    publish(
        DomainEvent(
            type=EventType.CONTACT_UPDATED,
            workspace_id=contact.workspace_id,
            payload={"contact": contact_payload(contact)},
        )
    )
    return contact


@transaction.atomic
def contact_merge(*, source: Contact, target: Contact) -> Contact:
    """Fold ``source`` into ``target``: identities and tickets move, source redirects."""
    from samadhan.tickets.models import Ticket

    if source.pk == target.pk or source.workspace_id != target.workspace_id:
        raise ValidationFailed(_("A contact can only be merged into another contact."))
    Identity.objects.filter(contact=source).update(contact=target)
    Ticket.objects.filter(workspace_id=source.workspace_id, contact=source).update(contact=target)
    for key, value in source.attributes.items():
        target.attributes.setdefault(key, value)
    target.name = target.name or source.name
    target.language = target.language or source.language
    target.organization = target.organization or source.organization
    target.save()
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])
    publish(
        DomainEvent(
            type=EventType.CONTACT_MERGED,
            workspace_id=target.workspace_id,
            payload={"contact": contact_payload(target), "merged_contact_id": source.pk},
        )
    )
    return target
