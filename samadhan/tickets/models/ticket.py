from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import Agent, Team
from samadhan.channels.models import Inbox
from samadhan.contacts.models import Contact
from samadhan.workspaces.models import Workspace


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    PENDING = "pending", _("Pending")
    ON_HOLD = "on_hold", _("On hold")
    SOLVED = "solved", _("Solved")
    CLOSED = "closed", _("Closed")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Tag(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("name"), max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="uniq_tag")]

    def __str__(self) -> str:
        return self.name


class Ticket(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="tickets")
    number = models.PositiveBigIntegerField(_("number"))
    subject = models.CharField(_("subject"), max_length=500)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    priority = models.CharField(
        _("priority"), max_length=16, choices=Priority.choices, default=Priority.NORMAL
    )
    language = models.CharField(_("language"), max_length=16, blank=True)
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="tickets")
    inbox = models.ForeignKey(
        Inbox, on_delete=models.SET_NULL, null=True, blank=True, related_name="tickets"
    )
    channel = models.CharField(_("channel"), max_length=32, default="api")
    assignee = models.ForeignKey(
        Agent, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_tickets"
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="tickets"
    )
    custom_fields = models.JSONField(default=dict, blank=True)
    tags: models.ManyToManyField[Tag, TicketTag] = models.ManyToManyField(
        Tag, through="TicketTag", related_name="tickets", blank=True
    )
    first_response_at = models.DateTimeField(null=True, blank=True)
    solved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reopened_count = models.PositiveIntegerField(default=0)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_from"
    )
    last_message_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "number"], name="uniq_ticket_number"),
        ]
        # Every list is keyset-paginated on (updated_at, id) within a workspace,
        # optionally narrowed by one equality filter: one index per filter.
        indexes = [
            models.Index(fields=["workspace", "-updated_at", "-id"], name="ticket_ws_upd"),
            models.Index(
                fields=["workspace", "status", "-updated_at", "-id"], name="ticket_ws_status_upd"
            ),
            models.Index(
                fields=["workspace", "assignee", "-updated_at", "-id"], name="ticket_ws_asg_upd"
            ),
            models.Index(
                fields=["workspace", "team", "-updated_at", "-id"], name="ticket_ws_team_upd"
            ),
            models.Index(
                fields=["workspace", "contact", "-updated_at", "-id"], name="ticket_ws_contact_upd"
            ),
            models.Index(
                fields=["workspace", "language", "-updated_at", "-id"], name="ticket_ws_lang_upd"
            ),
            # The inbox can also be read by creation time.
            models.Index(fields=["workspace", "-created_at", "-id"], name="ticket_ws_created"),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.subject}"


class TicketTag(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tag", "ticket"], name="uniq_ticket_tag"),
        ]
        indexes = [models.Index(fields=["ticket"], name="tickettag_ticket")]

    def __str__(self) -> str:
        return f"{self.ticket_id}:{self.tag_id}"
