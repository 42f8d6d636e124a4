"""Invitations, roles and deactivation: who may do what, and every change audited."""

from __future__ import annotations

import pytest
from django.core.mail import EmailMessage

from samadhan.accounts.models import Membership, Role
from samadhan.accounts.services import (
    agent_invite,
    invitation_resend,
    invitation_send_email,
    membership_deactivate,
    membership_set_role,
)
from samadhan.audit.models import AuditEntry
from samadhan.core.errors import PermissionDenied, ValidationFailed
from samadhan.testing.factories import make_agent, make_workspace

pytestmark = pytest.mark.django_db


def test_a_workspace_keeps_an_owner() -> None:
    ws = make_workspace()
    owner = make_agent(ws, role=Role.OWNER)
    with pytest.raises(ValidationFailed, match="at least one active owner"):
        membership_set_role(workspace=ws, agent=owner, role=Role.ADMIN, by=None)
    with pytest.raises(ValidationFailed, match="at least one active owner"):
        membership_deactivate(workspace=ws, agent=owner)
    second = make_agent(ws, role=Role.OWNER)
    membership_set_role(workspace=ws, agent=owner, role=Role.ADMIN, by=second)
    assert Membership.objects.get(workspace=ws, agent=owner).role == Role.ADMIN
    entry = AuditEntry.objects.get(action="agent.role_changed")
    assert (entry.actor, entry.changes) == (second, {"role": ["owner", "admin"]})


def test_who_may_change_whom() -> None:
    ws = make_workspace()
    owner = make_agent(ws, role=Role.OWNER)
    admin = make_agent(ws, role=Role.ADMIN)
    manager = make_agent(ws, role=Role.MANAGER)
    agent = make_agent(ws)
    with pytest.raises(PermissionDenied):
        membership_set_role(workspace=ws, agent=agent, role=Role.OWNER, by=admin)
    with pytest.raises(PermissionDenied):
        membership_deactivate(workspace=ws, agent=owner, by=admin)
    with pytest.raises(PermissionDenied):
        membership_set_role(workspace=ws, agent=agent, role=Role.ADMIN, by=manager)
    with pytest.raises(PermissionDenied):
        membership_set_role(workspace=ws, agent=admin, role=Role.AGENT, by=admin)
    with pytest.raises(PermissionDenied):
        agent_invite(workspace=ws, by=admin, email="o@x.test", name="O", role=Role.OWNER)
    with pytest.raises(PermissionDenied):
        agent_invite(workspace=ws, by=manager, email="m@x.test", name="M", role=Role.AGENT)
    membership_set_role(workspace=ws, agent=agent, role=Role.OWNER, by=owner)
    assert Membership.objects.get(workspace=ws, agent=agent).role == Role.OWNER


def test_inviting_someone_who_already_has_an_account(mailoutbox: list[EmailMessage]) -> None:
    elsewhere = make_workspace()
    known = make_agent(elsewhere, email="known@example.test", name="Known")
    ws = make_workspace()
    admin = make_agent(ws, role=Role.ADMIN)
    membership = agent_invite(
        workspace=ws, by=admin, email="KNOWN@example.test", name="ignored", role=Role.MANAGER
    )
    assert (membership.agent, membership.role) == (known, Role.MANAGER)
    assert invitation_send_email(membership_id=membership.pk) is True
    assert mailoutbox[0].subject == f"Your invitation to {ws.name}"
    assert "/password-reset/" not in str(mailoutbox[0].body)
    assert f"/t/{ws.slug}/" in str(mailoutbox[0].body)
    # Only pending invitations go out again; a known account is not pending.
    with pytest.raises(ValidationFailed):
        invitation_resend(workspace=ws, agent=known, by=admin)


def test_a_pending_invitation_can_be_sent_again(mailoutbox: list[EmailMessage]) -> None:
    ws = make_workspace()
    admin = make_agent(ws, role=Role.ADMIN)
    membership = agent_invite(
        workspace=ws, by=admin, email="new@example.test", name="New", role=Role.AGENT
    )
    invitation_resend(workspace=ws, agent=membership.agent, by=admin)
    assert list(
        AuditEntry.objects.filter(workspace=ws, actor=admin)
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["agent.invited", "agent.invitation_resent"]
    membership_deactivate(workspace=ws, agent=membership.agent, by=admin)
    assert invitation_send_email(membership_id=membership.pk) is False
    assert mailoutbox == []


def test_a_double_submit_that_races_the_check_is_refused_not_a_500(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from samadhan.accounts.models import Team
    from samadhan.accounts.services import team_create
    from samadhan.accounts.services import teams as team_services

    ws = make_workspace()
    team_create(workspace=ws, name="Billing")
    # The second request passed the existence check before the first one committed.
    monkeypatch.setattr(team_services, "_team_name", lambda workspace, name, **kw: name)
    with pytest.raises(ValidationFailed) as caught:
        team_create(workspace=ws, name="Billing")
    assert caught.value.fields == {"name": ["Already taken."]}
    assert Team.objects.filter(workspace=ws).count() == 1
