"""Admin settings pages: who sees what, tenant isolation, and every form through real services."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.mail import EmailMessage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks
from pytest_django import Settings as SettingsWrapper

from samadhan.accounts.models import Agent, ApiToken, Membership, Role, Skill, SkillKind, Team
from samadhan.accounts.services import api_token_create, skill_create, team_create
from samadhan.audit.models import AuditEntry
from samadhan.channels.models import Inbox, InboxKind
from samadhan.channels.services import inbox_create
from samadhan.conftest import Seat
from samadhan.core.domain_events import DomainEvent, EventType
from samadhan.testing.api_client import ApiClient
from samadhan.testing.factories import make_agent, make_ticket, make_workspace
from samadhan.tickets.models import CustomField, FieldType, Macro, Tag
from samadhan.tickets.services.custom_field import custom_field_create
from samadhan.tickets.services.macro import macro_create
from samadhan.tickets.tags import ticket_tag_names, ticket_tags_set
from samadhan.ui.tests import flashes, signed_in
from samadhan.webhooks.models import WebhookDelivery, WebhookSubscription
from samadhan.webhooks.services import webhook_create, webhook_deliveries_create
from samadhan.workspaces.models import Workspace

pytestmark = pytest.mark.django_db

ADMIN_ONLY = ("workspace", "agents", "inboxes", "fields", "webhooks", "tokens", "audit")
MANAGER_OK = ("", "teams", "skills", "tags", "macros")


@pytest.fixture(autouse=True)
def _private_webhooks(settings: SettingsWrapper) -> None:
    # Receivers in these tests are on this machine; URL checks are tested in webhooks/.
    settings.SAMADHAN = {**settings.SAMADHAN, "WEBHOOK_ALLOW_PRIVATE_NETWORKS": True}


def url(ws: Workspace, name: str, *args: Any) -> str:
    return reverse(f"ui:{name}", args=[ws.slug, *args])


def section_url(ws: Workspace, section: str) -> str:
    return f"/t/{ws.slug}/settings/{section}/" if section else f"/t/{ws.slug}/settings/"


def things(ws: Workspace, agent: Agent) -> dict[str, Any]:
    """One object of every kind in ``ws``, made through the services."""
    team = team_create(workspace=ws, name="Billing", members=[agent])
    ticket = make_ticket(ws)
    ticket_tags_set(ticket=ticket, names=["refund"])
    webhook = webhook_create(workspace=ws, url="http://127.0.0.1:9/hook", events=[])
    return {
        "team": team,
        "skill": skill_create(workspace=ws, by=None, kind=SkillKind.LANGUAGE, value="hi"),
        "inbox": inbox_create(workspace=ws, kind=InboxKind.WEB_FORM, name="Website"),
        "field": custom_field_create(
            workspace=ws, key="order_id", label="Order", field_type=FieldType.TEXT
        ),
        "tag": Tag.objects.get(workspace=ws, name="refund"),
        "macro": macro_create(workspace=ws, name="Thanks", texts={"en": "Thank you"}),
        "webhook": webhook,
        "token": api_token_create(workspace=ws, agent=agent, name="CRM")[0],
        "agent": agent,
    }


def detail_urls(ws: Workspace, t: dict[str, Any]) -> list[str]:
    return [
        url(ws, "settings_agent", t["agent"].pk),
        url(ws, "settings_team", t["team"].pk),
        url(ws, "settings_skill", t["skill"].pk),
        url(ws, "settings_inbox", t["inbox"].pk),
        url(ws, "settings_field", t["field"].pk),
        url(ws, "settings_tag", t["tag"].pk),
        url(ws, "settings_macro", t["macro"].pk),
        url(ws, "settings_webhook", t["webhook"].pk),
    ]


def nav(html: str) -> list[str]:
    block = html.split('class="settings-nav"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<span>([^<]+)</span>", block)


def test_every_page_renders_for_an_admin(seat: Seat) -> None:
    t = things(seat.workspace, seat.agent)
    client = signed_in(seat.agent)
    home = client.get(section_url(seat.workspace, ""))
    assert home.status_code == 200
    assert nav(home.content.decode()) == [
        "Overview",
        "Workspace",
        "Agents",
        "Teams",
        "Skills",
        "Inboxes",
        "Custom fields",
        "Tags",
        "Macros",
        "Webhooks",
        "API tokens",
        "Audit log",
    ]
    pages = [section_url(seat.workspace, s) for s in (*ADMIN_ONLY, *MANAGER_OK)]
    pages += [url(seat.workspace, "settings_macro_new"), *detail_urls(seat.workspace, t)]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert 'aria-current="page"' in html, page
        # Every visible input has a label that points at it.
        for input_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html):
            if (
                f'id="{input_id}"' in html
                and 'type="hidden"' not in html.split(f'id="{input_id}"')[0].rsplit("<", 1)[1]
            ):
                assert f'for="{input_id}"' in html, (page, input_id)


def test_a_manager_sees_the_sections_a_manager_may(seat_factory: Callable[..., Seat]) -> None:
    admin = seat_factory()
    manager = make_agent(admin.workspace, role=Role.MANAGER)
    t = things(admin.workspace, admin.agent)
    ws = admin.workspace
    client = signed_in(manager)
    home = client.get(section_url(ws, ""))
    assert nav(home.content.decode()) == ["Overview", "Teams", "Skills", "Tags", "Macros"]
    for section in MANAGER_OK:
        assert client.get(section_url(ws, section)).status_code == 200, section
    for section in ADMIN_ONLY:
        assert client.get(section_url(ws, section)).status_code == 403, section
    for page in detail_urls(ws, t):
        allowed = any(f"/settings/{s}/" in page for s in ("teams", "skills", "tags", "macros"))
        assert client.get(page).status_code == (200 if allowed else 403), page
    assert client.post(section_url(ws, "tokens"), {"name": "x"}).status_code == 403
    assert not ApiToken.objects.filter(name="x").exists()


@pytest.mark.parametrize("role", [Role.AGENT, Role.COLLABORATOR])
def test_agents_get_403(seat: Seat, role: Role) -> None:
    client = signed_in(make_agent(seat.workspace, role=role))
    for section in (*MANAGER_OK, *ADMIN_ONLY):
        assert client.get(section_url(seat.workspace, section)).status_code == 403
    assert client.post(section_url(seat.workspace, "teams"), {"name": "X"}).status_code == 403
    assert not Team.objects.exists()


def test_signed_out_is_sent_to_sign_in(seat: Seat) -> None:
    response = Client().get(section_url(seat.workspace, "teams"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("ui:login"))


def test_another_workspaces_objects_are_404(seat_factory: Callable[..., Seat]) -> None:
    mine, theirs = seat_factory(), seat_factory()
    t = things(theirs.workspace, theirs.agent)
    client = signed_in(mine.agent)
    for page in detail_urls(theirs.workspace, t):
        # Their objects at my workspace's addresses: not found.
        mine_page = page.replace(f"/t/{theirs.workspace.slug}/", f"/t/{mine.workspace.slug}/")
        assert client.get(mine_page).status_code == 404, mine_page
        assert client.post(mine_page, {"name": "hijack", "action": "rename"}).status_code == 404
        # Their workspace itself: not found either.
        assert client.get(page).status_code == 404, page
    ws = mine.workspace.slug
    for path in (
        f"/t/{ws}/settings/teams/{t['team'].pk}/delete",
        f"/t/{ws}/settings/skills/{t['skill'].pk}/delete",
        f"/t/{ws}/settings/webhooks/{t['webhook'].pk}/delete",
        f"/t/{ws}/settings/tokens/{t['token'].pk}/revoke",
    ):
        assert client.post(path, {"confirm": "on"}).status_code == 404, path
    assert Team.objects.filter(pk=t["team"].pk, name="Billing").exists()
    assert WebhookSubscription.objects.filter(pk=t["webhook"].pk).exists()
    assert ApiToken.objects.get(pk=t["token"].pk).revoked_at is None
    assert not AuditEntry.objects.filter(actor=mine.agent).exists()


def entry(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).latest("id")


def test_create_a_team_with_members(seat: Seat) -> None:
    kiran = make_agent(seat.workspace, name="Kiran")
    outsider = make_agent(make_workspace(), name="Outsider")
    client = signed_in(seat.agent)
    page = client.get(section_url(seat.workspace, "teams")).content.decode()
    assert '<label for="id_members_0"' in page or 'for="id_members_0"' in page
    response = client.post(
        section_url(seat.workspace, "teams"),
        {"name": " Refunds ", "description": "Money back", "members": [kiran.pk, seat.agent.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert flashes(response) == ["Team Refunds is created."]
    team = Team.objects.get(workspace=seat.workspace)
    assert (team.name, team.description) == ("Refunds", "Money back")
    assert set(team.members.all()) == {kiran, seat.agent}
    audit = entry("team.created")
    assert (audit.actor, audit.workspace, audit.target_repr) == (
        seat.agent,
        seat.workspace,
        "Refunds",
    )
    assert audit.changes == {"name": "Refunds", "members": sorted([kiran.pk, seat.agent.pk])}

    # Same name again, and an agent of another workspace: errors, not 500s.
    again = client.post(section_url(seat.workspace, "teams"), {"name": "Refunds"})
    assert again.status_code == 422
    assert "A team with this name already exists." in again.content.decode() or (
        "Already taken." in again.content.decode()
    )
    foreign = client.post(
        section_url(seat.workspace, "teams"), {"name": "Other", "members": [outsider.pk]}
    )
    assert foreign.status_code == 422
    assert Team.objects.filter(workspace=seat.workspace).count() == 1

    # Edit: rename and drop a member; then delete.
    edit = client.post(
        url(seat.workspace, "settings_team", team.pk),
        {"name": "Refunds team", "description": "", "members": [kiran.pk]},
    )
    assert edit.status_code == 302
    team.refresh_from_db()
    assert team.name == "Refunds team"
    assert list(team.members.all()) == [kiran]
    assert entry("team.updated").changes == {
        "name": ["Refunds", "Refunds team"],
        "description": ["Money back", ""],
        "members": [sorted([kiran.pk, seat.agent.pk]), [kiran.pk]],
    }
    unconfirmed = client.post(url(seat.workspace, "settings_team_delete", team.pk))
    assert unconfirmed.status_code == 302
    assert Team.objects.filter(pk=team.pk).exists()
    client.post(url(seat.workspace, "settings_team_delete", team.pk), {"confirm": "on"})
    assert not Team.objects.filter(pk=team.pk).exists()
    assert entry("team.deleted").target_repr == "Refunds team"


def test_create_a_dropdown_custom_field(seat: Seat) -> None:
    client = signed_in(seat.agent)
    response = client.post(
        section_url(seat.workspace, "fields"),
        {
            "label": "Reason",
            "key": "reason",
            "field_type": "dropdown",
            "options": "refund|Refund requested\r\ndamaged\r\n\r\nlate | Arrived late",
            "required": "on",
        },
    )
    assert response.status_code == 302
    field = CustomField.objects.get(workspace=seat.workspace)
    assert (field.key, field.label, field.field_type, field.required) == (
        "reason",
        "Reason",
        "dropdown",
        True,
    )
    assert field.options == [
        {"value": "refund", "label": "Refund requested"},
        {"value": "damaged", "label": "damaged"},
        {"value": "late", "label": "Arrived late"},
    ]
    assert entry("custom_field.created").actor == seat.agent

    for bad, error in (
        ({"key": "Bad Key", "field_type": "text"}, "Use lowercase letters, digits and _."),
        ({"key": "reason", "field_type": "text"}, "Already taken."),
        ({"key": "size", "field_type": "dropdown", "options": ""}, "distinct values"),
        ({"key": "size", "field_type": "text", "options": "a|b"}, "Not allowed."),
        ({"key": "size", "field_type": "nonsense"}, "Select a valid choice"),
    ):
        answer = client.post(section_url(seat.workspace, "fields"), {"label": "X", **bad})
        assert answer.status_code == 422, bad
        assert error in answer.content.decode(), bad
    assert CustomField.objects.count() == 1

    edit = client.post(
        url(seat.workspace, "settings_field", field.pk),
        {"label": "Why", "options": "refund|Refund", "position": "3"},
    )
    assert edit.status_code == 302
    field.refresh_from_db()
    assert (field.label, field.required, field.is_active, field.position) == (
        "Why",
        False,
        False,
        3,
    )
    assert entry("custom_field.updated").changes["is_active"] == [True, False]


def test_create_a_macro_with_telugu_and_hindi_texts(seat: Seat) -> None:
    team = team_create(workspace=seat.workspace, name="Billing")
    client = signed_in(seat.agent)
    response = client.post(
        reverse("ui:settings_macro_new", args=[seat.workspace.slug]),
        {
            "name": "Refund done",
            "reply_kind": "reply",
            "status": "solved",
            "priority": "",
            "assignee": "none",
            "team": str(team.pk),
            "add_tags": "Refund, done",
            "remove_tags": "",
            "text_te": "నమస్కారం {{ contact.first_name }}, మీ రీఫండ్ పూర్తయింది.",
            "text_hi": "नमस्ते {{ contact.first_name }}, आपका रिफंड हो गया।",
            "text_en": "",
        },
    )
    assert response.status_code == 302, response.content.decode()
    macro = Macro.objects.get(workspace=seat.workspace)
    assert macro.actions == {
        "reply_kind": "reply",
        "status": "solved",
        "assignee_id": None,
        "team_id": team.pk,
        "add_tags": ["refund", "done"],
    }
    texts = dict(macro.translations.values_list("language", "body"))
    assert texts == {
        "te": "నమస్కారం {{ contact.first_name }}, మీ రీఫండ్ పూర్తయింది.",
        "hi": "नमस्ते {{ contact.first_name }}, आपका रिफंड हो गया।",
    }
    created = entry("macro.created")
    assert created.actor == seat.agent
    assert created.changes["texts"] == texts

    page = client.get(url(seat.workspace, "settings_macro", macro.pk)).content.decode()
    assert "మీ రీఫండ్ పూర్తయింది" in page
    assert 'lang="te"' in page

    # A typo in a placeholder is refused on that language's box; nothing changes.
    bad = client.post(
        url(seat.workspace, "settings_macro", macro.pk),
        {"name": "Refund done", "reply_kind": "reply", "text_hi": "{{ contact.pasword }}"},
    )
    assert bad.status_code == 422
    assert "Unknown placeholders" in bad.content.decode() or "Use one of" in bad.content.decode()
    assert dict(macro.translations.values_list("language", "body")) == texts

    # Emptying Hindi removes it; the macro stays with Telugu; deactivating is recorded.
    client.post(
        url(seat.workspace, "settings_macro", macro.pk),
        {"name": "Refund done", "reply_kind": "note", "text_te": texts["te"], "text_hi": ""},
    )
    macro.refresh_from_db()
    assert list(macro.translations.values_list("language", flat=True)) == ["te"]
    assert macro.is_active is False
    changes = entry("macro.updated").changes
    assert changes["texts"] == [texts, {"te": texts["te"]}]
    assert changes["is_active"] == [True, False]


def test_webhook_create_edit_and_delivery_log(seat: Seat) -> None:
    client = signed_in(seat.agent)
    response = client.post(
        section_url(seat.workspace, "webhooks"),
        {
            "url": "http://127.0.0.1:9/crm",
            "description": "CRM",
            "events": ["ticket.created", "message.created"],
        },
    )
    webhook = WebhookSubscription.objects.get(workspace=seat.workspace)
    assert response.status_code == 302
    assert response["Location"] == url(seat.workspace, "settings_webhook", webhook.pk)
    assert webhook.events == ["message.created", "ticket.created"]
    assert entry("webhook.created").actor == seat.agent

    webhook_deliveries_create(
        event=DomainEvent(
            type=EventType.TICKET_CREATED, workspace_id=seat.workspace.pk, payload={"number": 7}
        )
    )
    assert WebhookDelivery.objects.count() == 1
    page = client.get(url(seat.workspace, "settings_webhook", webhook.pk)).content.decode()
    assert "ticket.created" in page
    assert "Pending" in page
    assert webhook.secret in page

    bad = client.post(
        url(seat.workspace, "settings_webhook", webhook.pk), {"url": "ftp://x", "events": ["nope"]}
    )
    assert bad.status_code == 422
    edit = client.post(
        url(seat.workspace, "settings_webhook", webhook.pk),
        {"url": "http://127.0.0.1:9/crm2", "description": "CRM", "events": []},
    )
    assert edit.status_code == 302
    webhook.refresh_from_db()
    assert (webhook.url, webhook.events, webhook.is_active) == (
        "http://127.0.0.1:9/crm2",
        [],
        False,
    )
    assert entry("webhook.updated").changes == {
        "url": ["http://127.0.0.1:9/crm", "http://127.0.0.1:9/crm2"],
        "events": [["message.created", "ticket.created"], []],
        "is_active": [True, False],
    }
    client.post(url(seat.workspace, "settings_webhook_delete", webhook.pk), {"confirm": "on"})
    assert not WebhookSubscription.objects.exists()
    assert entry("webhook.deleted").target_repr == "http://127.0.0.1:9/crm2"


def test_api_token_shown_once_then_only_its_prefix(seat: Seat) -> None:
    client = signed_in(seat.agent)
    response = client.post(section_url(seat.workspace, "tokens"), {"name": "CRM sync"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(workspace=seat.workspace, name="CRM sync")
    raw = re.search(r'id="new-token">([^<]+)<', response.content.decode())
    assert raw is not None
    assert raw.group(1).startswith(f"sam_{token.prefix}_")
    assert token.agent == seat.agent
    assert entry("api_token.created").actor == seat.agent

    listing = client.get(section_url(seat.workspace, "tokens")).content.decode()
    assert raw.group(1) not in listing
    assert f"sam_{token.prefix}_…" in listing
    # The token works on the API, until it is revoked.
    assert ApiClient(raw.group(1)).get("me").status_code == 200
    client.post(url(seat.workspace, "settings_token_revoke", token.pk))
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiClient(raw.group(1)).get("me").status_code == 401
    assert entry("api_token.revoked").actor == seat.agent


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


def test_skills_inboxes_and_tags(seat: Seat) -> None:
    ws = seat.workspace
    kiran = make_agent(ws, name="Kiran")
    client = signed_in(seat.agent)
    assert (
        client.post(
            section_url(ws, "skills"), {"kind": "language", "value": "te", "agents": [kiran.pk]}
        ).status_code
        == 302
    )
    skill = Skill.objects.get(workspace=ws)
    assert list(skill.agents.all()) == [kiran]
    unknown = client.post(section_url(ws, "skills"), {"kind": "language", "value": "Klingon!"})
    assert unknown.status_code == 422
    assert "Give a language code such as hi, te or pt-br." in unknown.content.decode()
    client.post(url(ws, "settings_skill_delete", skill.pk), {"confirm": "on"})
    assert not Skill.objects.exists()
    assert [e.action for e in AuditEntry.objects.filter(action__startswith="skill.")] == [
        "skill.created",
        "skill.deleted",
    ]

    team = team_create(workspace=ws, name="Web")
    created = client.post(
        section_url(ws, "inboxes"), {"kind": "web_form", "name": "Website", "default_team": team.pk}
    )
    inbox = Inbox.objects.get(workspace=ws, name="Website")
    assert created["Location"] == url(ws, "settings_inbox", inbox.pk)
    assert inbox.default_team == team
    detail = client.get(url(ws, "settings_inbox", inbox.pk)).content.decode()
    assert f"/forms/{inbox.public_id}/" in detail
    client.post(url(ws, "settings_inbox", inbox.pk), {"name": "Site", "default_team": ""})
    inbox = Inbox.objects.get(pk=inbox.pk)
    assert (inbox.name, inbox.is_active, inbox.default_team_id) == ("Site", False, None)
    assert entry("inbox.updated").changes == {
        "name": ["Website", "Site"],
        "is_active": [True, False],
        "default_team": [team.pk, None],
    }

    one, two = make_ticket(ws), make_ticket(ws)
    ticket_tags_set(ticket=one, names=["refund", "urgent"])
    ticket_tags_set(ticket=two, names=["refunds"])
    macro = macro_create(workspace=ws, name="M", actions={"add_tags": ["refunds", "x"]})
    refunds = Tag.objects.get(workspace=ws, name="refunds")
    listing = client.get(section_url(ws, "tags")).content.decode()
    assert "refunds" in listing
    taken = client.post(
        url(ws, "settings_tag", refunds.pk), {"action": "rename", "rename-name": "Refund"}
    )
    assert taken.status_code == 422
    assert (
        "merge the two tags instead" in taken.content.decode()
        or "Already taken." in taken.content.decode()
    )
    merged = client.post(
        url(ws, "settings_tag", refunds.pk), {"action": "merge", "merge-target": "refund"}
    )
    assert merged.status_code == 302
    assert ticket_tag_names(two) == ["refund"]
    macro.refresh_from_db()
    assert macro.actions["add_tags"] == ["refund", "x"]
    urgent = Tag.objects.get(workspace=ws, name="urgent")
    client.post(url(ws, "settings_tag", urgent.pk), {"action": "rename", "rename-name": "P1 now"})
    assert ticket_tag_names(one) == ["p1-now", "refund"]
    client.post(url(ws, "settings_tag", urgent.pk), {"action": "delete", "confirm": "on"})
    assert ticket_tag_names(one) == ["refund"]
    assert [e.action for e in AuditEntry.objects.filter(action__startswith="tag.")] == [
        "tag.merged",
        "tag.renamed",
        "tag.deleted",
    ]


def test_the_audit_page_lists_changes(seat_factory: Callable[..., Seat]) -> None:
    seat, other = seat_factory(), seat_factory()
    client = signed_in(seat.agent)
    client.post(section_url(seat.workspace, "teams"), {"name": "Tier 2"})
    client.post(section_url(seat.workspace, "tokens"), {"name": "Zapier"})
    client.post(section_url(other.workspace, "teams"), {"name": "Not mine"})  # 404
    team_create(workspace=other.workspace, name="Their team", by=other.agent)
    page = client.get(section_url(seat.workspace, "audit")).content.decode()
    assert "Team created" in page
    assert "Tier 2" in page
    assert "API token created" in page
    assert "Zapier" in page
    assert "Their team" not in page
    assert "Not mine" not in page
    assert seat.agent.name in page
    only_teams = client.get(section_url(seat.workspace, "audit") + "?group=team.").content.decode()
    assert "Tier 2" in only_teams
    assert "Zapier" not in only_teams
    junk = client.get(section_url(seat.workspace, "audit") + "?group=x&actor=abc&before=zz")
    assert junk.status_code == 200


def test_audit_entries_link_to_targets_that_still_exist(seat: Seat) -> None:
    client = signed_in(seat.agent)
    kept = team_create(workspace=seat.workspace, name="Kept", by=seat.agent)
    gone = team_create(workspace=seat.workspace, name="Gone", by=seat.agent)
    client.post(url(seat.workspace, "settings_team_delete", gone.pk), {"confirm": "on"})
    page = client.get(section_url(seat.workspace, "audit")).content.decode()
    assert f'<a href="{url(seat.workspace, "settings_team", kept.pk)}"><strong>Kept' in page
    assert url(seat.workspace, "settings_team", gone.pk) not in page
    assert "<strong>Gone</strong>" in page


def _queries_for(client: Client, page: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page).status_code == 200
    return len(captured)


@pytest.mark.parametrize("section", ["agents", "teams", "skills", "tags", "macros", "audit"])
def test_list_pages_do_not_query_per_row(seat: Seat, section: str) -> None:
    """The number of queries stays the same with one row or with many."""
    ws = seat.workspace
    client = signed_in(seat.agent)

    def add_rows(n: int, start: int) -> None:
        for i in range(start, start + n):
            agent = make_agent(ws)
            team_create(workspace=ws, name=f"Team {i}", members=[agent], by=seat.agent)
            skill_create(workspace=ws, by=seat.agent, kind=SkillKind.TOPIC, value=f"t{i}")
            macro_create(workspace=ws, name=f"M{i}", texts={"en": "x", "hi": "y"})
            ticket_tags_set(ticket=make_ticket(ws), names=[f"tag{i}"])

    add_rows(1, 0)
    page = section_url(ws, section)
    client.get(page)  # the first visit also stores the workspace in the session
    few = _queries_for(client, page)
    add_rows(6, 1)
    assert _queries_for(client, page) == few


def test_send_a_test_event_and_retry_a_failed_delivery(seat: Seat) -> None:
    ws = seat.workspace
    webhook = webhook_create(workspace=ws, url="http://127.0.0.1:9/h", events=["ticket.created"])
    client = signed_in(seat.agent)
    sent = client.post(url(ws, "settings_webhook_test", webhook.pk), follow=True)
    assert flashes(sent) == ["A test event is on its way; its delivery is listed below."]
    delivery = WebhookDelivery.objects.get(subscription=webhook)
    assert (delivery.event_type, delivery.status) == ("webhook.test", "pending")
    assert "webhook.test" in sent.content.decode()

    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="failed", attempts=8)
    page = client.get(url(ws, "settings_webhook", webhook.pk)).content.decode()
    retry = url(ws, "settings_delivery_retry", webhook.pk, delivery.pk)
    assert f'action="{retry}"' in page
    assert flashes(client.post(retry, follow=True)) == ["The delivery is sent again."]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 0)
    again = client.post(retry, follow=True)
    assert flashes(again) == ["Only a failed delivery can be sent again."]

    # Paused: no test; another workspace's delivery: not found.
    client.post(
        url(ws, "settings_webhook", webhook.pk),
        {"url": webhook.url, "events": ["ticket.created"]},
        follow=True,
    )
    paused = client.post(url(ws, "settings_webhook_test", webhook.pk), follow=True)
    assert flashes(paused) == ["The webhook is paused; turn it on to send a test."]
    other = seat_in_another_workspace_webhook()
    assert client.post(url(ws, "settings_delivery_retry", webhook.pk, other)).status_code == 404


def seat_in_another_workspace_webhook() -> int:
    theirs = make_workspace()
    hook = webhook_create(workspace=theirs, url="http://127.0.0.1:9/t", events=[])
    delivery = WebhookDelivery.objects.create(
        workspace=theirs, subscription=hook, event_type="ticket.created", body="{}", status="failed"
    )
    return delivery.pk


GARBAGE: list[dict[str, Any]] = [
    {},
    {"action": "nonsense"},
    {"action": "role", "role": "emperor"},
    {"action": "merge", "merge-target": "x" * 500},
    {"action": "rename", "rename-name": "   "},
    {
        "name": "\x00" + "n" * 500,
        "key": "K E Y",
        "field_type": "dropdown",
        "options": "|\n|",
        "kind": "web_form",
        "default_team": "99999999999999999999",
        "members": ["abc", "-1"],
        "agents": ["999999"],
        "url": "javascript:alert(1)",
        "events": ["nope"],
        "timezone": "../../etc/passwd",
        "languages": ["xx"],
        "holidays": "\n".join(["2026-01-01"] * 400),
        "mon_open": "on",
        "mon_from": "25:99",
        "position": "-5",
        "assignee": "12abc",
        "team": "none",
        "status": "exploded",
        "email": "not-an-email",
        "role": "owner",
        "text_hi": "{{ " * 50,
    },
]


def test_bad_input_is_answered_never_with_a_500(seat: Seat) -> None:
    t = things(seat.workspace, seat.agent)
    client = signed_in(seat.agent)
    ws = seat.workspace
    pages = [section_url(ws, s) for s in (*ADMIN_ONLY, *MANAGER_OK)]
    pages += [url(ws, "settings_macro_new"), *detail_urls(ws, t)]
    for page in pages:
        for data in GARBAGE:
            response = client.post(page, data)
            assert response.status_code in (200, 302, 405, 422), (page, data, response.status_code)
    assert client.get(section_url(ws, "audit") + "?before=" + "9" * 40).status_code == 200
    assert client.get(section_url(ws, "tags") + "?q=" + "%00" * 10).status_code == 200
