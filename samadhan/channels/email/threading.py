"""Which ticket an inbound mail belongs to.

Order of evidence, strongest first: In-Reply-To/References naming a message we know
(ours or the customer's), a verified reply token in a recipient address, and a
``[#number]`` in the subject — the last only when the sender already takes part in
that ticket, because anyone can type a number into a subject.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from samadhan.channels.email.headers import reply_tokens_in, subject_ticket_number
from samadhan.channels.email.models import EmailSettings
from samadhan.channels.email.parse import ParsedEmail
from samadhan.contacts.models import Contact
from samadhan.tickets.models import Message, Ticket
from samadhan.tickets.services.participant import ticket_participates


class MatchReason(StrEnum):
    HEADERS = "headers"
    PLUS_ADDRESS = "plus_address"
    SUBJECT = "subject"


@dataclass(frozen=True)
class ThreadMatch:
    ticket: Ticket
    reason: MatchReason


def _recipient_headers(parsed: ParsedEmail) -> list[str]:
    names = ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")
    return [str(v) for name in names for v in parsed.headers.get_all(name, [])]


def thread_find(
    *, settings: EmailSettings, parsed: ParsedEmail, contact: Contact | None
) -> ThreadMatch | None:
    """The ticket this mail continues, or None for a new conversation."""
    workspace_id = settings.inbox.workspace_id
    # In-Reply-To first, then References from the newest backwards.
    wanted = list(dict.fromkeys([*parsed.in_reply_to, *reversed(parsed.references)]))
    wanted = [w for w in wanted if w and w != parsed.message_id]
    if wanted:
        found = {
            m.external_id: m.ticket
            for m in Message.objects.filter(
                workspace_id=workspace_id, external_id__in=wanted
            ).select_related("ticket", "ticket__contact", "ticket__workspace")
        }
        for message_id in wanted:
            if message_id in found:
                return ThreadMatch(ticket=found[message_id], reason=MatchReason.HEADERS)

    if settings.plus_addressing:
        for ticket_id in reply_tokens_in(
            _recipient_headers(parsed), inbox_address=settings.address
        ):
            ticket = (
                Ticket.objects.filter(workspace_id=workspace_id, pk=ticket_id)
                .select_related("contact", "workspace")
                .first()
            )
            if ticket is not None:
                return ThreadMatch(ticket=ticket, reason=MatchReason.PLUS_ADDRESS)

    number = subject_ticket_number(parsed.subject, settings.subject_prefix)
    if number is not None and parsed.sender is not None:
        ticket = (
            Ticket.objects.filter(workspace_id=workspace_id, number=number)
            .select_related("contact", "workspace")
            .first()
        )
        if ticket is not None and ticket_participates(
            ticket=ticket, email=parsed.sender.email, contact=contact
        ):
            return ThreadMatch(ticket=ticket, reason=MatchReason.SUBJECT)
    return None
