"""Macros: per-language text, safe placeholders, actions and their timeline rows."""

from __future__ import annotations

import pytest

from samadhan.accounts.services import team_create
from samadhan.contacts.services import contact_create
from samadhan.core.errors import ValidationFailed
from samadhan.testing.factories import make_agent, make_ticket
from samadhan.tickets.models import MessageKind, Status
from samadhan.tickets.services.macro import macro_apply, macro_create
from samadhan.tickets.tags import ticket_tag_names
from samadhan.tickets.tests.conftest import Desk, events_of

TEXTS = {
    "en": "Hello {{ contact.first_name }}, this is {{agent.name}} about #{{ ticket.number }}.",
    "hi": "नमस्ते {{ contact.first_name }} जी, टिकट #{{ ticket.number }} — {{ workspace.name }}",
    "te": "నమస్కారం {{ contact.name }}",
}


@pytest.mark.parametrize(
    "case",
    [
        # ticket language, contact language, workspace default, texts available, chosen
        ("hi", "te", "en", ["en", "hi", "te"], "hi"),
        ("mr", "te", "en", ["en", "hi", "te"], "te"),
        ("mr", "lv", "en", ["en", "hi", "te"], "en"),
        ("mr", "lv", "lv", ["hi", "te"], "hi"),
        ("", "", "mr", ["te", "hi"], "hi"),
    ],
)
def test_language_choice(desk: Desk, case: tuple[str, str, str, list[str], str]) -> None:
    ticket_language, contact_language, default, available, chosen = case
    desk.workspace.default_language = default
    desk.workspace.save()
    contact = contact_create(
        workspace=desk.workspace, name="Meera Patil", language=contact_language
    )
    ticket = make_ticket(desk.workspace, contact=contact, language=ticket_language)
    macro = macro_create(
        workspace=desk.workspace, name="Greet", texts={k: TEXTS[k] for k in available}
    )

    message = macro_apply(macro=macro, ticket=ticket, agent=desk.agent)

    assert message is not None
    expected = {
        "en": f"Hello Meera, this is Asha Rao about #{ticket.number}.",
        "hi": f"नमस्ते Meera जी, टिकट #{ticket.number} — {desk.workspace.name}",
        "te": "నమస్కారం Meera Patil",
    }[chosen]
    assert message.body_text == expected
    assert events_of(ticket)[-1] == (
        "macro_applied",
        "agent",
        desk.agent.pk,
        {"macro_id": macro.pk, "name": "Greet", "language": chosen},
    )


def test_all_placeholders_render(desk: Desk) -> None:
    ticket = make_ticket(desk.workspace, contact=desk.contact, subject="Late parcel")
    body = (
        "{{contact.name}}|{{contact.first_name}}|{{contact.email}}|{{ticket.number}}|"
        "{{ticket.subject}}|{{agent.name}}|{{agent.first_name}}|{{workspace.name}}"
    )
    macro = macro_create(workspace=desk.workspace, name="All", texts={"en": body})
    message = macro_apply(macro=macro, ticket=ticket, agent=desk.agent)
    assert message is not None
    assert message.body_text == (
        f"Ravi Kumar|Ravi|ravi@example.test|{ticket.number}|Late parcel|Asha Rao|Asha|"
        f"{desk.workspace.name}"
    )


@pytest.mark.parametrize(
    "body",
    [
        "Hi {{ contact.phone }}",
        "Hi {{ contact }}",
        "Hi {{ Contact.Name }}",
        "Hi {{ contact.name|upper }}",
        "{{ ticket.contact.email }}",
        "{{}}",
    ],
)
def test_unknown_placeholders_are_refused_at_creation(desk: Desk, body: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        macro_create(workspace=desk.workspace, name="Bad", texts={"hi": "ठीक", "en": body})
    assert list(caught.value.fields) == ["texts.en"]
    assert caught.value.message.startswith("Unknown placeholders: ")
    from samadhan.tickets.models import Macro

    assert not Macro.objects.filter(workspace=desk.workspace).exists()


def test_rendering_is_literal_and_html_is_escaped(desk: Desk) -> None:
    contact = contact_create(
        workspace=desk.workspace,
        name="{{ agent.name }} <script>alert(1)</script> & Co",
        email="tricky@example.test",
    )
    ticket = make_ticket(desk.workspace, contact=contact, subject="<b>{{ workspace.name }}</b>")
    macro = macro_create(
        workspace=desk.workspace,
        name="Echo",
        texts={"en": "Dear {{ contact.name }}, re: {{ ticket.subject }}"},
    )

    message = macro_apply(macro=macro, ticket=ticket, agent=desk.agent)

    assert message is not None
    assert message.body_text == (
        "Dear {{ agent.name }} <script>alert(1)</script> & Co, re: <b>{{ workspace.name }}</b>"
    )
    assert message.body_html == (
        "<p>Dear {{ agent.name }} &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co, "
        "re: &lt;b&gt;{{ workspace.name }}&lt;/b&gt;</p>"
    )


def test_actions_are_applied_with_one_event_each(desk: Desk) -> None:
    other = make_agent(desk.workspace, name="Kiran Rao")
    team = team_create(workspace=desk.workspace, name="Returns", members=[other])
    ticket = make_ticket(desk.workspace, contact=desk.contact, tags=["new-customer", "order"])
    macro = macro_create(
        workspace=desk.workspace,
        name="Escalate to returns",
        actions={
            "status": "pending",
            "priority": "urgent",
            "add_tags": ["Returns"],
            "remove_tags": ["order"],
            "assignee_id": other.pk,
            "team_id": team.pk,
            "reply_kind": "note",
        },
        texts={"en": "Passing to {{ agent.first_name }}'s colleagues"},
    )

    message = macro_apply(macro=macro, ticket=ticket, agent=desk.agent)

    assert message is not None
    assert (message.kind, message.body_text) == (MessageKind.NOTE, "Passing to Asha's colleagues")
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority, ticket.assignee_id, ticket.team_id) == (
        Status.PENDING,
        "urgent",
        other.pk,
        team.pk,
    )
    assert ticket_tag_names(ticket) == ["new-customer", "returns"]
    a = desk.agent.pk
    assert events_of(ticket)[1:] == [
        ("priority_changed", "agent", a, {"from": "normal", "to": "urgent"}),
        ("assignee_changed", "agent", a, {"from": None, "to": other.pk}),
        ("team_changed", "agent", a, {"from": None, "to": team.pk}),
        ("tags_changed", "agent", a, {"added": ["returns"], "removed": ["order"]}),
        ("status_changed", "agent", a, {"from": "new", "to": "pending"}),
        (
            "macro_applied",
            "agent",
            a,
            {"macro_id": macro.pk, "name": "Escalate to returns", "language": "en"},
        ),
    ]


def test_public_macro_reply_counts_as_first_response(desk: Desk) -> None:
    ticket = make_ticket(desk.workspace, contact=desk.contact)
    macro = macro_create(
        workspace=desk.workspace, name="Solve", actions={"status": "solved"}, texts={"en": "Done"}
    )
    message = macro_apply(macro=macro, ticket=ticket, agent=desk.agent)
    assert message is not None
    assert message.kind == MessageKind.OUTBOUND
    ticket.refresh_from_db()
    assert ticket.status == Status.SOLVED
    assert ticket.first_response_at == message.created_at
    assert [e[3] for e in events_of(ticket) if e[0] == "status_changed"] == [
        {"from": "new", "to": "open"},
        {"from": "open", "to": "solved"},
    ]


def test_macro_without_text_only_applies_actions(desk: Desk) -> None:
    ticket = make_ticket(desk.workspace, contact=desk.contact)
    macro = macro_create(workspace=desk.workspace, name="Tag", actions={"add_tags": ["vip"]})
    assert macro_apply(macro=macro, ticket=ticket, agent=desk.agent) is None
    assert ticket.messages.count() == 1
    assert events_of(ticket)[-1][3] == {"macro_id": macro.pk, "name": "Tag", "language": None}


def test_assignee_outside_the_workspace_rolls_everything_back(desk: Desk) -> None:
    from samadhan.testing.factories import make_workspace

    stranger = make_agent(make_workspace())
    ticket = make_ticket(desk.workspace, contact=desk.contact)
    macro = macro_create(
        workspace=desk.workspace,
        name="Hand over",
        actions={"assignee_id": stranger.pk},
        texts={"en": "Handing over"},
    )
    with pytest.raises(ValidationFailed) as caught:
        macro_apply(macro=macro, ticket=ticket, agent=desk.agent)
    assert caught.value.fields == {"assignee_id": ["Unknown agent."]}
    assert ticket.messages.count() == 1
    assert len(events_of(ticket)) == 1


@pytest.mark.parametrize(
    ("actions", "field"),
    [
        ({"status": "archived"}, "actions.status"),
        ({"priority": "meh"}, "actions.priority"),
        ({"reply_kind": "sms"}, "actions.reply_kind"),
        ({"add_tags": "vip"}, "actions.add_tags"),
        ({"assignee_id": True}, "actions.assignee_id"),
        ({"delete_ticket": True}, "actions.delete_ticket"),
    ],
)
def test_invalid_actions_are_refused(desk: Desk, actions: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        macro_create(workspace=desk.workspace, name="Bad", actions=actions)
    assert list(caught.value.fields) == [field]


def test_names_are_unique_per_workspace(desk: Desk) -> None:
    macro_create(workspace=desk.workspace, name="Greet")
    with pytest.raises(ValidationFailed) as caught:
        macro_create(workspace=desk.workspace, name=" Greet ")
    assert caught.value.fields == {"name": ["Already taken."]}
