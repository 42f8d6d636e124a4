"""Ticket endpoints: thin — parse, authorize by fetching, call one service."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import AwareDatetime, Field, field_validator

from samadhan.accounts.access import Actor, require_role
from samadhan.accounts.models import Role
from samadhan.api.auth import actor_of
from samadhan.channels.services import inbox_default_api
from samadhan.contacts.services import contact_find_or_create
from samadhan.core.errors import NotFound, ValidationFailed
from samadhan.tickets import selectors
from samadhan.tickets.access import (
    access_attachment,
    access_macro,
    access_ticket,
    require_can_edit,
    tickets_visible_to,
)
from samadhan.tickets.downloads import attachment_response
from samadhan.tickets.models import (
    Attachment,
    CustomField,
    FieldType,
    LinkKind,
    MessageKind,
)
from samadhan.tickets.models import Status as TicketStatus
from samadhan.tickets.schemas import (
    AttachmentOut,
    CustomFieldIn,
    CustomFieldOut,
    EventOut,
    LinkIn,
    LinkOut,
    MacroApplyOut,
    MacroIn,
    MacroOut,
    MergeIn,
    MessageCreateIn,
    MessageOut,
    TicketCreateIn,
    TicketOut,
    TicketPageOut,
    TicketPatchIn,
)
from samadhan.tickets.services.custom_field import custom_field_create
from samadhan.tickets.services.macro import macro_apply, macro_create
from samadhan.tickets.services.merge import message_split, ticket_link, ticket_merge
from samadhan.tickets.services.message import attachment_upload, message_create
from samadhan.tickets.services.ticket import TicketChanges, ticket_create, ticket_update
from samadhan.tickets.timeline import CONTACT_AUTHOR, Author

router = Router(tags=["tickets"])
TicketNumber = int


def _reload(request: HttpRequest, number: int) -> Any:
    """The ticket as the list would show it (relations and tags loaded)."""
    actor = actor_of(request)
    page = tickets_visible_to(actor).filter(number=number)
    return page.select_related("contact", "assignee", "team").prefetch_related("tags").get()


class TicketListQuery(Schema):
    status: list[TicketStatus] | None = Field(None, description="repeat for several")
    assignee: str | None = Field(
        None, description="me, none or an agent id", pattern=r"^(me|none|[1-9][0-9]{0,17})$"
    )
    team: int | None = Field(None, ge=1, le=2**62)
    tag: str | None = Field(None, max_length=64)
    contact: int | None = Field(None, ge=1, le=2**62)
    language: str | None = Field(None, max_length=16)
    updated_since: AwareDatetime | None = Field(None, description="with a time zone offset")
    q: str | None = Field(None, max_length=500)
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(25, ge=1, le=100)

    @field_validator("updated_since")
    @classmethod
    def _in_utc(cls, value: datetime | None) -> datetime | None:
        # The database compares in UTC; 0001-01-01T00:00+14:00 has no UTC value.
        try:
            return value.astimezone(UTC) if value else None
        except OverflowError:
            raise ValueError(_("The date is out of range.")) from None


def _own_uploads(actor: Actor, ids: list[int]) -> list[int]:
    """``ids`` if they are all the actor's own pending uploads.

    Until it is sent, an upload is its uploader's alone (see ``_attachment_for``);
    attaching someone else's would let anyone read it.
    """
    if ids:
        mine = Attachment.objects.filter(
            workspace_id=actor.workspace_id,
            pk__in=ids,
            uploaded_by=actor.agent,
            message__isnull=True,
        ).count()
        if mine != len(set(ids)):
            raise ValidationFailed(
                _("Some attachments do not exist or are already used."),
                fields={"attachment_ids": [str(_("Unknown or used attachment."))]},
            )
    return ids


@router.get("/tickets", response=TicketPageOut)
def list_tickets(request: HttpRequest, query: Query[TicketListQuery]) -> Any:
    page = selectors.ticket_page(
        actor=actor_of(request),
        filters=selectors.TicketFilters(
            status=[str(s) for s in query.status] if query.status else None,
            assignee=query.assignee,
            team_id=query.team,
            tag=query.tag,
            contact_id=query.contact,
            language=query.language,
            updated_since=query.updated_since,
            q=query.q,
        ),
        cursor=query.cursor,
        limit=query.limit,
    )
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.post("/tickets", response={201: TicketOut})
def create_ticket(request: HttpRequest, payload: TicketCreateIn) -> Any:
    actor = actor_of(request)
    require_can_edit(actor)
    with transaction.atomic():
        contact = contact_find_or_create(
            workspace=actor.workspace,
            email=payload.contact.email,
            phone=payload.contact.phone,
            name=payload.contact.name or "",
            language=payload.language,
        )
        ticket = ticket_create(
            workspace=actor.workspace,
            author=CONTACT_AUTHOR,
            contact=contact,
            subject=payload.subject,
            body_text=payload.body,
            body_html=payload.body_html,
            priority=payload.priority,
            tags=payload.tags,
            custom_fields=payload.custom_fields,
            language=payload.language,
            inbox=inbox_default_api(workspace=actor.workspace),
            assignee_id=payload.assignee_id,
            team_id=payload.team_id,
            attachment_ids=_own_uploads(actor, payload.attachment_ids),
        )
    # The service returns the ticket with its contact, assignee and team loaded.
    return Status(201, ticket)


@router.get("/tickets/{number}", response=TicketOut)
def get_ticket(request: HttpRequest, number: TicketNumber) -> Any:
    access_ticket(actor_of(request), number)
    return _reload(request, number)


@router.patch("/tickets/{number}", response=TicketOut)
def update_ticket(request: HttpRequest, number: TicketNumber, payload: TicketPatchIn) -> Any:
    actor = actor_of(request)
    require_can_edit(actor)
    given = payload.model_fields_set
    with transaction.atomic():
        ticket = access_ticket(actor, number, for_update=True)
        ticket_update(
            ticket=ticket,
            author=Author.of_agent(actor.agent),
            changes=TicketChanges(
                subject=payload.subject,
                status=payload.status,
                priority=payload.priority,
                language=payload.language,
                assignee_id=payload.assignee_id,
                set_assignee="assignee_id" in given,
                team_id=payload.team_id,
                set_team="team_id" in given,
                tags=payload.tags,
                add_tags=payload.add_tags,
                remove_tags=payload.remove_tags,
                custom_fields=payload.custom_fields,
                escalation_level=payload.escalation_level,
            ),
        )
    return ticket


@router.get("/tickets/{number}/messages", response=list[MessageOut])
def list_messages(request: HttpRequest, number: TicketNumber) -> Any:
    actor = actor_of(request)
    return selectors.message_list(actor=actor, ticket=access_ticket(actor, number))


_KINDS = {"reply": MessageKind.OUTBOUND, "note": MessageKind.NOTE, "inbound": MessageKind.INBOUND}


@router.post("/tickets/{number}/messages", response={201: MessageOut})
def create_message(request: HttpRequest, number: TicketNumber, payload: MessageCreateIn) -> Any:
    actor = actor_of(request)
    if payload.kind != "note":
        require_can_edit(actor)
    with transaction.atomic():
        ticket = access_ticket(actor, number, for_update=True)
        inbound = payload.kind == "inbound"
        message = message_create(
            ticket=ticket,
            author=CONTACT_AUTHOR if inbound else Author.of_agent(actor.agent),
            kind=_KINDS[payload.kind],
            body_text=payload.body,
            body_html=payload.body_html,
            attachment_ids=_own_uploads(actor, payload.attachment_ids),
        )
    return Status(
        201, selectors.message_list(actor=actor, ticket=message.ticket).get(pk=message.pk)
    )


@router.get("/tickets/{number}/events", response=list[EventOut])
def list_events(request: HttpRequest, number: TicketNumber) -> Any:
    actor = actor_of(request)
    return selectors.event_list(actor=actor, ticket=access_ticket(actor, number))


@router.post("/tickets/{number}/merge", response=TicketOut)
def merge_ticket(request: HttpRequest, number: TicketNumber, payload: MergeIn) -> Any:
    actor = actor_of(request)
    require_can_edit(actor)
    with transaction.atomic():
        source = access_ticket(actor, number)
        target = access_ticket(actor, payload.target)
        ticket_merge(source=source, target=target, author=Author.of_agent(actor.agent))
    return _reload(request, payload.target)


@router.post("/tickets/{number}/links", response={201: LinkOut})
def link_ticket(request: HttpRequest, number: TicketNumber, payload: LinkIn) -> Any:
    actor = actor_of(request)
    require_can_edit(actor)
    source = access_ticket(actor, number)
    target = access_ticket(actor, payload.target)
    link = ticket_link(
        source=source,
        target=target,
        kind=LinkKind(payload.kind),
        author=Author.of_agent(actor.agent),
    )
    return Status(
        201,
        {
            "id": link.pk,
            "kind": link.kind,
            "source_number": source.number,
            "target_number": target.number,
        },
    )


@router.get("/tickets/{number}/links", response=list[LinkOut])
def list_links(request: HttpRequest, number: TicketNumber) -> Any:
    actor = actor_of(request)
    ticket = access_ticket(actor, number)
    visible = tickets_visible_to(actor)
    links = selectors.link_list(actor=actor, ticket=ticket)
    numbers = dict(
        visible.filter(
            pk__in={pk for link in links for pk in (link.source_id, link.target_id)}
        ).values_list("pk", "number")
    )
    return [
        {
            "id": link.pk,
            "kind": link.kind,
            "source_number": numbers[link.source_id],
            "target_number": numbers[link.target_id],
        }
        for link in links
        if link.source_id in numbers and link.target_id in numbers
    ]


@router.post("/tickets/{number}/messages/{message_id}/split", response={201: TicketOut})
def split_message(request: HttpRequest, number: TicketNumber, message_id: int) -> Any:
    actor = actor_of(request)
    require_can_edit(actor)
    with transaction.atomic():
        ticket = access_ticket(actor, number, for_update=True)
        message = ticket.messages.filter(pk=message_id).first()
        if message is None:
            raise NotFound(_("Message not found."))
        new_ticket = message_split(
            ticket=ticket, message=message, author=Author.of_agent(actor.agent)
        )
    return Status(201, _reload(request, new_ticket.number))


@router.post("/uploads", response={201: AttachmentOut})
def upload(request: HttpRequest, file: File[UploadedFile]) -> Any:
    actor = actor_of(request)
    attachment = attachment_upload(
        workspace_id=actor.workspace_id,
        uploaded_by=actor.agent,
        filename=file.name or "file",
        content_type=file.content_type or "application/octet-stream",
        stream=file,
        size=file.size or 0,
    )
    return Status(201, attachment)


@router.get("/macros", response=list[MacroOut])
def list_macros(request: HttpRequest) -> Any:
    return selectors.macro_list(actor=actor_of(request))


@router.post("/macros", response={201: MacroOut})
def create_macro(request: HttpRequest, payload: MacroIn) -> Any:
    actor = actor_of(request)
    require_role(actor, Role.MANAGER)
    macro = macro_create(
        workspace=actor.workspace,
        name=payload.name,
        actions=payload.actions,
        texts=payload.texts,
        by=actor.agent,
    )
    return Status(201, access_macro(actor, macro.pk))


@router.post("/tickets/{number}/macros/{macro_id}", response=MacroApplyOut)
def apply_macro(request: HttpRequest, number: TicketNumber, macro_id: int) -> Any:
    actor = actor_of(request)
    require_can_edit(actor)
    with transaction.atomic():
        ticket = access_ticket(actor, number, for_update=True)
        macro = access_macro(actor, macro_id)
        message = macro_apply(macro=macro, ticket=ticket, agent=actor.agent)
    return {
        "ticket": _reload(request, number),
        "message": selectors.message_list(actor=actor, ticket=ticket).get(pk=message.pk)
        if message
        else None,
    }


@router.get("/custom-fields", response=list[CustomFieldOut])
def list_custom_fields(request: HttpRequest) -> Any:
    actor = actor_of(request)
    return CustomField.objects.filter(workspace_id=actor.workspace_id, is_active=True).order_by(
        "position", "id"
    )


@router.post("/custom-fields", response={201: CustomFieldOut})
def create_custom_field(request: HttpRequest, payload: CustomFieldIn) -> Any:
    actor = actor_of(request)
    require_role(actor, Role.ADMIN)
    field = custom_field_create(
        workspace=actor.workspace,
        key=payload.key,
        label=payload.label,
        field_type=FieldType(payload.field_type),
        options=payload.options,
        required=payload.required,
        by=actor.agent,
    )
    return Status(201, field)


def _attachment_for(request: HttpRequest, attachment_id: int) -> Attachment:
    return access_attachment(actor_of(request), attachment_id)


@router.get("/attachments/{attachment_id}")
def download_attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    return attachment_response(_attachment_for(request, attachment_id))
