from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samadhan.core.models import TimestampedModel
from samadhan.workspaces.models import Workspace


class Macro(TimestampedModel):
    """A named canned action: a reply per language plus property changes."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="macros")
    name = models.CharField(_("name"), max_length=120)
    # {"status": "pending", "priority": "high", "add_tags": [...], "remove_tags": [...],
    #  "assignee_id": 3 | null, "team_id": 2 | null, "reply_kind": "reply" | "note"}
    actions = models.JSONField(default=dict, blank=True)
    is_active = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="uniq_macro_name"),
        ]

    def __str__(self) -> str:
        return self.name


class MacroTranslation(models.Model):
    macro = models.ForeignKey(Macro, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=16)
    body = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["macro", "language"], name="uniq_macro_language"),
        ]

    def __str__(self) -> str:
        return f"{self.macro_id}:{self.language}"
