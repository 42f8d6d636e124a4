"""The ticket page: the properties form, assign to me, and macros."""

from __future__ import annotations

import pytest

from samadhan.testing.factories import make_ticket, make_workspace
from samadhan.tickets.models import (
    FieldType,
    Message,
    MessageKind,
    Priority,
    Status,
)
from samadhan.tickets.services.custom_field import custom_field_create
from samadhan.tickets.services.macro import macro_create
from samadhan.ui.tests import change, flashes
from samadhan.ui.tests.ticket.support import Desk, url

pytestmark = pytest.mark.django_db


def test_properties_form(desk: Desk) -> None:
    ws = desk.seat.workspace
    custom_field_create(
        workspace=ws,
        key="plan",
        label="Plan",
        field_type=FieldType.DROPDOWN,
        options=[{"value": "gold"}, {"value": "basic"}],
    )
    custom_field_create(workspace=ws, key="acres", label="Acres", field_type=FieldType.NUMBER)
    custom_field_create(workspace=ws, key="insured", label="Insured", field_type=FieldType.CHECKBOX)
    page = desk.client.get(url(desk.seat, "ticket", desk.ticket.number)).content.decode()
    for field in (
        "p-status",
        "p-priority",
        "p-assignee",
        "p-team",
        "p-tags",
        "cf-plan",
        "cf-acres",
    ):
        assert f'<label for="{field}"' in page
    response = desk.post(
        "ticket_properties",
        {
            "status": "pending",
            "priority": "high",
            "assignee": str(desk.colleague.pk),
            "team": str(desk.team.pk),
            "tags": "Seeds, Courier ,, ",
            "cf_plan": "gold",
            "cf_acres": "2.5",
            "cf_insured": "1",
        },
    )
    assert flashes(response) == ["Ticket updated."]
    ticket = desk.reload()
    assert (ticket.status, ticket.priority, ticket.assignee_id, ticket.team_id) == (
        Status.PENDING,
        Priority.HIGH,
        desk.colleague.pk,
        desk.team.pk,
    )
    assert sorted(t.name for t in ticket.tags.all()) == ["courier", "seeds"]
    assert ticket.custom_fields == {"plan": "gold", "acres": 2.5, "insured": True}

    # Clearing: nobody, no team, no tags, the checkbox unticked, the number emptied.
    desk.post(
        "ticket_properties",
        {
            "status": "pending",
            "priority": "high",
            "assignee": "",
            "team": "",
            "tags": "",
            "cf_plan": "gold",
            "cf_acres": "",
        },
    )
    ticket = desk.reload()
    assert ticket.assignee_id is None
    assert ticket.team_id is None
    assert list(ticket.tags.all()) == []
    assert ticket.custom_fields.get("insured") is False
    assert ticket.custom_fields.get("acres") is None


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"cf_acres": "many"}, "Enter a number."),
        ({"cf_plan": "platinum"}, None),
        ({"assignee": "424242"}, "The assignee is not an agent of this workspace."),
        ({"assignee": "99999999999999999999999"}, "Invalid value."),
        ({"assignee": "abc"}, "Invalid value."),
        ({"team": "424242"}, "The team does not exist in this workspace."),
        ({"team": "99999999999999999999999"}, "Invalid value."),
        ({"status": "closed_forever"}, "bad status ignored"),
    ],
)
def test_properties_with_a_bad_value_shows_an_error(
    desk: Desk, data: dict[str, str], error: str | None
) -> None:
    custom_field_create(
        workspace=desk.seat.workspace,
        key="plan",
        label="Plan",
        field_type=FieldType.DROPDOWN,
        options=[{"value": "gold"}],
    )
    custom_field_create(
        workspace=desk.seat.workspace, key="acres", label="Acres", field_type=FieldType.NUMBER
    )
    response = desk.post("ticket_properties", {"priority": "urgent", **data})
    assert response.status_code == 200
    ticket = desk.reload()
    if error == "bad status ignored":
        # An unknown status is left alone; the rest of the form still applies.
        assert ticket.status == Status.NEW
        assert ticket.priority == Priority.URGENT
        return
    assert len(flashes(response)) == 1
    assert "Ticket updated." not in flashes(response)
    if error:
        assert error in flashes(response)[0]
    assert ticket.priority == Priority.NORMAL


def test_a_closed_ticket_refuses_changes_with_a_message(desk: Desk) -> None:
    change(desk.ticket, desk.seat.agent, status=Status.CLOSED)
    response = desk.post("ticket_properties", {"status": "open"})
    assert flashes(response) == [
        "A closed ticket cannot be changed; reply to it to open a follow-up. Ticket is closed."
    ]
    assert desk.reload().status == Status.CLOSED


def test_assign_to_me(desk: Desk) -> None:
    response = desk.post("ticket_assign_me")
    assert flashes(response) == ["The ticket is assigned to you."]
    assert desk.reload().assignee_id == desk.seat.agent.pk


def test_macro_in_telugu(desk: Desk) -> None:
    macro = macro_create(
        workspace=desk.seat.workspace,
        name="Seeds on the way",
        actions={"status": "pending", "add_tags": ["seeds"]},
        texts={
            "en": "Hello {{ contact.first_name }}, your seeds are on the way.",
            "te": "నమస్కారం {{ contact.first_name }}, మీ విత్తనాలు దారిలో ఉన్నాయి.",
        },
    )
    telugu = make_ticket(desk.seat.workspace, contact=desk.ticket.contact, language="te")
    response = desk.client.post(
        url(desk.seat, "ticket_macro", telugu.number), {"macro": str(macro.pk)}, follow=True
    )
    assert flashes(response) == ["Macro “Seeds on the way” applied."]
    reply = Message.objects.get(ticket=telugu, kind=MessageKind.OUTBOUND)
    assert reply.body_text == "నమస్కారం Ravi, మీ విత్తనాలు దారిలో ఉన్నాయి."
    telugu.refresh_from_db()
    assert telugu.status == Status.PENDING
    assert [t.name for t in telugu.tags.all()] == ["seeds"]
    assert "applied the macro “Seeds on the way”." in response.content.decode()
    # The English ticket gets the English text.
    desk.post("ticket_macro", {"macro": str(macro.pk)})
    english = Message.objects.get(ticket=desk.ticket, kind=MessageKind.OUTBOUND)
    assert english.body_text == "Hello Ravi, your seeds are on the way."


@pytest.mark.parametrize("value", ["", "abc", "424242", "99999999999999999999999"])
def test_macro_bad_choice_is_a_message(desk: Desk, value: str) -> None:
    other = macro_create(workspace=make_workspace(), name="Foreign", texts={"en": "x"})
    value = str(other.pk) if value == "424242" else value
    response = desk.post("ticket_macro", {"macro": value})
    assert response.status_code == 200
    assert flashes(response) in (["Choose a macro."], ["Macro not found."])
