from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samadhan.channels.models import Inbox
from samadhan.core.models import TimestampedModel
from samadhan.tickets.models import Message, Ticket
from samadhan.workspaces.models import Workspace


class Security(models.TextChoices):
    SSL = "ssl", _("SSL/TLS")
    STARTTLS = "starttls", _("STARTTLS")
    NONE = "none", _("None (plain text)")


class EmailSettings(TimestampedModel):
    """Provider config of an email inbox. Passwords and tokens are write-only outside this model."""

    inbox = models.OneToOneField(Inbox, on_delete=models.CASCADE, related_name="email")
    address = models.EmailField(_("support address"), max_length=254, db_index=True)
    subject_prefix = models.CharField(_("subject prefix"), max_length=16, default="#")
    plus_addressing = models.BooleanField(_("plus addressing"), default=True)
    auto_acknowledge = models.BooleanField(_("auto-acknowledge new tickets"), default=False)
    followup_after_days = models.PositiveIntegerField(_("follow-up after days closed"), default=14)
    create_tickets_from_agent_forwards = models.BooleanField(
        _("create tickets from agent forwards"), default=False
    )

    imap_host = models.CharField(_("IMAP host"), max_length=255, blank=True)
    imap_port = models.PositiveIntegerField(_("IMAP port"), default=993)
    imap_security = models.CharField(
        _("IMAP security"), max_length=16, choices=Security.choices, default=Security.SSL
    )
    imap_username = models.CharField(_("IMAP username"), max_length=255, blank=True)
    imap_password = models.CharField(_("IMAP password"), max_length=1024, blank=True)
    imap_oauth2_token = models.TextField(_("IMAP OAuth2 token"), blank=True)
    imap_folder = models.CharField(_("IMAP folder"), max_length=255, default="INBOX")
    imap_processed_folder = models.CharField(
        _("IMAP folder for processed mail"), max_length=255, blank=True
    )
    imap_idle = models.BooleanField(_("use IMAP IDLE"), default=True)
    # Poller state: UIDs are only meaningful within one UIDVALIDITY.
    imap_uidvalidity = models.PositiveBigIntegerField(null=True, blank=True)
    imap_last_uid = models.PositiveBigIntegerField(null=True, blank=True)
    imap_last_polled_at = models.DateTimeField(null=True, blank=True)
    imap_last_error = models.TextField(blank=True)

    smtp_host = models.CharField(_("SMTP host"), max_length=255, blank=True)
    smtp_port = models.PositiveIntegerField(_("SMTP port"), default=587)
    smtp_security = models.CharField(
        _("SMTP security"), max_length=16, choices=Security.choices, default=Security.STARTTLS
    )
    smtp_username = models.CharField(_("SMTP username"), max_length=255, blank=True)
    smtp_password = models.CharField(_("SMTP password"), max_length=1024, blank=True)

    # sha256 hex of the secret that authorises POST .../raw-email without an API token.
    ingest_secret_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return self.address


class RawEmailSource(models.TextChoices):
    IMAP = "imap", "IMAP"
    SMTP = "smtp", "SMTP"
    LMTP = "lmtp", "LMTP"
    HTTP = "http", "HTTP"
    FILE = "file", _("File")


class RawEmailStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    PROCESSED = "processed", _("Processed")
    IGNORED = "ignored", _("Ignored")
    UNPARSED = "unparsed", _("Unparsed")
    FAILED = "failed", _("Failed")


def raw_email_path(instance: RawEmail, filename: str) -> str:
    return f"raw-email/{instance.workspace_id}/{instance.sha256[:2]}/{instance.sha256}.eml"


class RawEmail(models.Model):
    """One received mail exactly as it arrived, stored before anything tries to understand it."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    inbox = models.ForeignKey(Inbox, on_delete=models.CASCADE, related_name="raw_emails")
    sha256 = models.CharField(max_length=64)
    # Normalised Message-ID; "" when the mail has none.
    message_id = models.CharField(max_length=998, blank=True)
    size = models.PositiveBigIntegerField()
    file = models.FileField(upload_to=raw_email_path, max_length=300)
    source = models.CharField(max_length=8, choices=RawEmailSource.choices)
    status = models.CharField(
        max_length=16, choices=RawEmailStatus.choices, default=RawEmailStatus.RECEIVED
    )
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    # Not "message": its attname would clash with the Message-ID column above.
    result_message = models.ForeignKey(
        Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ticket = models.ForeignKey(
        Ticket, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inbox", "sha256"], name="uniq_raw_email_sha256"),
            models.UniqueConstraint(
                fields=["inbox", "message_id"],
                condition=~models.Q(message_id=""),
                name="uniq_raw_email_message_id",
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "message_id"], name="raw_email_ws_msgid"),
            models.Index(fields=["status", "received_at"], name="raw_email_status"),
        ]

    def __str__(self) -> str:
        return self.message_id or self.sha256
