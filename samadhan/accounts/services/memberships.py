"""Who belongs to a workspace in which role; invitations."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.functional import Promise
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import (
    ROLE_RANK,
    Agent,
    ApiToken,
    Membership,
    Role,
)
from samadhan.accounts.services.agents import agent_create
from samadhan.audit.services import audit_record
from samadhan.contacts.identities import normalize_email
from samadhan.core.conf import public_url
from samadhan.core.errors import NotFound, PermissionDenied, ValidationFailed
from samadhan.core.transaction import enqueue_on_commit
from samadhan.workspaces.models import Workspace


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
