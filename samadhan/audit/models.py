from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import Agent
from samadhan.workspaces.models import Workspace


class AuditEntry(models.Model):
    """One administrative change: who did what to which object, and what changed.

    Written by the service that makes the change, in the same transaction, so
    a change that was rolled back leaves no entry and a committed one always has
    its entry. ``target_repr`` keeps the name the object had at the time, so the
    log still reads after the object is renamed or deleted.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    # Null for changes made by the system or a management command.
    actor = models.ForeignKey(
        Agent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=64)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=200, blank=True)
    # {"field": [old, new]} for updates, {"field": value} for creations.
    changes = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("audit entry")
        indexes = [
            models.Index(fields=["workspace", "-created_at", "-id"], name="audit_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}:{self.target_id}"
