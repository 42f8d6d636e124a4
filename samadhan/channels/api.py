"""Inboxes over the API: create and configure them, and post raw email into email inboxes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from ninja.security import APIKeyHeader
from pydantic import ConfigDict, Field

from samadhan.accounts.access import Actor, require_role
from samadhan.accounts.models import Role, Team
from samadhan.api.auth import TokenAuth, actor_of
from samadhan.channels.access import access_inbox
from samadhan.channels.chat.api import (
    ChatOptionsIn,
    ChatOptionsOut,
    IdentitySecretOut,
    chat_changes,
    chat_out,
)
from samadhan.channels.chat.models import ChatSettings
from samadhan.channels.chat.services import (
    chat_identity_secret_rotate,
    chat_inbox_create,
    chat_settings_update,
)
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


class ImapIn(Schema):
    model_config = ConfigDict(extra="forbid")
    host: str | None = Field(None, max_length=255)
    port: int | None = Field(None, ge=1, le=65535)
    security: Security | None = None
    username: str | None = Field(None, max_length=255)
    password: str | None = Field(None, max_length=1024)
    oauth2_token: str | None = Field(None, max_length=8000)
    folder: str | None = Field(None, max_length=255)
    processed_folder: str | None = Field(None, max_length=255)
    idle: bool | None = None


class SmtpIn(Schema):
    model_config = ConfigDict(extra="forbid")
    host: str | None = Field(None, max_length=255)
    port: int | None = Field(None, ge=1, le=65535)
    security: Security | None = None
    username: str | None = Field(None, max_length=255)
    password: str | None = Field(None, max_length=1024)


class _EmailOptionsIn(Schema):
    """Email inbox options; ``None`` (or absent) leaves a setting as it is."""

    model_config = ConfigDict(extra="forbid")
    address: str | None = Field(None, min_length=3, max_length=254)
    subject_prefix: str | None = Field(None, max_length=16)
    plus_addressing: bool | None = None
    auto_acknowledge: bool | None = None
    followup_after_days: int | None = Field(None, ge=0, le=3650)
    create_tickets_from_agent_forwards: bool | None = None
    imap: ImapIn | None = None
    smtp: SmtpIn | None = None


class InboxIn(_EmailOptionsIn):
    kind: Literal["email", "web_form", "api", "chat"]
    name: str = Field(..., min_length=1, max_length=120)
    default_team_id: int | None = None
    chat: ChatOptionsIn | None = None


class InboxPatchIn(_EmailOptionsIn):
    name: str | None = Field(None, min_length=1, max_length=120)
    is_active: bool | None = None
    default_team_id: int | None = None
    chat: ChatOptionsIn | None = None


class EmailOptionsOut(Schema):
    subject_prefix: str
    plus_addressing: bool
    auto_acknowledge: bool
    followup_after_days: int
    create_tickets_from_agent_forwards: bool
    ingest_secret_set: bool


class ImapOut(Schema):
    """As stored; the password and token only say whether one is set."""

    host: str
    port: int
    security: str
    username: str
    password_set: bool
    oauth2_token_set: bool
    folder: str
    processed_folder: str
    idle: bool
    last_polled_at: datetime | None
    last_error: str


class SmtpOut(Schema):
    host: str
    port: int
    security: str
    username: str
    password_set: bool


class InboxOut(Schema):
    id: int
    kind: str
    name: str
    is_active: bool
    default_team_id: int | None
    created_at: datetime
    address: str | None
    email: EmailOptionsOut | None
    imap: ImapOut | None
    smtp: SmtpOut | None
    chat: ChatOptionsOut | None


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


_EMAIL_OPTIONS = (
    "address",
    "subject_prefix",
    "plus_addressing",
    "auto_acknowledge",
    "followup_after_days",
    "create_tickets_from_agent_forwards",
)


def _email_given(payload: _EmailOptionsIn) -> bool:
    return any(getattr(payload, n) is not None for n in (*_EMAIL_OPTIONS, "imap", "smtp"))


def _changes(payload: _EmailOptionsIn) -> EmailSettingsChanges:
    values: dict[str, Any] = {
        n: getattr(payload, n) for n in _EMAIL_OPTIONS if getattr(payload, n) is not None
    }
    for prefix, part in (("imap", payload.imap), ("smtp", payload.smtp)):
        if part is not None:
            for key, value in part.model_dump(exclude_none=True).items():
                values[f"{prefix}_{key}"] = value
    return EmailSettingsChanges(**values)


def _api_fields(exc: ValidationFailed) -> ValidationFailed:
    """Service field names (imap_port) as the API spells them (imap.port)."""
    fields = {
        (k.replace("_", ".", 1) if k.startswith(("imap_", "smtp_")) else k): v
        for k, v in exc.fields.items()
    }
    return ValidationFailed(exc.message_template, fields=fields, params=exc.params)


def _chat_fields(exc: ValidationFailed) -> ValidationFailed:
    """Chat settings' field names (color) as the API nests them (chat.color)."""
    fields = {f"chat.{k}": v for k, v in exc.fields.items()}
    return ValidationFailed(exc.message_template, fields=fields, params=exc.params)


def _inbox_out(inbox: Inbox) -> dict[str, Any]:
    s = EmailSettings.objects.filter(inbox=inbox).first()
    out: dict[str, Any] = {
        "id": inbox.pk,
        "kind": inbox.kind,
        "name": inbox.name,
        "is_active": inbox.is_active,
        "default_team_id": inbox.default_team_id,
        "created_at": inbox.created_at,
        "address": None,
        "email": None,
        "imap": None,
        "smtp": None,
        "chat": chat_out(inbox) if inbox.kind == InboxKind.CHAT else None,
    }
    if s is None:
        return out
    out["address"] = s.address
    out["email"] = {
        "subject_prefix": s.subject_prefix,
        "plus_addressing": s.plus_addressing,
        "auto_acknowledge": s.auto_acknowledge,
        "followup_after_days": s.followup_after_days,
        "create_tickets_from_agent_forwards": s.create_tickets_from_agent_forwards,
        "ingest_secret_set": bool(s.ingest_secret_hash),
    }
    out["imap"] = {
        "host": s.imap_host,
        "port": s.imap_port,
        "security": s.imap_security,
        "username": s.imap_username,
        "password_set": bool(s.imap_password),
        "oauth2_token_set": bool(s.imap_oauth2_token),
        "folder": s.imap_folder,
        "processed_folder": s.imap_processed_folder,
        "idle": s.imap_idle,
        "last_polled_at": s.imap_last_polled_at,
        "last_error": s.imap_last_error,
    }
    out["smtp"] = {
        "host": s.smtp_host,
        "port": s.smtp_port,
        "security": s.smtp_security,
        "username": s.smtp_username,
        "password_set": bool(s.smtp_password),
    }
    return out


def _team(actor: Actor, team_id: int | None) -> Team | None:
    if team_id is None:
        return None
    team = Team.objects.filter(workspace_id=actor.workspace_id, pk=team_id).first()
    if team is None:
        raise ValidationFailed(
            _("Unknown team."), fields={"default_team_id": [str(_("Unknown team."))]}
        )
    return team


def _not_email(field: str) -> ValidationFailed:
    message = (
        _("Only chat inboxes have chat settings.")
        if field == "chat"
        else _("Only email inboxes have email settings.")
    )
    return ValidationFailed(message, fields={field: [str(message)]})


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
        if not payload.address:
            message = _("An email inbox needs its address.")
            raise ValidationFailed(message, fields={"address": [str(message)]})
        try:
            inbox = email_inbox_create(
                workspace=actor.workspace,
                name=payload.name,
                address=payload.address,
                default_team=team,
                settings=_changes(payload),
                by=actor.agent,
            )
        except ValidationFailed as exc:
            raise _api_fields(exc) from None
    elif payload.kind == "chat":
        if _email_given(payload):
            raise _not_email("address")
        try:
            inbox = chat_inbox_create(
                workspace=actor.workspace,
                name=payload.name,
                default_team=team,
                settings=chat_changes(payload.chat) if payload.chat else None,
                by=actor.agent,
            )
        except ValidationFailed as exc:
            raise _chat_fields(exc) from None
    else:
        if _email_given(payload) or payload.chat is not None:
            raise _not_email("address")
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
    if _email_given(payload) and settings is None:
        raise _not_email("address")
    team = _team(actor, payload.default_team_id)
    chat_settings = ChatSettings.objects.filter(inbox=inbox).first()
    if payload.chat is not None and chat_settings is None:
        raise _not_email("chat")
    with transaction.atomic():
        if chat_settings is not None and payload.chat is not None:
            try:
                chat_settings_update(
                    chat_settings=chat_settings, by=actor.agent, changes=chat_changes(payload.chat)
                )
            except ValidationFailed as exc:
                raise _chat_fields(exc) from None
        if settings is not None:
            try:
                email_settings_update(
                    email_settings=settings, by=actor.agent, changes=_changes(payload)
                )
            except ValidationFailed as exc:
                raise _api_fields(exc) from None
        inbox = inbox_update(
            inbox=inbox,
            by=actor.agent,
            name=payload.name,
            is_active=payload.is_active,
            default_team=team,
            set_default_team="default_team_id" in payload.model_fields_set,
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


@router.post("/inboxes/{inbox_id}/identity-secret", response={201: IdentitySecretOut})
def rotate_identity_secret(request: HttpRequest, inbox_id: int) -> Any:
    """A new secret for chat identity verification, shown once."""
    actor = actor_of(request)
    settings = ChatSettings.objects.filter(inbox=access_inbox(actor, inbox_id)).first()
    if settings is None:
        raise ValidationFailed(_("Only chat inboxes verify identities."))
    return Status(
        201, {"secret": chat_identity_secret_rotate(chat_settings=settings, by=actor.agent)}
    )


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
