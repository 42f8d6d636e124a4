from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import Agent
from samadhan.channels.models import Inbox
from samadhan.contacts.models import Contact
from samadhan.tickets.models.ticket import Ticket
from samadhan.workspaces.models import Workspace


class MessageKind(models.TextChoices):
    INBOUND = "inbound", _("Inbound")
    OUTBOUND = "outbound", _("Outbound reply")
    NOTE = "note", _("Internal note")


class AuthorKind(models.TextChoices):
    CONTACT = "contact", _("Contact")
    AGENT = "agent", _("Agent")
    BOT = "bot", _("Bot")
    SYSTEM = "system", _("System")


class DeliveryStatus(models.TextChoices):
    NONE = "none", _("Not delivered by a channel")
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class Message(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=16, choices=MessageKind.choices)
    author_kind = models.CharField(max_length=16, choices=AuthorKind.choices)
    author_agent = models.ForeignKey(
        Agent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The text exactly as received, and its sanitised HTML rendering.
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    inbox = models.ForeignKey(
        Inbox, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The provider's id (email Message-ID, Twilio SID...), unique per inbox for dedupe.
    # NULL (not "") for none, so the unique constraint ignores messages without one.
    external_id = models.CharField(max_length=998, null=True, blank=True)  # noqa: DJ001
    delivery_status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.NONE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["inbox", "external_id"],
                condition=models.Q(external_id__isnull=False),
                name="uniq_message_external_id",
            ),
        ]
        indexes = [
            models.Index(fields=["ticket", "created_at", "id"], name="message_ticket_time"),
            # Email threading looks up In-Reply-To/References across the workspace's inboxes.
            models.Index(fields=["workspace", "external_id"], name="message_ws_external_id"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.ticket_id}"

    @property
    def is_public(self) -> bool:
        return self.kind != MessageKind.NOTE


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.workspace_id}/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    # Null between upload and the message that uses it.
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    uploaded_by = models.ForeignKey(
        Agent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to=attachment_path, max_length=300)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename
