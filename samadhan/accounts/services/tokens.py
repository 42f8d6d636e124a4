"""API tokens: created shown once, stored hashed, checked by prefix."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

import regex
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import (
    Agent,
    ApiToken,
    Membership,
)
from samadhan.audit.services import audit_record
from samadhan.core.errors import NotFound, ValidationFailed
from samadhan.workspaces.models import Workspace

TOKEN_PREFIX = "sam"  # noqa: S105 - a public marker, not a secret


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(
    *, workspace: Workspace, agent: Agent, name: str = "", by: Agent | None = None
) -> tuple[ApiToken, str]:
    """Create a token and return it with its only plain-text copy."""
    if not Membership.objects.filter(workspace=workspace, agent=agent, is_active=True).exists():
        raise NotFound(_("Agent not found in this workspace."))
    name = name.strip()
    if len(name) > 120:
        raise ValidationFailed(
            _("Give a name of at most 120 characters."),
            fields={"name": [str(_("Give a name of at most 120 characters."))]},
        )
    prefix = secrets.token_hex(6)
    raw = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            workspace=workspace, agent=agent, name=name, prefix=prefix, key_hash=_hash_token(raw)
        )
        audit_record(
            workspace=workspace,
            actor=by,
            action="api_token.created",
            target=token,
            changes={"name": name, "agent": agent.email},
        )
    return token, raw


def api_token_revoke(*, token: ApiToken, by: Agent | None = None) -> ApiToken:
    if token.revoked_at is None:
        with transaction.atomic():
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at", "updated_at"])
            audit_record(
                workspace=token.workspace, actor=by, action="api_token.revoked", target=token
            )
    return token


_TOKEN_SHAPE = regex.compile(r"^sam_([0-9a-f]{12})_[A-Za-z0-9_\-]{20,100}$")
_LAST_USED_RESOLUTION = timedelta(minutes=5)


def api_token_authenticate(*, raw: str) -> ApiToken | None:
    """Return the live token for ``raw``, or None. One indexed read.

    The token comes with its agent, workspace and ``member_role`` (the agent's
    active role in the workspace, or None when no longer a member).
    """
    match = _TOKEN_SHAPE.match(raw)
    if match is None:
        return None
    role = Membership.objects.filter(
        workspace=OuterRef("workspace"), agent=OuterRef("agent"), is_active=True
    ).values("role")[:1]
    token = (
        ApiToken.objects.select_related("agent", "workspace")
        .annotate(member_role=Subquery(role))
        .filter(prefix=match.group(1), revoked_at__isnull=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.key_hash, _hash_token(raw)):
        return None
    if not token.agent.is_active:
        return None
    now = timezone.now()
    # Record use coarsely: a write on every request would serialise readers.
    if token.last_used_at is None or now - token.last_used_at > _LAST_USED_RESOLUTION:
        with transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
