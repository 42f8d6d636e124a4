"""Admin settings forms for agents (invitations, roles, deactivation) and the workspace profile."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core.mail import EmailMessage
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks
from pytest_django import Settings as SettingsWrapper

from samadhan.accounts.models import Agent, Membership, Role
from samadhan.accounts.services import api_token_create
from samadhan.audit.models import AuditEntry
from samadhan.conftest import Seat
from samadhan.testing.factories import make_agent
from samadhan.ui.tests import flashes, signed_in
from samadhan.ui.tests.settings.support import (
    entry,
    section_url,
    url,
)
from samadhan.workspaces.models import Workspace

pytestmark = pytest.mark.django_db


def test_invitation_email_link_sets_a_password(
    seat: Seat,
    settings: SettingsWrapper,
    mailoutbox: list[EmailMessage],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SAMADHAN = {**settings.SAMADHAN, "PUBLIC_URL": "https://help.example.test"}
    client = signed_in(seat.agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            section_url(seat.workspace, "agents"),
            {"email": "Priya@Example.test", "name": "Priya", "role": "agent", "language": "hi"},
            follow=True,
        )
    assert flashes(response) == ["priya@example.test is invited; the email is on its way."]
    priya = Agent.objects.get(email="priya@example.test")
    assert not priya.has_usable_password()
    assert Membership.objects.get(workspace=seat.workspace, agent=priya).role == Role.AGENT
    assert "Invited" in response.content.decode()
    invited = entry("agent.invited")
    assert (invited.actor, invited.changes) == (
        seat.agent,
        {"email": "priya@example.test", "role": "agent"},
    )

    assert [m.to for m in mailoutbox] == [["priya@example.test"]]
    link = re.search(
        r"https://help\.example\.test(/password-reset/[^/\s]+/[^/\s]+/)", str(mailoutbox[0].body)
    )
    assert link is not None, mailoutbox[0].body
    browser = Client()
    form_page = browser.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = browser.post(
        set_url,
        {"new_password1": "a-long-new-passphrase-9", "new_password2": "a-long-new-passphrase-9"},
    )
    assert done.status_code == 302
    priya.refresh_from_db()
    assert priya.check_password("a-long-new-passphrase-9")
    assert browser.login(username="priya@example.test", password="a-long-new-passphrase-9")

    # Inviting them again, or a bad address: errors on the form.
    again = client.post(
        section_url(seat.workspace, "agents"),
        {"email": "priya@example.test", "name": "P", "role": "agent"},
    )
    assert again.status_code == 422
    assert "Already a member." in again.content.decode()
    bad = client.post(
        section_url(seat.workspace, "agents"), {"email": "nope", "name": "", "role": "x"}
    )
    assert bad.status_code == 422


def test_roles_and_deactivation(seat_factory: Callable[..., Seat]) -> None:
    owner = seat_factory(role=Role.OWNER)
    admin = make_agent(owner.workspace, role=Role.ADMIN)
    kiran = make_agent(owner.workspace, role=Role.AGENT)
    ws = owner.workspace
    as_admin = signed_in(admin)
    # An admin cannot hand out the owner role (not even offered), nor change an owner.
    page = as_admin.get(url(ws, "settings_agent", kiran.pk)).content.decode()
    assert 'value="owner"' not in page
    refused = as_admin.post(
        url(ws, "settings_agent", kiran.pk), {"action": "role", "role": "owner"}
    )
    assert refused.status_code == 422
    owner_change = as_admin.post(
        url(ws, "settings_agent", owner.agent.pk), {"action": "role", "role": "agent"}
    )
    assert owner_change.status_code == 422
    assert "Only an owner can make or change an owner." in owner_change.content.decode()
    # Nobody edits themself.
    self_change = as_admin.post(
        url(ws, "settings_agent", admin.pk), {"action": "role", "role": "agent"}
    )
    assert self_change.status_code == 422
    assert Membership.objects.get(workspace=ws, agent=admin).role == Role.ADMIN

    ok = as_admin.post(url(ws, "settings_agent", kiran.pk), {"action": "role", "role": "manager"})
    assert ok.status_code == 302
    assert Membership.objects.get(workspace=ws, agent=kiran).role == Role.MANAGER
    assert entry("agent.role_changed").changes == {"role": ["agent", "manager"]}

    token = api_token_create(workspace=ws, agent=kiran)[0]
    as_admin.post(url(ws, "settings_agent", kiran.pk), {"action": "deactivate"})
    assert Membership.objects.get(workspace=ws, agent=kiran).is_active  # not confirmed
    as_admin.post(url(ws, "settings_agent", kiran.pk), {"action": "deactivate", "confirm": "on"})
    assert not Membership.objects.get(workspace=ws, agent=kiran).is_active
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert signed_in(kiran).get(f"/t/{ws.slug}/").status_code == 404
    assert entry("agent.deactivated").actor == admin
    as_admin.post(url(ws, "settings_agent", kiran.pk), {"action": "reactivate"})
    assert Membership.objects.get(workspace=ws, agent=kiran).is_active
    assert entry("agent.reactivated").actor == admin


def test_workspace_profile_hours_and_holidays(seat: Seat) -> None:
    client = signed_in(seat.agent)
    page = url(seat.workspace, "settings_workspace")
    base = {
        "name": "Acme Support",
        "default_language": "hi",
        "languages": ["en", "hi", "te"],
        "other_languages": "TA, bn",
        "timezone": "Asia/Kolkata",
        "mon_open": "on",
        "mon_from": "09:00",
        "mon_to": "18:00",
        "mon_from2": "",
        "mon_to2": "",
        "sat_open": "on",
        "sat_from": "10:00",
        "sat_to": "13:00",
        "sat_from2": "14:00",
        "sat_to2": "17:00",
        "sun_from": "09:00",
        "sun_to": "18:00",
        "holidays": "2026-01-26\r\n2026-08-15\r\n2026-01-26\r\n",
    }
    bad_zone = client.post(page, {**base, "timezone": "Mars/Olympus"})
    assert bad_zone.status_code == 422
    assert "Select a valid choice" in bad_zone.content.decode()
    for change, error in (
        ({"mon_to": "08:00"}, "The closing time must be after the opening time."),
        ({"holidays": "2026-02-30\nsoon"}, "Not a date (use YYYY-MM-DD): 2026-02-30, soon"),
        ({"default_language": "mr"}, "The default language must be one of the languages."),
        ({"mon_from": ""}, "Give the opening and closing time."),
        ({"sat_to2": ""}, "Give the opening and closing time."),
        ({"sat_from2": "12:00"}, "Opening intervals overlap."),
        ({"other_languages": "Tamil!"}, "Give language codes such as hi, te or pt-br."),
    ):
        answer = client.post(page, {**base, **change})
        assert answer.status_code == 422, change
        assert error in answer.content.decode(), change
    seat.workspace.refresh_from_db()
    assert seat.workspace.timezone == "UTC"
    assert not AuditEntry.objects.filter(action="workspace.updated").exists()

    saved = client.post(page, base, follow=True)
    assert flashes(saved) == ["The workspace settings are saved."]
    ws = Workspace.objects.get(pk=seat.workspace.pk)
    assert (ws.name, ws.default_language, ws.languages, ws.timezone) == (
        "Acme Support",
        "hi",
        ["en", "hi", "te", "ta", "bn"],
        "Asia/Kolkata",
    )
    form = client.get(page).content.decode()
    assert 'value="ta, bn"' in form
    assert ws.business_hours == {
        "mon": [["09:00", "18:00"]],
        "sat": [["10:00", "13:00"], ["14:00", "17:00"]],
    }
    again = client.get(page).content.decode()
    assert 'name="sat_from2" value="14:00"' in again
    assert ws.holidays == ["2026-01-26", "2026-08-15"]
    audit = entry("workspace.updated")
    assert audit.actor == seat.agent
    assert audit.changes["timezone"] == ["UTC", "Asia/Kolkata"]
    assert audit.changes["business_hours"] == [{}, ws.business_hours]

    always = client.post(page, {**base, "always_open": "on"})
    assert always.status_code == 302
    ws.refresh_from_db()
    assert ws.business_hours == {}
