"""Creating and configuring email inboxes (audited; secrets never appear in the audit log)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, fields
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import Agent, Team
from samadhan.audit.services import audit_diff, audit_record
from samadhan.channels.email.models import EmailSettings, Security
from samadhan.channels.models import Inbox, InboxKind
from samadhan.channels.services import inbox_create
from samadhan.core.errors import ValidationFailed
from samadhan.workspaces.models import Workspace

# Written, never read back through the API, the UI or the audit log.
SECRET_FIELDS = frozenset({"imap_password", "imap_oauth2_token", "smtp_password"})
MAX_FOLLOWUP_DAYS = 3650


@dataclass(frozen=True, kw_only=True)
class EmailSettingsChanges:
    """What to change; ``None`` leaves a setting alone ("" clears a text setting)."""

    address: str | None = None
    subject_prefix: str | None = None
    plus_addressing: bool | None = None
    auto_acknowledge: bool | None = None
    followup_after_days: int | None = None
    create_tickets_from_agent_forwards: bool | None = None
    imap_host: str | None = None
    imap_port: int | None = None
    imap_security: str | None = None
    imap_username: str | None = None
    imap_password: str | None = None
    imap_oauth2_token: str | None = None
    imap_folder: str | None = None
    imap_processed_folder: str | None = None
    imap_idle: bool | None = None
    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_security: str | None = None
    smtp_username: str | None = None
    smtp_password: str | None = None

    def given(self) -> dict[str, Any]:
        return {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None
        }


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, fields={field: [message]})


def _address(value: str) -> str:
    address = value.strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise _invalid("address", str(_("Enter a valid email address."))) from None
    if "+" in address.partition("@")[0]:
        raise _invalid("address", str(_("Use the address without a +tag.")))
    return address


def _prefix(value: str) -> str:
    prefix = value.strip()
    if not prefix or len(prefix) > 16 or any(c in prefix for c in "[]") or prefix.isdigit():
        raise _invalid(
            "subject_prefix", str(_("Use 1 to 16 characters, no brackets, not only digits."))
        )
    return prefix


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    if "address" in cleaned:
        cleaned["address"] = _address(str(cleaned["address"]))
    if "subject_prefix" in cleaned:
        cleaned["subject_prefix"] = _prefix(str(cleaned["subject_prefix"]))
    if "followup_after_days" in cleaned and not (
        0 <= int(cleaned["followup_after_days"]) <= MAX_FOLLOWUP_DAYS
    ):
        raise _invalid(
            "followup_after_days",
            str(_("Use a number of days from 0 to %(max)d.") % {"max": MAX_FOLLOWUP_DAYS}),
        )
    for name in ("imap_port", "smtp_port"):
        if name in cleaned and not (1 <= int(cleaned[name]) <= 65535):
            raise _invalid(name, str(_("Use a port from 1 to 65535.")))
    for name in ("imap_security", "smtp_security"):
        if name in cleaned and cleaned[name] not in Security.values:
            raise _invalid(name, str(_("Choose SSL/TLS, STARTTLS or none.")))
    for name in ("imap_host", "smtp_host", "imap_username", "smtp_username"):
        if name in cleaned:
            cleaned[name] = str(cleaned[name]).strip()
    if "imap_folder" in cleaned:
        cleaned["imap_folder"] = str(cleaned["imap_folder"]).strip() or "INBOX"
    return cleaned


def _audit_view(values: dict[str, Any]) -> dict[str, Any]:
    # A changed secret is recorded as changed, never with its value.
    return {k: ("***" if k in SECRET_FIELDS and v else v) for k, v in values.items()}


def email_inbox_create(
    *,
    workspace: Workspace,
    name: str,
    address: str,
    by: Agent | None,
    default_team: Team | None = None,
    settings: EmailSettingsChanges | None = None,
) -> Inbox:
    """An email inbox with its settings, in one transaction."""
    values = _clean({**(settings.given() if settings else {}), "address": address})
    with transaction.atomic():
        inbox = inbox_create(
            workspace=workspace,
            kind=InboxKind.EMAIL,
            name=name,
            default_team=default_team,
            by=by,
        )
        email_settings = EmailSettings.objects.create(inbox=inbox, **values)
        audit_record(
            workspace=workspace,
            actor=by,
            action="inbox.email_settings_created",
            target=inbox,
            changes=_audit_view(values),
        )
    inbox.email = email_settings
    return inbox


def email_settings_update(
    *, email_settings: EmailSettings, by: Agent | None, changes: EmailSettingsChanges
) -> EmailSettings:
    values = _clean(changes.given())
    before = {k: getattr(email_settings, k) for k in values}
    diff = audit_diff(before, values)
    if not diff:
        return email_settings
    with transaction.atomic():
        for key in diff:
            setattr(email_settings, key, values[key])
        email_settings.save()
        audit_record(
            workspace=email_settings.inbox.workspace,
            actor=by,
            action="inbox.email_settings_updated",
            target=email_settings.inbox,
            changes={k: (["***", "***"] if k in SECRET_FIELDS else v) for k, v in diff.items()},
        )
    return email_settings


def _secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def email_ingest_secret_rotate(*, email_settings: EmailSettings, by: Agent | None) -> str:
    """A new secret for POST .../raw-email; returned once, only its hash is kept."""
    secret = "sie_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        email_settings.ingest_secret_hash = _secret_hash(secret)
        email_settings.save(update_fields=["ingest_secret_hash", "updated_at"])
        audit_record(
            workspace=email_settings.inbox.workspace,
            actor=by,
            action="inbox.ingest_secret_rotated",
            target=email_settings.inbox,
        )
    return secret


def email_ingest_secret_check(*, email_settings: EmailSettings, secret: str) -> bool:
    if not email_settings.ingest_secret_hash or not secret:
        return False
    return constant_time_compare(_secret_hash(secret), email_settings.ingest_secret_hash)
