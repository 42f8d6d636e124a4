from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import Agent
from samadhan.tickets.models.ticket import Ticket
from samadhan.workspaces.models import Workspace


class ActorKind(models.TextChoices):
    AGENT = "agent", _("Agent")
    CONTACT = "contact", _("Contact")
    BOT = "bot", _("Bot")
    SYSTEM = "system", _("System")


class TicketEventKind(models.TextChoices):
    CREATED = "created", _("Ticket created")
    STATUS_CHANGED = "status_changed", _("Status changed")
    PRIORITY_CHANGED = "priority_changed", _("Priority changed")
    ASSIGNEE_CHANGED = "assignee_changed", _("Assignee changed")
    TEAM_CHANGED = "team_changed", _("Team changed")
    TAGS_CHANGED = "tags_changed", _("Tags changed")
    FIELD_CHANGED = "field_changed", _("Custom field changed")
    SUBJECT_CHANGED = "subject_changed", _("Subject changed")
    LANGUAGE_CHANGED = "language_changed", _("Language changed")
    CONTACT_CHANGED = "contact_changed", _("Contact changed")
    REOPENED = "reopened", _("Reopened")
    ESCALATED = "escalated", _("Escalated")
    DEESCALATED = "deescalated", _("Escalation lowered")
    MERGED_INTO = "merged_into", _("Merged into another ticket")
    MERGED_FROM = "merged_from", _("Another ticket merged in")
    LINKED = "linked", _("Linked")
    UNLINKED = "unlinked", _("Unlinked")
    SPLIT_FROM = "split_from", _("Split from another ticket")
    SPLIT_TO = "split_to", _("Message split into a new ticket")
    MACRO_APPLIED = "macro_applied", _("Macro applied")
    MENTION = "mention", _("Agent mentioned")


class TicketEvent(models.Model):
    """One row of a ticket's timeline and audit trail: what changed, by whom."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32, choices=TicketEventKind.choices)
    actor_kind = models.CharField(max_length=16, choices=ActorKind.choices)
    actor_agent = models.ForeignKey(
        Agent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # {"from": ..., "to": ...} or kind-specific details.
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["ticket", "created_at", "id"], name="event_ticket_time")]

    def __str__(self) -> str:
        return f"{self.kind} on {self.ticket_id}"
