from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from samadhan.core.models import TimestampedModel
from samadhan.workspaces.models import Workspace


def _public_id() -> str:
    return secrets.token_urlsafe(12)


class InboxKind(models.TextChoices):
    API = "api", _("API")
    WEB_FORM = "web_form", _("Web form")
    EMAIL = "email", _("Email")
    CHAT = "chat", _("Live chat")


class Inbox(TimestampedModel):
    """One configured channel instance; provider config lives in a 1:1 model per kind."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="inboxes")
    kind = models.CharField(_("kind"), max_length=32, choices=InboxKind.choices)
    name = models.CharField(_("name"), max_length=120)
    # Used in public URLs (web form) so internal ids are never exposed.
    public_id = models.CharField(max_length=32, unique=True, default=_public_id)
    is_active = models.BooleanField(default=True)
    default_team = models.ForeignKey(
        "accounts.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="uniq_inbox_name"),
        ]

    def __str__(self) -> str:
        return self.name
