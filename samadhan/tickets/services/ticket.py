"""Creating tickets and changing their properties."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import Agent, Membership, Team
from samadhan.channels.models import Inbox
from samadhan.contacts.models import Contact
from samadhan.core.domain_events import DomainEvent, EventType, publish
from samadhan.core.errors import InvalidTransition, ValidationFailed
from samadhan.tickets import search
from samadhan.tickets.custom_fields import validate_custom_fields
from samadhan.tickets.models import (
    ActorKind,
    Message,
    MessageKind,
    Priority,
    Status,
    Ticket,
    TicketEvent,
    TicketEventKind,
    TicketTag,
)
from samadhan.tickets.payloads import ticket_payload
from samadhan.tickets.services.message import attachments_claim, message_body
from samadhan.tickets.status import can_transition, is_reopen
from samadhan.tickets.tags import (
    normalize_tags,
    tags_resolve,
    ticket_tag_names,
    ticket_tags_set,
)
from samadhan.tickets.timeline import Author, event_build, event_record
from samadhan.workspaces.models import Workspace
from samadhan.workspaces.services import workspace_next_ticket_number

MAX_SUBJECT = 500


def _clean_subject(subject: str) -> str:
    cleaned = subject.strip()
    if not cleaned:
        raise ValidationFailed(
            _("A subject is required."), fields={"subject": [str(_("This field is required."))]}
        )
    if len(cleaned) > MAX_SUBJECT:
        raise ValidationFailed(
            _("The subject is longer than %(max)d characters."),
            params={"max": MAX_SUBJECT},
            fields={"subject": [str(_("Too long."))]},
        )
    return cleaned


def _check_member(workspace_id: int, agent_id: int | None) -> Agent | None:
    if agent_id is None:
        return None
    membership = (
        Membership.objects.filter(workspace_id=workspace_id, agent_id=agent_id, is_active=True)
        .select_related("agent")
        .first()
    )
    if membership is None:
        raise ValidationFailed(
            _("The assignee is not an agent of this workspace."),
            fields={"assignee_id": [str(_("Unknown agent."))]},
        )
    return membership.agent


def _check_team(workspace_id: int, team_id: int | None) -> Team | None:
    if team_id is None:
        return None
    team = Team.objects.filter(workspace_id=workspace_id, pk=team_id).first()
    if team is None:
        raise ValidationFailed(
            _("The team does not exist in this workspace."),
            fields={"team_id": [str(_("Unknown team."))]},
        )
    return team


@transaction.atomic
def ticket_create(
    *,
    workspace: Workspace,
    author: Author,
    contact: Contact,
    subject: str,
    body_text: str = "",
    body_html: str | None = None,
    priority: Priority = Priority.NORMAL,
    tags: list[str] | None = None,
    custom_fields: dict[str, Any] | None = None,
    language: str = "",
    inbox: Inbox | None = None,
    assignee_id: int | None = None,
    team_id: int | None = None,
    attachment_ids: list[int] | None = None,
    external_id: str | None = None,
    require_custom_fields: bool = True,
) -> Ticket:
    """Open a ticket with the customer's first message.

    The first message is the contact's (inbound); tickets an agent starts
    towards a customer use ``author`` of kind agent and get an outbound message.
    Channels pass ``require_custom_fields=False``: a customer writing in cannot
    fill agents' required fields, and their message must never be refused for it.
    """
    subject = _clean_subject(subject)
    text, html = message_body(body_text=body_text, body_html=body_html)
    tag_names = normalize_tags(tags or [])
    fields = validate_custom_fields(
        workspace_id=workspace.pk, values=custom_fields or {}, require=require_custom_fields
    )
    assignee = _check_member(workspace.pk, assignee_id)
    team = _check_team(workspace.pk, team_id)
    if contact.workspace_id != workspace.pk:
        raise ValidationFailed(_("Contact not found."), fields={"contact": ["404"]})
    if inbox is not None and inbox.workspace_id != workspace.pk:
        raise ValidationFailed(_("Inbox not found."), fields={"inbox": ["404"]})

    now = timezone.now()
    ticket = Ticket.objects.create(
        workspace=workspace,
        number=workspace_next_ticket_number(workspace_id=workspace.pk),
        subject=subject,
        priority=priority,
        language=language or contact.language,
        contact=contact,
        inbox=inbox,
        channel=inbox.kind if inbox else "api",
        assignee=assignee,
        team=team if team is not None else (inbox.default_team if inbox else None),
        custom_fields=fields,
        last_message_at=now,
    )
    from_agent = author.kind == ActorKind.AGENT
    message = Message.objects.create(
        workspace=workspace,
        ticket=ticket,
        kind=MessageKind.OUTBOUND if from_agent else MessageKind.INBOUND,
        author_kind=author.kind,
        author_agent=author.agent,
        author_contact=None if from_agent else contact,
        body_text=text,
        body_html=html,
        inbox=inbox,
        external_id=external_id,
    )
    if attachment_ids:
        attachments_claim(workspace_id=workspace.pk, message=message, ids=attachment_ids)
    event_record(
        ticket=ticket,
        kind=TicketEventKind.CREATED,
        author=author,
        data={"status": ticket.status, "priority": ticket.priority},
    )
    if tag_names:
        TicketTag.objects.bulk_create(
            [
                TicketTag(ticket=ticket, tag=tag)
                for tag in tags_resolve(workspace_id=workspace.pk, names=tag_names)
            ]
        )
    search.index_entries(
        [
            (workspace.pk, ticket.pk, 0, subject),
            (workspace.pk, ticket.pk, message.pk, text),
        ]
    )
    publish(
        DomainEvent(
            type=EventType.TICKET_CREATED,
            workspace_id=workspace.pk,
            payload={"ticket": ticket_payload(ticket, tags=tag_names)},
        )
    )
    return ticket


@dataclass(frozen=True, kw_only=True)
class TicketChanges:
    """What to change; ``None`` (or ``UNSET`` for nullable ids) leaves a property alone."""

    subject: str | None = None
    status: Status | None = None
    priority: Priority | None = None
    language: str | None = None
    assignee_id: int | None = None
    set_assignee: bool = False
    team_id: int | None = None
    set_team: bool = False
    tags: list[str] | None = None
    add_tags: list[str] | None = None
    remove_tags: list[str] | None = None
    custom_fields: dict[str, Any] | None = None
    escalation_level: int | None = None


def _status_change(ticket: Ticket, new: Status, author: Author, events: list[Any]) -> None:
    current = Status(ticket.status)
    if new == current:
        return
    if not can_transition(current, new):
        raise InvalidTransition(
            _("A %(current)s ticket cannot become %(new)s."),
            params={"current": current.label, "new": new.label},
            fields={"status": [str(_("Not allowed from the current status."))]},
        )
    now = timezone.now()
    if is_reopen(current, new):
        ticket.reopened_count += 1
        ticket.solved_at = None
        events.append(event_build(ticket=ticket, kind=TicketEventKind.REOPENED, author=author))
    if new == Status.SOLVED:
        ticket.solved_at = now
    if new == Status.CLOSED:
        ticket.closed_at = now
        ticket.solved_at = ticket.solved_at or now
    ticket.status = new
    events.append(
        event_build(
            ticket=ticket,
            kind=TicketEventKind.STATUS_CHANGED,
            author=author,
            data={"from": current, "to": new},
        )
    )


@transaction.atomic
def ticket_update(*, ticket: Ticket, author: Author, changes: TicketChanges) -> Ticket:
    """Apply ``changes``, writing one timeline row per property that changed."""
    if ticket.status == Status.CLOSED and changes != TicketChanges():
        only_tags = changes.tags is not None or changes.add_tags or changes.remove_tags
        if not only_tags or changes.status is not None:
            raise InvalidTransition(
                _("A closed ticket cannot be changed; reply to it to open a follow-up."),
                fields={"status": [str(_("Ticket is closed."))]},
            )
    events: list[TicketEvent] = []

    def changed(kind: TicketEventKind, old: Any, new: Any) -> None:
        events.append(
            event_build(ticket=ticket, kind=kind, author=author, data={"from": old, "to": new})
        )

    _properties_change(ticket, changes, changed)
    if changes.custom_fields is not None:
        merged = validate_custom_fields(
            workspace_id=ticket.workspace_id,
            values=changes.custom_fields,
            existing=ticket.custom_fields,
        )
        if merged != ticket.custom_fields:
            changed(TicketEventKind.FIELD_CHANGED, ticket.custom_fields, merged)
            ticket.custom_fields = merged
    if changes.tags is not None or changes.add_tags or changes.remove_tags:
        _tags_change(ticket, changes, author, events)
    if changes.status is not None:
        _status_change(ticket, changes.status, author, events)
    if events:
        ticket.save()
        TicketEvent.objects.bulk_create(events)
        publish(
            DomainEvent(
                type=EventType.TICKET_UPDATED,
                workspace_id=ticket.workspace_id,
                payload={
                    "ticket": ticket_payload(ticket),
                    "changes": [{"kind": e.kind, **e.data} for e in events],
                },
            )
        )
    return ticket


def _properties_change(
    ticket: Ticket, changes: TicketChanges, changed: Callable[[TicketEventKind, Any, Any], None]
) -> None:
    if changes.subject is not None:
        subject = _clean_subject(changes.subject)
        if subject != ticket.subject:
            changed(TicketEventKind.SUBJECT_CHANGED, ticket.subject, subject)
            ticket.subject = subject
            search.index_subject(ticket=ticket)
    if changes.priority is not None and changes.priority != ticket.priority:
        changed(TicketEventKind.PRIORITY_CHANGED, ticket.priority, changes.priority)
        ticket.priority = changes.priority
    if changes.language is not None and changes.language != ticket.language:
        changed(TicketEventKind.LANGUAGE_CHANGED, ticket.language, changes.language)
        ticket.language = changes.language
    if changes.set_assignee and changes.assignee_id != ticket.assignee_id:
        _check_member(ticket.workspace_id, changes.assignee_id)
        changed(TicketEventKind.ASSIGNEE_CHANGED, ticket.assignee_id, changes.assignee_id)
        ticket.assignee_id = changes.assignee_id
    if changes.set_team and changes.team_id != ticket.team_id:
        _check_team(ticket.workspace_id, changes.team_id)
        changed(TicketEventKind.TEAM_CHANGED, ticket.team_id, changes.team_id)
        ticket.team_id = changes.team_id
    if changes.escalation_level is not None and changes.escalation_level != ticket.escalation_level:
        # Lowering is a change too: without its own row it was never saved.
        kind = (
            TicketEventKind.ESCALATED
            if changes.escalation_level > ticket.escalation_level
            else TicketEventKind.DEESCALATED
        )
        changed(kind, ticket.escalation_level, changes.escalation_level)
        ticket.escalation_level = changes.escalation_level


def _tags_change(ticket: Ticket, changes: TicketChanges, author: Author, events: list[Any]) -> None:
    current = ticket_tag_names(ticket)
    if changes.tags is not None:
        wanted = normalize_tags(changes.tags)
    else:
        removing = set(normalize_tags(changes.remove_tags or []))
        wanted = [t for t in current if t not in removing]
        wanted += [t for t in normalize_tags(changes.add_tags or []) if t not in wanted]
        wanted = normalize_tags(wanted)
    added, removed = ticket_tags_set(ticket=ticket, names=wanted)
    if added or removed:
        events.append(
            event_build(
                ticket=ticket,
                kind=TicketEventKind.TAGS_CHANGED,
                author=author,
                data={"added": added, "removed": removed},
            )
        )


def ticket_escalate(*, ticket: Ticket, author: Author) -> Ticket:
    return ticket_update(
        ticket=ticket,
        author=author,
        changes=TicketChanges(escalation_level=ticket.escalation_level + 1),
    )
