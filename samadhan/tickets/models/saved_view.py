from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import Agent
from samadhan.core.models import TimestampedModel
from samadhan.workspaces.models import Workspace


class SavedView(TimestampedModel):
    """A named inbox filter: personal (has an owner) or shared with the workspace."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="saved_views")
    owner = models.ForeignKey(
        Agent, on_delete=models.CASCADE, null=True, blank=True, related_name="saved_views"
    )
    name = models.CharField(_("name"), max_length=120)
    # The inbox's query parameters: {"status": ["open"], "language": ["te"], ...}
    filters = models.JSONField(default=dict)
    sort = models.CharField(max_length=16, default="updated")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["workspace", "owner"], name="savedview_ws_owner")]

    def __str__(self) -> str:
        return self.name
