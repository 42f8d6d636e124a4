"""People copied on a ticket's conversation besides its contact."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from samadhan.contacts.models import Contact, IdentityKind
from samadhan.contacts.services import contact_find_or_create
from samadhan.core.errors import AppError
from samadhan.tickets.models import Ticket, TicketParticipant


def participants_add(
    *, ticket: Ticket, people: list[tuple[str, str]], exclude: set[str] | None = None
) -> list[TicketParticipant]:
    """Add ``(name, email)`` pairs as participants; known ones and ``exclude`` are skipped.

    Each becomes (or is matched to) a contact of the workspace, so their later mail
    is recognised as coming from a participant.
    """
    skip = {e.lower() for e in (exclude or set())}
    wanted = [
        (name, email.strip().lower())
        for name, email in people
        if "@" in email and email.strip().lower() not in skip
    ]
    if not wanted:
        # Most mail copies nobody new: no need to read who takes part already.
        return []
    contact_emails = {
        i.lower()
        for i in ticket.contact.identities.filter(kind=IdentityKind.EMAIL).values_list(
            "normalized", flat=True
        )
    }
    skip |= contact_emails
    existing = set(
        TicketParticipant.objects.filter(
            workspace_id=ticket.workspace_id, ticket=ticket
        ).values_list("email", flat=True)
    )
    added: list[TicketParticipant] = []
    for name, address in wanted:
        if address in skip or address in existing:
            continue
        existing.add(address)
        contact: Contact | None
        try:
            contact = contact_find_or_create(
                workspace=ticket.workspace, email=address, name=name.strip()[:200]
            )
        except AppError:
            # An address the contacts app cannot normalise is still worth copying.
            contact = None
        if contact is not None and contact.pk == ticket.contact_id:
            continue
        try:
            with transaction.atomic():
                added.append(
                    TicketParticipant.objects.create(
                        workspace_id=ticket.workspace_id,
                        ticket=ticket,
                        contact=contact,
                        email=address,
                        name=name.strip()[:200],
                    )
                )
        except IntegrityError:
            continue
    return added


def ticket_participates(*, ticket: Ticket, email: str, contact: Contact | None) -> bool:
    """Whether the sender of ``email`` is the ticket's contact or one of its participants."""
    if contact is not None and contact.pk == ticket.contact_id:
        return True
    return TicketParticipant.objects.filter(
        workspace_id=ticket.workspace_id, ticket=ticket, email=email.strip().lower()
    ).exists()
