"""Merging, linking and splitting tickets."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samadhan.core.domain_events import DomainEvent, EventType, publish
from samadhan.core.errors import ValidationFailed
from samadhan.core.html import text_to_html
from samadhan.tickets import search
from samadhan.tickets.models import (
    LinkKind,
    Message,
    MessageKind,
    Status,
    Ticket,
    TicketEvent,
    TicketEventKind,
    TicketLink,
    TicketTag,
)
from samadhan.tickets.payloads import ticket_payload
from samadhan.tickets.tags import ticket_tag_names, ticket_tags_set
from samadhan.tickets.timeline import Author, event_record
from samadhan.workspaces.services import workspace_next_ticket_number


@transaction.atomic
def ticket_merge(*, source: Ticket, target: Ticket, author: Author) -> Ticket:
    """Move everything of ``source`` into ``target``; ``source`` closes and points there."""
    if source.pk == target.pk:
        raise ValidationFailed(
            _("A ticket cannot be merged into itself."),
            fields={"target": [str(_("Choose another ticket."))]},
        )
    if source.workspace_id != target.workspace_id:
        raise ValidationFailed(_("Ticket not found."), fields={"target": ["404"]})
    # Lock both rows in id order so two opposite merges cannot deadlock, then
    # check what is true now: the callers' copies may predate a concurrent merge.
    list(Ticket.objects.select_for_update().filter(pk__in=[source.pk, target.pk]).order_by("pk"))
    source.refresh_from_db()
    target.refresh_from_db()
    if source.merged_into_id is not None:
        raise ValidationFailed(_("This ticket was already merged."))
    if target.status == Status.CLOSED or target.merged_into_id is not None:
        raise ValidationFailed(
            _("A closed or merged ticket cannot receive a merge."),
            fields={"target": [str(_("Closed tickets cannot receive a merge."))]},
        )
    message_ids = list(Message.objects.filter(ticket=source).values_list("id", flat=True))
    Message.objects.filter(ticket=source).update(ticket=target)
    TicketEvent.objects.filter(ticket=source).update(ticket=target)
    search.reassign(message_ids=message_ids, ticket_id=target.pk)
    merged_tags = sorted(set(ticket_tag_names(target)) | set(ticket_tag_names(source)))
    ticket_tags_set(ticket=target, names=merged_tags)
    event_record(
        ticket=target,
        kind=TicketEventKind.MERGED_FROM,
        author=author,
        data={"ticket_number": source.number, "message_count": len(message_ids)},
    )
    event_record(
        ticket=source,
        kind=TicketEventKind.MERGED_INTO,
        author=author,
        data={"ticket_number": target.number},
    )
    # A system note keeps the merged ticket readable on its own page. It is stored,
    # so it is written in the workspace's language, not the current request's.
    with translation.override(source.workspace.default_language):
        note = gettext("Merged into #%(number)s") % {"number": target.number}
    Message.objects.create(
        workspace_id=source.workspace_id,
        ticket=source,
        kind=MessageKind.NOTE,
        author_kind=author.kind,
        author_agent=author.agent,
        body_text=note,
        body_html=text_to_html(note),
    )
    source.merged_into = target
    source.status = Status.CLOSED
    source.closed_at = timezone.now()
    source.save()
    target.last_message_at = max(
        filter(None, [target.last_message_at, source.last_message_at]), default=None
    )
    target.save()
    publish(
        DomainEvent(
            type=EventType.TICKET_MERGED,
            workspace_id=target.workspace_id,
            payload={"ticket": ticket_payload(target), "merged_ticket_number": source.number},
        )
    )
    return target


@transaction.atomic
def ticket_link(*, source: Ticket, target: Ticket, kind: LinkKind, author: Author) -> TicketLink:
    if source.pk == target.pk or source.workspace_id != target.workspace_id:
        raise ValidationFailed(
            _("A ticket cannot be linked to itself."),
            fields={"target": [str(_("Choose another ticket."))]},
        )
    link, created = TicketLink.objects.get_or_create(
        workspace_id=source.workspace_id, source=source, target=target, kind=kind
    )
    if created:
        for ticket, other in ((source, target), (target, source)):
            event_record(
                ticket=ticket,
                kind=TicketEventKind.LINKED,
                author=author,
                data={"kind": kind, "ticket_number": other.number},
            )
    return link


@transaction.atomic
def ticket_unlink(*, link: TicketLink, author: Author) -> None:
    for ticket, other in ((link.source, link.target), (link.target, link.source)):
        event_record(
            ticket=ticket,
            kind=TicketEventKind.UNLINKED,
            author=author,
            data={"kind": link.kind, "ticket_number": other.number},
        )
    link.delete()


@transaction.atomic
def message_split(*, ticket: Ticket, message: Message, author: Author) -> Ticket:
    """Move one customer message out into a new ticket of the same contact."""
    if message.ticket_id != ticket.pk:
        raise ValidationFailed(_("Message not found."), fields={"message_id": ["404"]})
    if message.kind != MessageKind.INBOUND:
        raise ValidationFailed(
            _("Only a customer's message can be split into a new ticket."),
            fields={"message_id": [str(_("Not a customer message."))]},
        )
    if ticket.messages.count() < 2:
        raise ValidationFailed(_("A ticket's only message cannot be split off."))
    new_ticket = Ticket.objects.create(
        workspace_id=ticket.workspace_id,
        number=workspace_next_ticket_number(workspace_id=ticket.workspace_id),
        subject=ticket.subject,
        priority=ticket.priority,
        language=ticket.language,
        contact=ticket.contact,
        inbox=ticket.inbox,
        channel=ticket.channel,
        team=ticket.team,
        last_message_at=message.created_at,
    )
    Message.objects.filter(pk=message.pk).update(ticket=new_ticket)
    search.reassign(message_ids=[message.pk], ticket_id=new_ticket.pk)
    search.index_subject(ticket=new_ticket)
    TicketTag.objects.bulk_create(
        [
            TicketTag(ticket=new_ticket, tag_id=t.tag_id)
            for t in TicketTag.objects.filter(ticket=ticket)
        ]
    )
    event_record(ticket=new_ticket, kind=TicketEventKind.CREATED, author=author)
    event_record(
        ticket=new_ticket,
        kind=TicketEventKind.SPLIT_FROM,
        author=author,
        data={"ticket_number": ticket.number, "message_id": message.pk},
    )
    event_record(
        ticket=ticket,
        kind=TicketEventKind.SPLIT_TO,
        author=author,
        data={"ticket_number": new_ticket.number, "message_id": message.pk},
    )
    TicketLink.objects.create(
        workspace_id=ticket.workspace_id, source=ticket, target=new_ticket, kind=LinkKind.RELATED
    )
    publish(
        DomainEvent(
            type=EventType.TICKET_CREATED,
            workspace_id=ticket.workspace_id,
            payload={"ticket": ticket_payload(new_ticket)},
        )
    )
    return new_ticket
