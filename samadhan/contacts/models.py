from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samadhan.core.models import TimestampedModel
from samadhan.workspaces.models import Workspace


class Organization(TimestampedModel):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="organizations")
    name = models.CharField(_("name"), max_length=200)
    domains = models.JSONField(_("email domains"), default=list, blank=True)
    attributes = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="uniq_organization_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Contact(TimestampedModel):
    """A customer; one person across every channel through their identities."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=200, blank=True)
    language = models.CharField(_("preferred language"), max_length=16, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, blank=True)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    # Set when this contact was merged into another; it then only redirects.
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_from"
    )

    class Meta:
        indexes = [models.Index(fields=["workspace", "name"], name="contact_ws_name")]

    def __str__(self) -> str:
        return self.name or f"contact {self.pk}"

    @property
    def first_name(self) -> str:
        return self.name.split(" ", 1)[0] if self.name else ""


class IdentityKind(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    WHATSAPP = "whatsapp", _("WhatsApp")
    CHAT_VISITOR = "chat_visitor", _("Chat visitor")
    EXTERNAL = "external", _("External id")


class Identity(TimestampedModel):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="identities")
    kind = models.CharField(max_length=16, choices=IdentityKind.choices)
    # As the customer wrote it, kept exactly.
    value = models.CharField(max_length=320)
    # Canonical form used for matching (lower-cased email, digits-only phone...).
    normalized = models.CharField(max_length=320)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "kind", "normalized"], name="uniq_identity_per_workspace"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"
