from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samadhan.core.models import TimestampedModel
from samadhan.workspaces.models import Workspace


class FieldType(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    DROPDOWN = "dropdown", _("Dropdown")
    CHECKBOX = "checkbox", _("Checkbox")


class CustomField(TimestampedModel):
    """A ticket field a workspace defines; values live in ``Ticket.custom_fields``."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="custom_fields")
    key = models.SlugField(_("key"), max_length=64)
    label = models.CharField(_("label"), max_length=120)
    field_type = models.CharField(_("type"), max_length=16, choices=FieldType.choices)
    # For dropdowns: [{"value": "...", "label": "..."}]
    options = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "key"], name="uniq_custom_field_key"),
        ]

    def __str__(self) -> str:
        return self.key
