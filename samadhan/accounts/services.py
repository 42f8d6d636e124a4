from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

import regex
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import Agent, ApiToken, Membership, Role, Skill, SkillKind, Team
from samadhan.contacts.identities import normalize_email
from samadhan.core.errors import NotFound, ValidationFailed
from samadhan.workspaces.models import Workspace

TOKEN_PREFIX = "sam"  # noqa: S105 - a public marker, not a secret


def _free_handle(base: str) -> str:
    handle = slugify(base)[:48] or "agent"
    candidate, n = handle, 1
    while Agent.objects.filter(handle=candidate).exists():
        n += 1
        candidate = f"{handle}{n}"
    return candidate


def agent_create(
    *,
    email: str,
    name: str,
    password: str | None = None,
    handle: str | None = None,
    language: str = "",
    is_staff: bool = False,
) -> Agent:
    email = normalize_email(email)
    if Agent.objects.filter(email=email).exists():
        raise ValidationFailed(
            _("An agent with this email already exists."),
            fields={"email": [str(_("Already taken."))]},
        )
    local_part = email.split("@", 1)[0]
    agent = Agent(
        email=email,
        name=name,
        handle=handle or _free_handle(local_part),
        language=language,
        is_staff=is_staff,
        is_superuser=is_staff,
    )
    agent.set_password(password)
    agent.save()
    return agent


def agent_set_password(*, agent: Agent, password: str) -> Agent:
    agent.set_password(password)
    agent.save(update_fields=["password"])
    return agent


def agent_update_profile(
    *, agent: Agent, name: str | None = None, language: str | None = None,
    timezone_name: str | None = None,
) -> Agent:
    """An agent's own settings: display name, UI language, time zone."""
    import zoneinfo

    from django.conf import settings

    errors: dict[str, list[str]] = {}
    if name is not None:
        name = name.strip()
        if not name or len(name) > 200:
            errors["name"] = [str(_("Give a name of at most 200 characters."))]
    if language is not None and language and language not in dict(settings.LANGUAGES):
        errors["language"] = [str(_("Unknown language."))]
    if timezone_name:
        try:
            zoneinfo.ZoneInfo(timezone_name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            errors["timezone"] = [str(_("Unknown time zone."))]
    if errors:
        raise ValidationFailed(_("Please correct the errors below."), fields=errors)
    update: list[str] = []
    if name is not None and name != agent.name:
        agent.name, update = name, [*update, "name"]
    if language is not None and language != agent.language:
        agent.language, update = language, [*update, "language"]
    if timezone_name is not None and timezone_name != agent.timezone:
        agent.timezone, update = timezone_name, [*update, "timezone"]
    if update:
        agent.save(update_fields=update)
    return agent


def membership_set(*, workspace: Workspace, agent: Agent, role: Role) -> Membership:
    membership, _created = Membership.objects.update_or_create(
        workspace=workspace, agent=agent, defaults={"role": role, "is_active": True}
    )
    return membership


def membership_deactivate(*, workspace: Workspace, agent: Agent) -> None:
    """Remove an agent from a workspace; their history stays."""
    Membership.objects.filter(workspace=workspace, agent=agent).update(is_active=False)
    ApiToken.objects.filter(workspace=workspace, agent=agent, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def team_create(*, workspace: Workspace, name: str, members: list[Agent] | None = None) -> Team:
    if Team.objects.filter(workspace=workspace, name=name).exists():
        raise ValidationFailed(
            _("A team with this name already exists."), fields={"name": [str(_("Already taken."))]}
        )
    agents = {agent.pk: agent for agent in members or []}
    # Checked before anything is written, so a refused team is not left half made.
    active = Membership.objects.filter(workspace=workspace, agent_id__in=agents, is_active=True)
    if active.count() != len(agents):
        raise ValidationFailed(_("Team members must belong to the workspace."))
    with transaction.atomic():
        team = Team.objects.create(workspace=workspace, name=name)
        team.members.add(*agents.values())
    return team


def skill_grant(*, workspace: Workspace, agent: Agent, kind: SkillKind, value: str) -> Skill:
    skill, _created = Skill.objects.get_or_create(workspace=workspace, kind=kind, value=value)
    skill.agents.add(agent)
    return skill


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, workspace: Workspace, agent: Agent, name: str = "") -> tuple[ApiToken, str]:
    """Create a token and return it with its only plain-text copy."""
    if not Membership.objects.filter(workspace=workspace, agent=agent, is_active=True).exists():
        raise NotFound(_("Agent not found in this workspace."))
    prefix = secrets.token_hex(6)
    raw = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        workspace=workspace, agent=agent, name=name, prefix=prefix, key_hash=_hash_token(raw)
    )
    return token, raw


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
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
