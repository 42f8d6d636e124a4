"""Auto-acknowledgement: a new ticket from a customer's mail is answered with its number.

In the ticket's language, never to robots (auto-replies, bulk, lists, bounces), at
most ``AUTO_ACK_PER_CONTACT`` per contact in ``AUTO_ACK_WINDOW``; sent by the same
outbound path as agents' replies.
"""

from __future__ import annotations

from datetime import timedelta
from email.message import Message as MimeMessage
from email.parser import BytesParser
from email.policy import default as default_policy

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samadhan.channels.email.models import EmailSettings, RawEmail
from samadhan.channels.email.noise import is_automated
from samadhan.channels.email.outbound import (
    contact_email,
    email_settings_for_ticket,
    message_external_id_assign,
)
from samadhan.core.html import text_to_html
from samadhan.tickets.models import AuthorKind, DeliveryStatus, Message, MessageKind, Ticket

AUTO_ACK_PER_CONTACT = 3
AUTO_ACK_WINDOW = timedelta(hours=1)


def _first_mail_headers(ticket: Ticket, first: Message) -> MimeMessage | None:
    raw = (
        RawEmail.objects.filter(workspace_id=ticket.workspace_id, result_message=first)
        .order_by("id")
        .first()
    )
    if raw is None or not raw.file:
        return None
    with raw.file.open("rb") as handle:
        return BytesParser(policy=default_policy).parse(handle, headersonly=True)


def auto_acknowledgement_text(ticket: Ticket, settings: EmailSettings) -> str:
    """The acknowledgement in the ticket's language (the caller activates it)."""
    name = ticket.contact.name or ""
    number = f"{settings.subject_prefix}{ticket.number}"
    greeting = _("Hello %(name)s,") % {"name": name} if name else _("Hello,")
    body = _(
        "We have received your message and will answer as soon as we can. "
        "Your request number is %(number)s; please keep it in the subject when you write "
        "about this request."
    ) % {"number": number}
    return f"{greeting}\n\n{body}"


def _acknowledgement_wanted(ticket: Ticket, settings: EmailSettings) -> bool:
    if not settings.auto_acknowledge:
        return False
    to = contact_email(ticket)
    if to is None or to.lower() == settings.address.lower():
        return False
    first = (
        Message.objects.filter(workspace_id=ticket.workspace_id, ticket=ticket)
        .order_by("created_at", "id")
        .first()
    )
    if first is None or first.kind != MessageKind.INBOUND:
        return False
    headers = _first_mail_headers(ticket, first)
    return headers is None or not is_automated(headers)


def auto_acknowledgement_create(*, ticket_id: int) -> Message | None:
    """Create the acknowledgement for a new ticket from a customer's mail, if it is due.

    Not when the inbox does not acknowledge, the first message is not the customer's,
    the mail was sent by a robot (auto-reply, bulk, list, bounce), the ticket was
    already acknowledged, or the contact had ``AUTO_ACK_PER_CONTACT`` in the window.
    The message is recorded on the ticket without moving its status: no one has looked yet.
    """
    ticket = Ticket.objects.select_related("contact").filter(pk=ticket_id).first()
    settings = email_settings_for_ticket(ticket) if ticket is not None else None
    if ticket is None or settings is None or not _acknowledgement_wanted(ticket, settings):
        return None
    messages = Message.objects.filter(workspace_id=ticket.workspace_id, ticket=ticket)
    with transaction.atomic():
        # Lock the ticket: two runs of the task must not both acknowledge.
        Ticket.objects.select_for_update().filter(pk=ticket.pk).first()
        automatic = messages.filter(kind=MessageKind.OUTBOUND, author_kind=AuthorKind.SYSTEM)
        if automatic.exists():
            return None
        recent = Message.objects.filter(
            workspace_id=ticket.workspace_id,
            ticket__contact_id=ticket.contact_id,
            kind=MessageKind.OUTBOUND,
            author_kind=AuthorKind.SYSTEM,
            created_at__gte=timezone.now() - AUTO_ACK_WINDOW,
        ).count()
        if recent >= AUTO_ACK_PER_CONTACT:
            return None
        with translation.override(ticket.language or None):
            text = auto_acknowledgement_text(ticket, settings)
        message = Message.objects.create(
            workspace_id=ticket.workspace_id,
            ticket=ticket,
            kind=MessageKind.OUTBOUND,
            author_kind=AuthorKind.SYSTEM,
            body_text=text,
            body_html=text_to_html(text),
            inbox=settings.inbox,
            delivery_status=DeliveryStatus.QUEUED,
        )
        message = message_external_id_assign(message=message, settings=settings)
        from samadhan.channels.email.outbound_tasks import send_email_message
        from samadhan.core.transaction import enqueue_on_commit

        enqueue_on_commit(send_email_message, message_id=message.pk)
    return message
