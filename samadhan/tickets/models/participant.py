from __future__ import annotations

from django.db import models

from samadhan.contacts.models import Contact
from samadhan.tickets.models.ticket import Ticket
from samadhan.workspaces.models import Workspace


class TicketParticipant(models.Model):
    """Someone besides the ticket's contact in the conversation (CC'd on an email)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="participants")
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Lower-cased address replies are copied to.
    email = models.CharField(max_length=254)
    name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ticket", "email"], name="uniq_ticket_participant"),
        ]

    def __str__(self) -> str:
        return self.email
