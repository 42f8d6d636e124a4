"""Settings forms for teams, custom fields, macros, skills, inboxes and tags, via real services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samadhan.accounts.models import Skill, Team
from samadhan.accounts.services import team_create
from samadhan.audit.models import AuditEntry
from samadhan.channels.models import Inbox
from samadhan.conftest import Seat
from samadhan.testing.factories import make_agent, make_ticket, make_workspace
from samadhan.tickets.models import CustomField, Macro, Tag
from samadhan.tickets.services.macro import macro_create
from samadhan.tickets.tags import ticket_tag_names, ticket_tags_set
from samadhan.ui.tests import flashes, signed_in
from samadhan.ui.tests.settings.support import (
    entry,
    section_url,
    url,
)

pytestmark = pytest.mark.django_db


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
