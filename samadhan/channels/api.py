"""Inboxes over the API: create and configure them, and post raw email into email inboxes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from ninja.security import APIKeyHeader
from pydantic import ConfigDict, Field

from samadhan.accounts.access import Actor, require_role
from samadhan.accounts.models import Role, Team
from samadhan.api.auth import TokenAuth, actor_of
from samadhan.channels.access import access_inbox
from samadhan.channels.email.ingest import max_email_bytes, raw_email_store
from samadhan.channels.email.models import EmailSettings, RawEmailSource
from samadhan.channels.email.services import (
    EmailSettingsChanges,
    email_inbox_create,
    email_ingest_secret_check,
    email_ingest_secret_rotate,
    email_settings_update,
)
from samadhan.channels.models import Inbox, InboxKind
from samadhan.channels.services import inbox_create, inbox_update
from samadhan.core.errors import AppError, ErrorCode, TooLarge, ValidationFailed

router = Router(tags=["inboxes"])

INGEST_HEADER = "X-Samadhan-Ingest-Secret"
RAW_EMAIL_TYPES = ("message/rfc822", "application/octet-stream", "text/plain")
Security = Literal["ssl", "starttls", "none"]


class EmailSettingsIn(Schema):
    model_config = ConfigDict(extra="forbid")
    subject_prefix: str | None = Field(None, max_length=16)
    plus_addressing: bool | None = None
    auto_acknowledge: bool | None = None
    followup_after_days: int | None = Field(None, ge=0, le=3650)
    create_tickets_from_agent_forwards: bool | None = None
    imap_host: str | None = Field(None, max_length=255)
    imap_port: int | None = Field(None, ge=1, le=65535)
    imap_security: Security | None = None
    imap_username: str | None = Field(None, max_length=255)
    imap_password: str | None = Field(None, max_length=1024)
    imap_oauth2_token: str | None = Field(None, max_length=8000)
    imap_folder: str | None = Field(None, max_length=255)
    imap_processed_folder: str | None = Field(None, max_length=255)
    imap_idle: bool | None = None
    smtp_host: str | None = Field(None, max_length=255)
    smtp_port: int | None = Field(None, ge=1, le=65535)
    smtp_security: Security | None = None
    smtp_username: str | None = Field(None, max_length=255)
    smtp_password: str | None = Field(None, max_length=1024)


class EmailSettingsCreateIn(EmailSettingsIn):
    address: str = Field(..., min_length=3, max_length=254)


class EmailSettingsPatchIn(EmailSettingsIn):
    address: str | None = Field(None, min_length=3, max_length=254)


class InboxIn(Schema):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["email", "web_form", "api"]
    name: str = Field(..., min_length=1, max_length=120)
    default_team_id: int | None = None
    email: EmailSettingsCreateIn | None = None


class InboxPatchIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, min_length=1, max_length=120)
    is_active: bool | None = None
    default_team_id: int | None = None
    email: EmailSettingsPatchIn | None = None


class EmailSettingsOut(Schema):
    """Settings as stored; passwords and tokens only say whether one is set."""

    address: str
    subject_prefix: str
    plus_addressing: bool
    auto_acknowledge: bool
    followup_after_days: int
    create_tickets_from_agent_forwards: bool
    imap_host: str
    imap_port: int
    imap_security: str
    imap_username: str
    imap_password_set: bool
    imap_oauth2_token_set: bool
    imap_folder: str
    imap_processed_folder: str
    imap_idle: bool
    imap_last_polled_at: datetime | None
    imap_last_error: str
    smtp_host: str
    smtp_port: int
    smtp_security: str
    smtp_username: str
    smtp_password_set: bool
    ingest_secret_set: bool


class InboxOut(Schema):
    id: int
    kind: str
    name: str
    is_active: bool
    default_team_id: int | None
    created_at: datetime
    email: EmailSettingsOut | None


class IngestSecretOut(Schema):
    # Shown once; only its hash is kept.
    secret: str
    header: str


class RawEmailOut(Schema):
    id: int
    status: str
    message_id: str
    size: int
    sha256: str


def _email_out(settings: EmailSettings) -> dict[str, Any]:
    return {
        "address": settings.address,
        "subject_prefix": settings.subject_prefix,
        "plus_addressing": settings.plus_addressing,
        "auto_acknowledge": settings.auto_acknowledge,
        "followup_after_days": settings.followup_after_days,
        "create_tickets_from_agent_forwards": settings.create_tickets_from_agent_forwards,
        "imap_host": settings.imap_host,
        "imap_port": settings.imap_port,
        "imap_security": settings.imap_security,
        "imap_username": settings.imap_username,
        "imap_password_set": bool(settings.imap_password),
        "imap_oauth2_token_set": bool(settings.imap_oauth2_token),
        "imap_folder": settings.imap_folder,
        "imap_processed_folder": settings.imap_processed_folder,
        "imap_idle": settings.imap_idle,
        "imap_last_polled_at": settings.imap_last_polled_at,
        "imap_last_error": settings.imap_last_error,
        "smtp_host": settings.smtp_host,
        "smtp_port": settings.smtp_port,
        "smtp_security": settings.smtp_security,
        "smtp_username": settings.smtp_username,
        "smtp_password_set": bool(settings.smtp_password),
        "ingest_secret_set": bool(settings.ingest_secret_hash),
    }


def _inbox_out(inbox: Inbox) -> dict[str, Any]:
    settings = EmailSettings.objects.filter(inbox=inbox).first()
    return {
        "id": inbox.pk,
        "kind": inbox.kind,
        "name": inbox.name,
        "is_active": inbox.is_active,
        "default_team_id": inbox.default_team_id,
        "created_at": inbox.created_at,
        "email": _email_out(settings) if settings is not None else None,
    }


def _team(actor: Actor, team_id: int | None) -> Team | None:
    if team_id is None:
        return None
    team = Team.objects.filter(workspace_id=actor.workspace_id, pk=team_id).first()
    if team is None:
        raise ValidationFailed(
            _("Unknown team."), fields={"default_team_id": [str(_("Unknown team."))]}
        )
    return team


def _changes(payload: EmailSettingsIn) -> EmailSettingsChanges:
    values = payload.model_dump(exclude_none=True)
    values.pop("address", None)
    return EmailSettingsChanges(**values)


@router.get("/inboxes", response=list[InboxOut])
def list_inboxes(request: HttpRequest) -> Any:
    actor = actor_of(request)
    require_role(actor, Role.ADMIN)
    inboxes = Inbox.objects.filter(workspace_id=actor.workspace_id).order_by("id")
    return [_inbox_out(i) for i in inboxes]


@router.post("/inboxes", response={201: InboxOut})
def create_inbox(request: HttpRequest, payload: InboxIn) -> Any:
    actor = actor_of(request)
    require_role(actor, Role.ADMIN)
    team = _team(actor, payload.default_team_id)
    if payload.kind == "email":
        if payload.email is None:
            message = _("An email inbox needs its email settings.")
            raise ValidationFailed(message, fields={"email": [str(message)]})
        inbox = email_inbox_create(
            workspace=actor.workspace,
            name=payload.name,
            address=payload.email.address,
            default_team=team,
            settings=_changes(payload.email),
            by=actor.agent,
        )
    else:
        if payload.email is not None:
            message = _("Only email inboxes have email settings.")
            raise ValidationFailed(message, fields={"email": [str(message)]})
        inbox = inbox_create(
            workspace=actor.workspace,
            kind=InboxKind(payload.kind),
            name=payload.name,
            default_team=team,
            by=actor.agent,
        )
    return Status(201, _inbox_out(inbox))


@router.get("/inboxes/{inbox_id}", response=InboxOut)
def get_inbox(request: HttpRequest, inbox_id: int) -> Any:
    return _inbox_out(access_inbox(actor_of(request), inbox_id))


@router.patch("/inboxes/{inbox_id}", response=InboxOut)
def update_inbox(request: HttpRequest, inbox_id: int, payload: InboxPatchIn) -> Any:
    actor = actor_of(request)
    inbox = access_inbox(actor, inbox_id)
    settings = EmailSettings.objects.filter(inbox=inbox).first()
    if payload.email is not None and settings is None:
        message = _("Only email inboxes have email settings.")
        raise ValidationFailed(message, fields={"email": [str(message)]})
    given = payload.model_fields_set
    team = _team(actor, payload.default_team_id)
    if payload.email is not None and settings is not None:
        changes = _changes(payload.email)
        if payload.email.address is not None:
            changes = EmailSettingsChanges(**{**changes.given(), "address": payload.email.address})
        email_settings_update(email_settings=settings, by=actor.agent, changes=changes)
    inbox = inbox_update(
        inbox=inbox,
        by=actor.agent,
        name=payload.name,
        is_active=payload.is_active,
        default_team=team,
        set_default_team="default_team_id" in given,
    )
    return _inbox_out(inbox)


@router.post("/inboxes/{inbox_id}/ingest-secret", response={201: IngestSecretOut})
def rotate_ingest_secret(request: HttpRequest, inbox_id: int) -> Any:
    actor = actor_of(request)
    inbox = access_inbox(actor, inbox_id)
    settings = EmailSettings.objects.filter(inbox=inbox).first()
    if settings is None:
        raise ValidationFailed(_("Only email inboxes take raw email."))
    secret = email_ingest_secret_rotate(email_settings=settings, by=actor.agent)
    return Status(201, {"secret": secret, "header": INGEST_HEADER})


@dataclass(frozen=True)
class IngestGrant:
    """Authorised by the inbox's own ingest secret: this inbox only, nothing else."""

    inbox: Inbox


class IngestSecretAuth(APIKeyHeader):
    param_name = INGEST_HEADER
    openapi_description = "The inbox's ingest secret (POST /inboxes/{id}/ingest-secret)."

    def authenticate(self, request: HttpRequest, key: str | None) -> IngestGrant | None:
        match = request.resolver_match
        inbox_id = match.kwargs.get("inbox_id") if match is not None else None
        if not key or inbox_id is None:
            return None
        try:
            pk = int(inbox_id)
        except (TypeError, ValueError):
            return None
        settings = EmailSettings.objects.filter(inbox_id=pk).select_related("inbox").first()
        if settings is None or not email_ingest_secret_check(email_settings=settings, secret=key):
            return None
        return IngestGrant(inbox=settings.inbox)


@router.post(
    "/inboxes/{inbox_id}/raw-email",
    response={202: RawEmailOut},
    auth=[TokenAuth(), IngestSecretAuth()],
    summary="Deliver one raw email (body: message/rfc822)",
)
def post_raw_email(request: HttpRequest, inbox_id: int) -> Any:
    grant = request.auth  # type: ignore[attr-defined]
    if isinstance(grant, IngestGrant):
        inbox = grant.inbox
        if inbox.pk != inbox_id:
            raise ValidationFailed(_("Inbox not found."))
    else:
        inbox = access_inbox(actor_of(request), inbox_id)
    if inbox.kind != InboxKind.EMAIL:
        raise ValidationFailed(_("Only email inboxes take raw email."))
    if not inbox.is_active:
        raise ValidationFailed(_("This inbox is paused."))
    content_type = (request.content_type or "").lower()
    if content_type not in RAW_EMAIL_TYPES:
        raise AppError(
            _("Send the email as message/rfc822."), code=ErrorCode.UNSUPPORTED_MEDIA_TYPE
        )
    limit = max_email_bytes()
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        raise TooLarge(_("The email is larger than %(limit)d bytes."), params={"limit": limit})
    # Read from the stream: request.body would stop at DATA_UPLOAD_MAX_MEMORY_SIZE.
    raw = request.read(limit + 1)
    if not raw.strip():
        raise ValidationFailed(_("The email is empty."), fields={"body": [str(_("Empty."))]})
    stored = raw_email_store(inbox=inbox, raw=raw, source=RawEmailSource.HTTP)
    return Status(202, stored)
