from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from samadhan.accounts.access import require_role
from samadhan.accounts.models import Role
from samadhan.api.auth import actor_of
from samadhan.api.types import StrictIn
from samadhan.contacts import selectors
from samadhan.contacts.access import access_contact, access_organization
from samadhan.contacts.models import Contact, IdentityKind
from samadhan.contacts.services import (
    contact_create,
    contact_merge,
    contact_update,
    identity_add,
    organization_create,
    organization_update,
)
from samadhan.core.errors import ValidationFailed

router = Router(tags=["contacts"])


class IdentityOut(Schema):
    id: int
    kind: str
    value: str


class ContactOut(Schema):
    id: int
    name: str
    language: str
    timezone: str
    birthday: date | None
    attributes: dict[str, Any]
    organization_id: int | None
    identities: list[IdentityOut]
    created_at: Any
    updated_at: Any

    @staticmethod
    def resolve_identities(obj: Contact) -> list[Any]:
        return sorted(obj.identities.all(), key=lambda i: i.pk)


class ContactPageOut(Schema):
    items: list[ContactOut]
    next_cursor: str | None


class IdentityIn(StrictIn):
    kind: IdentityKind
    value: str = Field(..., min_length=1, max_length=320)


class ContactIn(StrictIn):
    name: str = Field("", max_length=200)
    email: str | None = Field(None, max_length=320)
    phone: str | None = Field(None, max_length=40)
    identities: list[IdentityIn] = Field(default_factory=list, max_length=20)
    language: str = Field("", max_length=16)
    timezone: str = Field("", max_length=64)
    birthday: date | None = None
    organization_id: int | None = Field(None, ge=1, le=2**62)
    attributes: dict[str, Any] = Field(default_factory=dict)


class ContactPatchIn(StrictIn):
    name: str | None = Field(None, max_length=200)
    language: str | None = Field(None, max_length=16)
    timezone: str | None = Field(None, max_length=64)
    birthday: date | None = None
    organization_id: int | None = Field(None, ge=1, le=2**62)
    attributes: dict[str, Any] | None = None


class ContactMergeIn(StrictIn):
    into: int = Field(..., ge=1, le=2**62, description="id of the contact to keep")


class ContactListQuery(Schema):
    q: str | None = Field(None, max_length=200)
    cursor: int | None = Field(None, ge=1, le=2**62)
    limit: int = Field(25, ge=1, le=100)


class OrganizationIn(StrictIn):
    name: str = Field(..., min_length=1, max_length=200)
    domains: list[str] = Field(default_factory=list, max_length=50)


class OrganizationPatchIn(StrictIn):
    name: str | None = Field(None, min_length=1, max_length=200)
    domains: list[str] | None = Field(None, max_length=50)


class OrganizationOut(Schema):
    id: int
    name: str
    domains: list[str]
    created_at: Any


@router.get("/contacts", response=ContactPageOut)
def list_contacts(request: HttpRequest, query: Query[ContactListQuery]) -> Any:
    qs = selectors.contact_list(actor=actor_of(request), q=query.q)
    if query.cursor:
        qs = qs.filter(id__lt=query.cursor)
    rows = list(qs[: query.limit + 1])
    more = len(rows) > query.limit
    return {
        "items": rows[: query.limit],
        "next_cursor": str(rows[query.limit - 1].pk) if more else None,
    }


@router.post("/contacts", response={201: ContactOut})
def create_contact(request: HttpRequest, payload: ContactIn) -> Any:
    actor = actor_of(request)
    require_role(actor, Role.AGENT)
    organization = (
        access_organization(actor, payload.organization_id) if payload.organization_id else None
    )
    contact = contact_create(
        workspace=actor.workspace,
        name=payload.name,
        email=payload.email,
        phone=payload.phone,
        identities=[(i.kind, i.value) for i in payload.identities],
        language=payload.language,
        timezone=payload.timezone,
        birthday=payload.birthday,
        organization=organization,
        attributes=payload.attributes,
    )
    return Status(201, access_contact(actor, contact.pk))


@router.get("/contacts/{contact_id}", response=ContactOut)
def get_contact(request: HttpRequest, contact_id: int) -> Any:
    return access_contact(actor_of(request), contact_id)


@router.patch("/contacts/{contact_id}", response=ContactOut)
def update_contact(request: HttpRequest, contact_id: int, payload: ContactPatchIn) -> Any:
    actor = actor_of(request)
    require_role(actor, Role.AGENT)
    contact = access_contact(actor, contact_id)
    given = payload.model_fields_set
    organization = (
        access_organization(actor, payload.organization_id) if payload.organization_id else None
    )
    contact_update(
        contact=contact,
        name=payload.name,
        language=payload.language,
        timezone=payload.timezone,
        birthday=payload.birthday,
        organization=organization,
        clear_organization="organization_id" in given and payload.organization_id is None,
        attributes=payload.attributes,
    )
    return access_contact(actor, contact_id)


@router.post("/contacts/{contact_id}/identities", response={201: IdentityOut})
def add_identity(request: HttpRequest, contact_id: int, payload: IdentityIn) -> Any:
    actor = actor_of(request)
    require_role(actor, Role.AGENT)
    return Status(
        201,
        identity_add(
            contact=access_contact(actor, contact_id), kind=payload.kind, value=payload.value
        ),
    )


@router.post("/contacts/{contact_id}/merge", response=ContactOut)
def merge_contact(request: HttpRequest, contact_id: int, payload: ContactMergeIn) -> Any:
    actor = actor_of(request)
    require_role(actor, Role.AGENT)
    with transaction.atomic():
        source = access_contact(actor, contact_id)
        target = access_contact(actor, payload.into)
        if source.pk == target.pk:
            raise ValidationFailed(
                _("A contact cannot be merged into itself."), fields={"into": ["same contact"]}
            )
        contact_merge(source=source, target=target)
    return access_contact(actor, payload.into)


@router.get("/organizations", response=list[OrganizationOut])
def list_organizations(request: HttpRequest) -> Any:
    return selectors.organization_list(actor=actor_of(request))


@router.post("/organizations", response={201: OrganizationOut})
def create_organization(request: HttpRequest, payload: OrganizationIn) -> Any:
    actor = actor_of(request)
    require_role(actor, Role.AGENT)
    return Status(
        201,
        organization_create(workspace=actor.workspace, name=payload.name, domains=payload.domains),
    )


@router.get("/organizations/{organization_id}", response=OrganizationOut)
def get_organization(request: HttpRequest, organization_id: int) -> Any:
    return access_organization(actor_of(request), organization_id)


@router.patch("/organizations/{organization_id}", response=OrganizationOut)
def update_organization(
    request: HttpRequest, organization_id: int, payload: OrganizationPatchIn
) -> Any:
    actor = actor_of(request)
    require_role(actor, Role.AGENT)
    return organization_update(
        organization=access_organization(actor, organization_id),
        name=payload.name,
        domains=payload.domains,
    )
