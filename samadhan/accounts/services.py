from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

import regex
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.functional import Promise
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import (
    ROLE_RANK,
    Agent,
    ApiToken,
    Membership,
    Role,
    Skill,
    SkillKind,
    Team,
)
from samadhan.audit.services import audit_diff, audit_record
from samadhan.contacts.identities import normalize_email
from samadhan.core.conf import public_url
from samadhan.core.errors import NotFound, PermissionDenied, ValidationFailed
from samadhan.core.transaction import enqueue_on_commit
from samadhan.workspaces.models import Workspace
from samadhan.workspaces.services import LANGUAGE_CODE

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
    *,
    agent: Agent,
    name: str | None = None,
    language: str | None = None,
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


def _taken(message: Promise, field: str) -> ValidationFailed:
    return ValidationFailed(message, fields={field: [str(_("Already taken."))]})


def _role_of(workspace: Workspace, agent: Agent | None) -> Role | None:
    if agent is None:
        return None
    role = (
        Membership.objects.filter(workspace=workspace, agent=agent, is_active=True)
        .values_list("role", flat=True)
        .first()
    )
    return Role(role) if role else None


def _check_may_change(
    *, workspace: Workspace, by: Agent | None, membership: Membership, new_role: Role | None
) -> None:
    """Who may change whose role or membership (``new_role`` None: deactivation).

    Only owners touch owners; nobody changes their own role or removes
    themself; a workspace always keeps an active owner. ``by`` None is the
    system (a management command), which the last-owner rule still binds.
    """
    old_role = Role(membership.role)
    if by is not None:
        if membership.agent_id == by.pk:
            raise PermissionDenied(_("You cannot change your own role or remove yourself."))
        by_role = _role_of(workspace, by)
        if by_role is None or ROLE_RANK[by_role] < ROLE_RANK[Role.ADMIN]:
            raise PermissionDenied(_("Only admins and owners manage agents."))
        if Role.OWNER in (old_role, new_role) and by_role != Role.OWNER:
            raise PermissionDenied(_("Only an owner can make or change an owner."))
    losing_owner = old_role == Role.OWNER and new_role != Role.OWNER and membership.is_active
    if losing_owner:
        owners = Membership.objects.filter(workspace=workspace, role=Role.OWNER, is_active=True)
        if owners.count() <= 1:
            raise ValidationFailed(
                _("A workspace needs at least one active owner."),
                fields={"role": [str(_("Make someone else an owner first."))]},
            )


def _membership(workspace: Workspace, agent: Agent) -> Membership:
    membership = Membership.objects.filter(workspace=workspace, agent=agent).first()
    if membership is None:
        raise NotFound(_("Agent not found in this workspace."))
    return membership


def membership_set_role(
    *, workspace: Workspace, agent: Agent, role: Role, by: Agent | None
) -> Membership:
    membership = _membership(workspace, agent)
    if membership.role == role:
        return membership
    _check_may_change(workspace=workspace, by=by, membership=membership, new_role=role)
    with transaction.atomic():
        old = membership.role
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
        audit_record(
            workspace=workspace,
            actor=by,
            action="agent.role_changed",
            target=agent,
            changes={"role": [old, role.value]},
        )
    return membership


def membership_deactivate(*, workspace: Workspace, agent: Agent, by: Agent | None = None) -> None:
    """Remove an agent from a workspace; their history stays, their tokens stop working."""
    membership = _membership(workspace, agent)
    if not membership.is_active:
        return
    _check_may_change(workspace=workspace, by=by, membership=membership, new_role=None)
    with transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(
            is_active=False, updated_at=timezone.now()
        )
        ApiToken.objects.filter(workspace=workspace, agent=agent, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        audit_record(workspace=workspace, actor=by, action="agent.deactivated", target=agent)


def membership_reactivate(*, workspace: Workspace, agent: Agent, by: Agent | None) -> Membership:
    membership = _membership(workspace, agent)
    if membership.is_active:
        return membership
    if (
        Role(membership.role) == Role.OWNER
        and by is not None
        and _role_of(workspace, by) != Role.OWNER
    ):
        raise PermissionDenied(_("Only an owner can make or change an owner."))
    with transaction.atomic():
        membership.is_active = True
        membership.save(update_fields=["is_active", "updated_at"])
        audit_record(workspace=workspace, actor=by, action="agent.reactivated", target=agent)
    return membership


def agent_invite(
    *,
    workspace: Workspace,
    by: Agent | None,
    email: str,
    name: str,
    role: Role,
    language: str = "",
) -> Membership:
    """Add a person to the workspace and email them a link to set a password.

    A new person gets an agent without a usable password; someone who already
    has an account elsewhere is added and told where to sign in.
    """
    from samadhan.accounts.tasks import invitation_email

    email = normalize_email(email)
    name = name.strip()
    errors: dict[str, list[str]] = {}
    if not name or len(name) > 200:
        errors["name"] = [str(_("Give a name of at most 200 characters."))]
    if language and language not in dict(settings.LANGUAGES):
        errors["language"] = [str(_("Unknown language."))]
    if errors:
        raise ValidationFailed(_("Please correct the errors below."), fields=errors)
    if by is not None:
        by_role = _role_of(workspace, by)
        if by_role is None or ROLE_RANK[by_role] < ROLE_RANK[Role.ADMIN]:
            raise PermissionDenied(_("Only admins and owners manage agents."))
        if role == Role.OWNER and by_role != Role.OWNER:
            raise PermissionDenied(_("Only an owner can make or change an owner."))
    agent = Agent.objects.filter(email=email).first()
    with transaction.atomic():
        if agent is None:
            agent = agent_create(email=email, name=name, language=language)
        else:
            existing = Membership.objects.filter(workspace=workspace, agent=agent).first()
            if existing is not None:
                raise ValidationFailed(
                    _("This person is already an agent of this workspace."),
                    fields={"email": [str(_("Already a member."))]},
                )
        try:
            with transaction.atomic():
                membership = Membership.objects.create(workspace=workspace, agent=agent, role=role)
        except IntegrityError:
            raise _taken(_("This person is already an agent of this workspace."), "email") from None
        audit_record(
            workspace=workspace,
            actor=by,
            action="agent.invited",
            target=agent,
            changes={"email": agent.email, "role": role.value},
        )
        enqueue_on_commit(invitation_email, membership_id=membership.pk)
    return membership


def invitation_resend(*, workspace: Workspace, agent: Agent, by: Agent | None) -> None:
    from samadhan.accounts.tasks import invitation_email

    membership = _membership(workspace, agent)
    if not membership.is_active or agent.has_usable_password():
        raise ValidationFailed(_("Only pending invitations can be sent again."))
    with transaction.atomic():
        audit_record(workspace=workspace, actor=by, action="agent.invitation_resent", target=agent)
        enqueue_on_commit(invitation_email, membership_id=membership.pk)


def invitation_send_email(*, membership_id: int) -> bool:
    """Email an invitation in the invitee's language (else the workspace's)."""
    membership = (
        Membership.objects.select_related("agent", "workspace")
        .filter(pk=membership_id, is_active=True, agent__is_active=True)
        .first()
    )
    if membership is None:
        return False
    agent, workspace = membership.agent, membership.workspace
    base = public_url().rstrip("/")
    with translation.override(agent.language or workspace.default_language):
        params = {
            "name": agent.name,
            "workspace": workspace.name,
            "url": f"{base}/t/{workspace.slug}/",
        }
        if agent.has_usable_password():
            body = gettext(
                "Hello %(name)s,\n\nYou now have access to %(workspace)s in Samadhan. "
                "Sign in with your usual password:\n\n%(url)s\n"
            )
        else:
            uid = urlsafe_base64_encode(force_bytes(agent.pk))
            token = default_token_generator.make_token(agent)
            params["url"] = f"{base}/password-reset/{uid}/{token}/"
            body = gettext(
                "Hello %(name)s,\n\nYou are invited to help customers of %(workspace)s "
                "with Samadhan. Choose your password here to start:\n\n%(url)s\n\n"
                "The link works once and expires after a few days; ask your admin "
                "for a new one if it no longer works.\n"
            )
        subject = gettext("Your invitation to %(workspace)s") % params
        send_mail(subject, body % params, None, [agent.email])
    return True


def _team_name(workspace: Workspace, name: str, *, exclude: int | None = None) -> str:
    name = name.strip()
    if not name or len(name) > 120:
        raise ValidationFailed(
            _("Give a name of at most 120 characters."),
            fields={"name": [str(_("Give a name of at most 120 characters."))]},
        )
    taken = Team.objects.filter(workspace=workspace, name=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationFailed(
            _("A team with this name already exists."), fields={"name": [str(_("Already taken."))]}
        )
    return name


def _workspace_agents(workspace: Workspace, agents: list[Agent], field: str) -> dict[int, Agent]:
    by_id = {agent.pk: agent for agent in agents}
    active = Membership.objects.filter(workspace=workspace, agent_id__in=by_id, is_active=True)
    if active.count() != len(by_id):
        raise ValidationFailed(
            _("Team members must belong to the workspace."),
            fields={field: [str(_("Unknown agent."))]},
        )
    return by_id


def team_create(
    *,
    workspace: Workspace,
    name: str,
    members: list[Agent] | None = None,
    description: str = "",
    by: Agent | None = None,
) -> Team:
    name = _team_name(workspace, name)
    # Checked before anything is written, so a refused team is not left half made.
    agents = _workspace_agents(workspace, members or [], "members")
    with transaction.atomic():
        try:
            with transaction.atomic():
                team = Team.objects.create(workspace=workspace, name=name, description=description)
        except IntegrityError:
            # A second submit of the same form raced this one past the check.
            raise _taken(_("A team with this name already exists."), "name") from None
        team.members.add(*agents.values())
        audit_record(
            workspace=workspace,
            actor=by,
            action="team.created",
            target=team,
            changes={"name": name, "members": sorted(agents)},
        )
    return team


def team_update(
    *,
    team: Team,
    by: Agent | None,
    name: str | None = None,
    description: str | None = None,
    members: list[Agent] | None = None,
) -> Team:
    workspace = team.workspace
    before: dict[str, object] = {"name": team.name, "description": team.description}
    after: dict[str, object] = {}
    if name is not None:
        after["name"] = _team_name(workspace, name, exclude=team.pk)
    if description is not None:
        after["description"] = description
    agents: dict[int, Agent] | None = None
    if members is not None:
        agents = _workspace_agents(workspace, members, "members")
        before["members"] = sorted(team.members.values_list("id", flat=True))
        after["members"] = sorted(agents)
    changes = audit_diff(before, after)
    if not changes:
        return team
    with transaction.atomic():
        for key in ("name", "description"):
            if key in changes:
                setattr(team, key, after[key])
        team.save()
        if agents is not None and "members" in changes:
            team.members.set(list(agents.values()))
        audit_record(
            workspace=workspace, actor=by, action="team.updated", target=team, changes=changes
        )
    return team


def team_delete(*, team: Team, by: Agent | None) -> None:
    """Delete a team; its tickets keep their assignee and lose only the team."""
    with transaction.atomic():
        audit_record(
            workspace=team.workspace,
            actor=by,
            action="team.deleted",
            target=team,
            changes={"name": team.name},
        )
        team.delete()


def skill_grant(*, workspace: Workspace, agent: Agent, kind: SkillKind, value: str) -> Skill:
    skill, _created = Skill.objects.get_or_create(workspace=workspace, kind=kind, value=value)
    skill.agents.add(agent)
    return skill


def _skill_value(workspace: Workspace, kind: SkillKind, value: str, *, exclude: int | None) -> str:
    value = value.strip()
    if not value or len(value) > 64:
        raise ValidationFailed(
            _("Give a value of at most 64 characters."),
            fields={"value": [str(_("Give a value of at most 64 characters."))]},
        )
    if kind == SkillKind.LANGUAGE:
        # Language skills route by the ticket's language code, so they must be one.
        value = value.lower()
        if not LANGUAGE_CODE.match(value):
            raise ValidationFailed(
                _("Give a language code such as hi, te or pt-br."),
                fields={"value": [str(_("Give a language code such as hi, te or pt-br."))]},
            )
    taken = Skill.objects.filter(workspace=workspace, kind=kind, value=value)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationFailed(
            _("This skill already exists."), fields={"value": [str(_("Already taken."))]}
        )
    return value


def skill_create(
    *,
    workspace: Workspace,
    by: Agent | None,
    kind: SkillKind,
    value: str,
    agents: list[Agent] | None = None,
) -> Skill:
    value = _skill_value(workspace, kind, value, exclude=None)
    members = _workspace_agents(workspace, agents or [], "agents")
    with transaction.atomic():
        try:
            with transaction.atomic():
                skill = Skill.objects.create(workspace=workspace, kind=kind, value=value)
        except IntegrityError:
            raise _taken(_("This skill already exists."), "value") from None
        skill.agents.add(*members.values())
        audit_record(
            workspace=workspace,
            actor=by,
            action="skill.created",
            target=skill,
            changes={"kind": kind.value, "value": value, "agents": sorted(members)},
        )
    return skill


def skill_update(
    *, skill: Skill, by: Agent | None, value: str | None = None, agents: list[Agent] | None = None
) -> Skill:
    workspace = skill.workspace
    before: dict[str, object] = {"value": skill.value}
    after: dict[str, object] = {}
    if value is not None:
        after["value"] = _skill_value(workspace, SkillKind(skill.kind), value, exclude=skill.pk)
    members: dict[int, Agent] | None = None
    if agents is not None:
        members = _workspace_agents(workspace, agents, "agents")
        before["agents"] = sorted(skill.agents.values_list("id", flat=True))
        after["agents"] = sorted(members)
    changes = audit_diff(before, after)
    if not changes:
        return skill
    with transaction.atomic():
        if "value" in changes:
            skill.value = str(after["value"])
            skill.save(update_fields=["value", "updated_at"])
        if members is not None and "agents" in changes:
            skill.agents.set(list(members.values()))
        audit_record(
            workspace=workspace, actor=by, action="skill.updated", target=skill, changes=changes
        )
    return skill


def skill_delete(*, skill: Skill, by: Agent | None) -> None:
    with transaction.atomic():
        audit_record(workspace=skill.workspace, actor=by, action="skill.deleted", target=skill)
        skill.delete()


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
