"""API input and output shapes for tickets, messages and macros."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field, model_validator

from samadhan.api.types import LanguageCode, ObjectId, StrictIn
from samadhan.tickets.models import Message, Priority, Status, Ticket, TicketEvent


class Ref(Schema):
    id: int
    name: str


# OpenAPI names components after classes: contacts.api has its own ContactIn.
class TicketContactIn(StrictIn):
    """Who the ticket is from: an email, a phone or a name."""

    email: str | None = Field(None, max_length=320)
    phone: str | None = Field(None, max_length=40)
    name: str | None = Field(None, max_length=200)

    @model_validator(mode="after")
    def _one_of(self) -> TicketContactIn:
        if not (self.email or self.phone or (self.name and self.name.strip())):
            raise ValueError(_("Give an email, a phone or a name."))
        return self


class TicketCreateIn(StrictIn):
    subject: str = Field(..., min_length=1, max_length=500)
    body: str = Field("", max_length=200_000)
    body_html: str | None = Field(None, max_length=400_000)
    contact: TicketContactIn
    priority: Priority = Priority.NORMAL
    tags: list[str] = Field(default_factory=list, max_length=50)
    custom_fields: dict[str, Any] = Field(default_factory=dict)
    language: str = Field("", max_length=16)
    assignee_id: int | None = Field(None, ge=1, le=2**62)
    team_id: int | None = Field(None, ge=1, le=2**62)
    attachment_ids: list[ObjectId] = Field(default_factory=list, max_length=20)


class TicketPatchIn(StrictIn):
    subject: str | None = Field(None, min_length=1, max_length=500)
    status: Status | None = None
    priority: Priority | None = None
    language: str | None = Field(None, max_length=16)
    assignee_id: int | None = Field(None, ge=1, le=2**62)
    team_id: int | None = Field(None, ge=1, le=2**62)
    tags: list[str] | None = Field(None, max_length=50)
    add_tags: list[str] | None = Field(None, max_length=50)
    remove_tags: list[str] | None = Field(None, max_length=50)
    custom_fields: dict[str, Any] | None = None
    escalation_level: int | None = Field(None, ge=0, le=10)


class TicketOut(Schema):
    id: int
    number: int
    subject: str
    status: Status
    priority: Priority
    language: str
    channel: str
    contact: Ref
    assignee: Ref | None
    team: Ref | None
    tags: list[str]
    custom_fields: dict[str, Any]
    first_response_at: datetime | None
    solved_at: datetime | None
    reopened_count: int
    escalation_level: int
    merged_into_id: int | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_contact(obj: Ticket) -> dict[str, Any]:
        return {"id": obj.contact_id, "name": obj.contact.name}

    @staticmethod
    def resolve_assignee(obj: Ticket) -> dict[str, Any] | None:
        return {"id": obj.assignee.pk, "name": obj.assignee.name} if obj.assignee else None

    @staticmethod
    def resolve_team(obj: Ticket) -> dict[str, Any] | None:
        return {"id": obj.team.pk, "name": obj.team.name} if obj.team else None

    @staticmethod
    def resolve_tags(obj: Ticket) -> list[str]:
        return sorted(t.name for t in obj.tags.all())


class TicketPageOut(Schema):
    items: list[TicketOut]
    next_cursor: str | None


class MessageCreateIn(StrictIn):
    body: str = Field("", max_length=200_000)
    body_html: str | None = Field(None, max_length=400_000)
    # reply: to the customer; note: internal; inbound: the customer's own message
    # arriving through an integration.
    kind: Literal["reply", "note", "inbound"] = "reply"
    attachment_ids: list[ObjectId] = Field(default_factory=list, max_length=20)


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int


class MessageOut(Schema):
    id: int
    kind: str
    author_kind: str
    author_agent_id: int | None
    author_contact_id: int | None
    body_text: str
    body_html: str
    delivery_status: str
    attachments: list[AttachmentOut]
    created_at: datetime

    @staticmethod
    def resolve_attachments(obj: Message) -> list[Any]:
        return list(obj.attachments.all())


class EventOut(Schema):
    id: int
    kind: str
    actor_kind: str
    actor_agent_id: int | None
    data: dict[str, Any]
    created_at: datetime

    @staticmethod
    def resolve_data(obj: TicketEvent) -> dict[str, Any]:
        return dict(obj.data)


class MergeIn(StrictIn):
    target: int = Field(..., ge=1, le=2**62, description="number of the ticket to merge into")


class LinkIn(StrictIn):
    target: int = Field(..., ge=1, le=2**62)
    kind: Literal["related", "parent_child"] = "related"


class LinkOut(Schema):
    id: int
    kind: str
    source_number: int
    target_number: int


class MacroIn(StrictIn):
    name: str = Field(..., min_length=1, max_length=120)
    actions: dict[str, Any] = Field(default_factory=dict)
    texts: dict[LanguageCode, str] = Field(default_factory=dict)


class MacroOut(Schema):
    id: int
    name: str
    actions: dict[str, Any]
    texts: dict[str, str]

    @staticmethod
    def resolve_texts(obj: Any) -> dict[str, str]:
        return {t.language: t.body for t in obj.translations.all()}


class MacroApplyOut(Schema):
    ticket: TicketOut
    message: MessageOut | None


class CustomFieldIn(StrictIn):
    key: str = Field(..., min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")
    label: str = Field(..., min_length=1, max_length=120)
    field_type: Literal["text", "number", "date", "dropdown", "checkbox"]
    options: list[dict[str, str]] = Field(default_factory=list, max_length=200)
    required: bool = False


class CustomFieldOut(Schema):
    id: int
    key: str
    label: str
    field_type: str
    options: list[dict[str, Any]]
    required: bool
