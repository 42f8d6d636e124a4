"""Adding messages to tickets: customer messages, agent replies, internal notes."""

from __future__ import annotations

import hashlib
from typing import IO

import regex
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import Agent, Membership, Role, Team
from samadhan.channels.models import Inbox
from samadhan.contacts.models import Contact
from samadhan.core.conf import max_attachment_bytes
from samadhan.core.domain_events import DomainEvent, EventType, publish
from samadhan.core.errors import AppError, ErrorCode, TooLarge, ValidationFailed
from samadhan.core.html import html_to_text, sanitize_html, text_to_html
from samadhan.tickets import search
from samadhan.tickets.models import (
    ActorKind,
    Attachment,
    LinkKind,
    Message,
    MessageKind,
    Status,
    Ticket,
    TicketEventKind,
    TicketLink,
)
from samadhan.tickets.payloads import message_payload
from samadhan.tickets.timeline import Author, event_record

MAX_BODY_CHARS = 200_000
_MENTION = regex.compile(r"(?<![\p{L}\p{N}@._-])@([a-z0-9][a-z0-9_-]{0,63})", regex.IGNORECASE)
# Executable and script types are refused whatever their extension claims.
BLOCKED_CONTENT_TYPES = {
    "application/x-msdownload",
    "application/x-dosexec",
    "application/x-sh",
    "application/x-executable",
    "application/javascript",
    "text/javascript",
    "application/x-msdos-program",
}
_MIME_TYPE = regex.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$")
BLOCKED_EXTENSIONS = {".exe", ".bat", ".cmd", ".com", ".scr", ".js", ".vbs", ".msi", ".ps1", ".sh"}


def message_body(
    *, body_text: str, body_html: str | None, allow_empty: bool = False
) -> tuple[str, str]:
    """Return (text exactly as given, sanitised HTML); empty only when ``allow_empty``."""
    if body_html:
        html = sanitize_html(body_html)
        text = body_text or html_to_text(html)
    else:
        text = body_text
        html = text_to_html(body_text)
    if not text.strip() and not html.strip() and not allow_empty:
        raise ValidationFailed(
            _("A message needs a body."), fields={"body": [str(_("This field is required."))]}
        )
    if len(text) > MAX_BODY_CHARS or len(html) > 2 * MAX_BODY_CHARS:
        raise TooLarge(
            _("The message is longer than %(max)d characters."),
            params={"max": MAX_BODY_CHARS},
            fields={"body": [str(_("Too long."))]},
        )
    return text, html


def attachment_upload(
    *,
    workspace_id: int,
    uploaded_by: Agent | None,
    filename: str,
    content_type: str,
    stream: IO[bytes],
    size: int,
) -> Attachment:
    limit = max_attachment_bytes()
    if size > limit:
        raise TooLarge(
            _("The file is larger than %(max)d bytes."),
            params={"max": limit},
            fields={"file": [str(_("Too large."))]},
        )
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1] or "file"
    # Judged on the whole name, and kept when a long name is cut: "a…a.exe" stays
    # an .exe (refused), it does not become an extensionless "a…a".
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if len(name) > 255:
        keep = name[-len(extension) :] if 0 < len(extension) < 16 else ""
        name = name[: 255 - len(keep)] + keep
    content_type = (content_type or "application/octet-stream").split(";")[0].strip().lower()
    if not _MIME_TYPE.match(content_type):
        # Whatever a client claims beyond a plain type/subtype is not kept.
        content_type = "application/octet-stream"
    if content_type in BLOCKED_CONTENT_TYPES or extension in BLOCKED_EXTENSIONS:
        raise AppError(
            _("Files of this type are not accepted."),
            code=ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            fields={"file": [str(_("Type not allowed."))]},
        )
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(_("The file is larger than %(max)d bytes."), params={"max": limit})
    digest = hashlib.sha256(data).hexdigest()
    attachment = Attachment(
        workspace_id=workspace_id,
        uploaded_by=uploaded_by,
        filename=name,
        content_type=content_type,
        size=len(data),
        sha256=digest,
    )
    attachment.file.save(digest, ContentFile(data), save=False)
    attachment.save()
    return attachment


def attachments_claim(*, workspace_id: int, message: Message, ids: list[int]) -> None:
    claimed = Attachment.objects.filter(
        workspace_id=workspace_id, pk__in=ids, message__isnull=True
    ).update(message=message)
    if claimed != len(set(ids)):
        raise ValidationFailed(
            _("Some attachments do not exist or are already used."),
            fields={"attachment_ids": [str(_("Unknown or used attachment."))]},
        )


def _mentioned_agents(ticket: Ticket, text: str) -> list[Agent]:
    handles = {m.lower() for m in _MENTION.findall(text)}
    if not handles:
        return []
    memberships = Membership.objects.filter(
        workspace_id=ticket.workspace_id,
        is_active=True,
        agent__handle__in=handles,
        agent__is_active=True,
    ).select_related("agent")
    team_member_ids: set[int] = set()
    if ticket.team_id is not None:
        team_member_ids = set(
            Team.members.through.objects.filter(team_id=ticket.team_id).values_list(
                "agent_id", flat=True
            )
        )
    # Only agents who can see the ticket: collaborators only on their teams' tickets.
    return [
        m.agent for m in memberships if m.role != Role.COLLABORATOR or m.agent_id in team_member_ids
    ]


@transaction.atomic
def message_create(
    *,
    ticket: Ticket,
    author: Author,
    kind: MessageKind,
    body_text: str = "",
    body_html: str | None = None,
    contact: Contact | None = None,
    inbox: Inbox | None = None,
    external_id: str | None = None,
    attachment_ids: list[int] | None = None,
) -> Message:
    """Add a message and move the ticket along as a help desk would.

    An agent's first public reply sets ``first_response_at`` and a new
    ticket becomes open; a customer's message reopens a solved ticket and
    brings a pending or on-hold one back to open. A customer's message on a
    merged ticket goes to the ticket it was merged into; one on a closed
    ticket starts a linked follow-up ticket instead.
    """
    if kind == MessageKind.INBOUND and author.kind != ActorKind.CONTACT:
        raise ValidationFailed(_("Only a contact writes inbound messages."))
    if kind == MessageKind.OUTBOUND and author.kind == ActorKind.CONTACT:
        raise ValidationFailed(_("A contact cannot write an outbound reply."))
    if kind == MessageKind.INBOUND and ticket.merged_into_id is not None:
        ticket = _merge_target(ticket)
    if ticket.status == Status.CLOSED and kind == MessageKind.INBOUND:
        return _follow_up(
            ticket=ticket,
            author=author,
            body_text=body_text,
            body_html=body_html,
            inbox=inbox,
            external_id=external_id,
            attachment_ids=attachment_ids,
        )
    # A message may be only attachments (a photo of the damaged parcel).
    text, html = message_body(
        body_text=body_text, body_html=body_html, allow_empty=bool(attachment_ids)
    )
    message = Message.objects.create(
        workspace_id=ticket.workspace_id,
        ticket=ticket,
        kind=kind,
        author_kind=author.kind,
        author_agent=author.agent,
        author_contact=(contact or ticket.contact) if kind == MessageKind.INBOUND else None,
        body_text=text,
        body_html=html,
        inbox=inbox,
        external_id=external_id,
    )
    if attachment_ids:
        attachments_claim(workspace_id=ticket.workspace_id, message=message, ids=attachment_ids)
    _advance_ticket(ticket, message, author)
    search.index_entries([(ticket.workspace_id, ticket.pk, message.pk, text)])
    if kind == MessageKind.NOTE:
        _notify_mentions(ticket, message, author, text)
    publish(
        DomainEvent(
            type=EventType.MESSAGE_CREATED,
            workspace_id=ticket.workspace_id,
            payload={"message": message_payload(message)},
        )
    )
    return message


MAX_MERGE_HOPS = 20


def _merge_target(ticket: Ticket) -> Ticket:
    """The ticket a merged ticket now lives in: a customer's reply threads there."""
    for _hop in range(MAX_MERGE_HOPS):
        if ticket.merged_into_id is None:
            break
        ticket = Ticket.objects.select_related("contact", "workspace").get(
            workspace_id=ticket.workspace_id, pk=ticket.merged_into_id
        )
    return ticket


def _advance_ticket(ticket: Ticket, message: Message, author: Author) -> None:
    from samadhan.tickets.services.ticket import TicketChanges, ticket_update

    # The message's own time, so first response and last message match the timeline.
    now = message.created_at
    update_fields = ["last_message_at", "updated_at"]
    ticket.last_message_at = now
    first_reply = message.kind == MessageKind.OUTBOUND and ticket.first_response_at is None
    if first_reply and author.kind in (ActorKind.AGENT, ActorKind.BOT):
        ticket.first_response_at = now
        update_fields.append("first_response_at")
    current = Status(ticket.status)
    reopens = message.kind == MessageKind.INBOUND and current in (
        Status.SOLVED,
        Status.PENDING,
        Status.ON_HOLD,
    )
    if (message.kind == MessageKind.OUTBOUND and current == Status.NEW) or reopens:
        # ticket_update saves the ticket (times above included), records the
        # change and counts a reopen: one write, not two.
        ticket_update(ticket=ticket, author=author, changes=TicketChanges(status=Status.OPEN))
    else:
        ticket.save(update_fields=update_fields)


def _notify_mentions(ticket: Ticket, message: Message, author: Author, text: str) -> None:
    from samadhan.notifications.services import notify_mention

    agents = [a for a in _mentioned_agents(ticket, text) if a != author.agent]
    if not agents:
        return
    event_record(
        ticket=ticket,
        kind=TicketEventKind.MENTION,
        author=author,
        data={"agent_ids": [a.pk for a in agents], "message_id": message.pk},
    )
    for agent in agents:
        notify_mention(agent=agent, ticket=ticket, message=message, by=author.agent)
        publish(
            DomainEvent(
                type=EventType.AGENT_MENTIONED,
                workspace_id=ticket.workspace_id,
                payload={
                    "agent_id": agent.pk,
                    "ticket_number": ticket.number,
                    "message_id": message.pk,
                    "by_agent_id": author.agent.pk if author.agent else None,
                },
            )
        )


def _follow_up(
    *,
    ticket: Ticket,
    author: Author,
    body_text: str,
    body_html: str | None,
    inbox: Inbox | None,
    external_id: str | None,
    attachment_ids: list[int] | None,
) -> Message:
    from samadhan.tickets.services.ticket import ticket_create

    new_ticket = ticket_create(
        workspace=ticket.workspace,
        author=author,
        contact=ticket.contact,
        subject=ticket.subject,
        body_text=body_text,
        body_html=body_html,
        language=ticket.language,
        inbox=inbox or ticket.inbox,
        team_id=ticket.team_id,
        external_id=external_id,
        attachment_ids=attachment_ids,
        require_custom_fields=False,
    )
    TicketLink.objects.create(
        workspace_id=ticket.workspace_id, source=ticket, target=new_ticket, kind=LinkKind.FOLLOW_UP
    )
    # Both timelines say where the conversation went on, as ticket_link does.
    for this, other in ((new_ticket, ticket), (ticket, new_ticket)):
        event_record(
            ticket=this,
            kind=TicketEventKind.LINKED,
            author=author,
            data={"kind": LinkKind.FOLLOW_UP, "ticket_number": other.number},
        )
    return new_ticket.messages.get()
