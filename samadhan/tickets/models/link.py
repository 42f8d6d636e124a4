from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samadhan.tickets.models.ticket import Ticket
from samadhan.workspaces.models import Workspace


class LinkKind(models.TextChoices):
    RELATED = "related", _("Related")
    # source is the parent, target the child
    PARENT_CHILD = "parent_child", _("Parent and child")
    FOLLOW_UP = "follow_up", _("Follow-up")


class TicketLink(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=16, choices=LinkKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="uniq_ticket_link"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="ticket_link_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"
