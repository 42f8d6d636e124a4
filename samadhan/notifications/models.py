from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import Agent
from samadhan.workspaces.models import Workspace


class NotificationKind(models.TextChoices):
    MENTION = "mention", _("Mentioned in a note")


class Notification(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, null=True, related_name="+"
    )
    message = models.ForeignKey(
        "tickets.Message", on_delete=models.CASCADE, null=True, related_name="+"
    )
    actor = models.ForeignKey(Agent, on_delete=models.SET_NULL, null=True, related_name="+")
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["agent", "read_at", "-created_at"], name="notif_inbox")]

    def __str__(self) -> str:
        return f"{self.kind} for {self.agent_id}"
