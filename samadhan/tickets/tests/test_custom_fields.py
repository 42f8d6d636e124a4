"""Custom field definitions and the values tickets carry."""

from __future__ import annotations

from typing import Any

import pytest

from samadhan.core.errors import ValidationFailed
from samadhan.testing.factories import make_ticket, make_workspace
from samadhan.tickets.models import FieldType
from samadhan.tickets.services.custom_field import custom_field_create
from samadhan.tickets.services.ticket import TicketChanges, ticket_update
from samadhan.tickets.tests.conftest import Desk, events_of


@pytest.fixture
def fields(desk: Desk) -> Desk:
    ws = desk.workspace
    custom_field_create(workspace=ws, key="order_ref", label="Order", field_type=FieldType.TEXT)
    custom_field_create(workspace=ws, key="amount", label="Amount", field_type=FieldType.NUMBER)
    custom_field_create(workspace=ws, key="bought_on", label="Bought", field_type=FieldType.DATE)
    custom_field_create(
        workspace=ws,
        key="reason",
        label="Reason",
        field_type=FieldType.DROPDOWN,
        options=[{"value": "late", "label": "देर से"}, {"value": "broken"}],
    )
    custom_field_create(workspace=ws, key="vip", label="VIP", field_type=FieldType.CHECKBOX)
    return desk


GOOD: list[tuple[str, Any, Any]] = [
    ("order_ref", "ऑर्डर ४५६", "ऑर्डर ४५६"),
    ("order_ref", "", ""),
    ("amount", 12, 12),
    ("amount", 12.5, 12.5),
    ("amount", "1999.00", 1999),
    ("amount", "-3.25", -3.25),
    ("bought_on", "2026-02-28", "2026-02-28"),
    ("reason", "late", "late"),
    ("vip", True, True),
    ("vip", False, False),
]
BAD: list[tuple[str, Any, str]] = [
    ("order_ref", 5, "Enter text of at most 10000 characters."),
    ("order_ref", "x" * 10_001, "Enter text of at most 10000 characters."),
    ("amount", "twelve", "Enter a number."),
    ("amount", "NaN", "Enter a number."),
    ("amount", "Infinity", "Enter a number."),
    ("amount", True, "Enter a number."),
    ("amount", [1], "Enter a number."),
    ("bought_on", "2026-02-30", "Enter a date as YYYY-MM-DD."),
    ("bought_on", "28/02/2026", "Enter a date as YYYY-MM-DD."),
    ("bought_on", 20260228, "Enter a date as YYYY-MM-DD."),
    ("reason", "देर से", "Choose one of the listed options."),
    ("reason", 1, "Choose one of the listed options."),
    ("vip", "true", "Enter true or false."),
    ("vip", 1, "Enter true or false."),
]


@pytest.mark.parametrize(("key", "value", "stored"), GOOD)
def test_valid_values_are_coerced_and_stored(
    fields: Desk, key: str, value: Any, stored: Any
) -> None:
    ticket = make_ticket(fields.workspace, custom_fields={key: value})
    ticket.refresh_from_db()
    assert ticket.custom_fields == {key: stored}
    assert type(ticket.custom_fields[key]) is type(stored)


@pytest.mark.parametrize(("key", "value", "error"), BAD)
def test_invalid_values_are_refused_per_field(
    fields: Desk, key: str, value: Any, error: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        make_ticket(fields.workspace, custom_fields={"order_ref": "ok", key: value})
    assert caught.value.fields == {f"custom_fields.{key}": [error]}
    assert caught.value.message == "Some custom fields are not valid."


def test_unknown_and_inactive_keys_are_refused(fields: Desk) -> None:
    from samadhan.tickets.models import CustomField

    CustomField.objects.filter(key="vip").update(is_active=False)
    with pytest.raises(ValidationFailed) as caught:
        make_ticket(fields.workspace, custom_fields={"colour": "red", "vip": True})
    assert caught.value.fields == {
        "custom_fields.colour": ["Unknown field."],
        "custom_fields.vip": ["Unknown field."],
    }


def test_fields_of_another_workspace_are_unknown(fields: Desk) -> None:
    other = make_workspace()
    with pytest.raises(ValidationFailed) as caught:
        make_ticket(other, custom_fields={"amount": 3})
    assert caught.value.fields == {"custom_fields.amount": ["Unknown field."]}


def test_required_field_must_be_set_and_cannot_be_cleared(fields: Desk) -> None:
    custom_field_create(
        workspace=fields.workspace,
        key="city",
        label="City",
        field_type=FieldType.TEXT,
        required=True,
    )
    with pytest.raises(ValidationFailed) as caught:
        make_ticket(fields.workspace)
    assert caught.value.fields == {"custom_fields.city": ["This field is required."]}
    with pytest.raises(ValidationFailed) as caught:
        make_ticket(fields.workspace, custom_fields={"city": ""})
    assert caught.value.fields == {"custom_fields.city": ["This field is required."]}

    ticket = make_ticket(fields.workspace, custom_fields={"city": "पुणे"})
    with pytest.raises(ValidationFailed) as caught:
        ticket_update(
            ticket=ticket, author=fields.author, changes=TicketChanges(custom_fields={"city": None})
        )
    assert caught.value.fields == {"custom_fields.city": ["This field is required."]}
    ticket.refresh_from_db()
    assert ticket.custom_fields == {"city": "पुणे"}


def test_a_customers_message_is_never_refused_for_an_agents_required_field(
    fields: Desk,
) -> None:
    custom_field_create(
        workspace=fields.workspace,
        key="city",
        label="City",
        field_type=FieldType.TEXT,
        required=True,
    )
    ticket = make_ticket(fields.workspace, require_custom_fields=False)
    assert ticket.custom_fields == {}
    # Bad values are still refused, whoever sends them.
    with pytest.raises(ValidationFailed) as caught:
        make_ticket(fields.workspace, custom_fields={"nope": 1}, require_custom_fields=False)
    assert caught.value.fields == {"custom_fields.nope": ["Unknown field."]}


def test_update_merges_clears_with_none_and_records_one_event(fields: Desk) -> None:
    ticket = make_ticket(fields.workspace, custom_fields={"amount": 10, "reason": "late"})
    ticket_update(
        ticket=ticket,
        author=fields.author,
        changes=TicketChanges(custom_fields={"reason": None, "vip": True, "amount": "10"}),
    )
    ticket.refresh_from_db()
    assert ticket.custom_fields == {"amount": 10, "vip": True}
    assert events_of(ticket)[1:] == [
        (
            "field_changed",
            "agent",
            fields.agent.pk,
            {"from": {"amount": 10, "reason": "late"}, "to": {"amount": 10, "vip": True}},
        )
    ]
    # The same values again change nothing and write nothing.
    ticket_update(
        ticket=ticket, author=fields.author, changes=TicketChanges(custom_fields={"vip": True})
    )
    assert len(events_of(ticket)) == 2


@pytest.mark.parametrize(
    ("kwargs", "errors"),
    [
        (
            {"field_type": FieldType.DROPDOWN, "options": []},
            {"options": ["Give options with distinct values."]},
        ),
        (
            {"field_type": FieldType.DROPDOWN, "options": [{"value": "a"}, {"value": "a"}]},
            {"options": ["Give options with distinct values."]},
        ),
        (
            {"field_type": FieldType.DROPDOWN, "options": [{"value": ""}]},
            {"options": ["Give options with distinct values."]},
        ),
        (
            {"field_type": FieldType.TEXT, "options": [{"value": "a"}]},
            {"options": ["Not allowed."]},
        ),
        ({"field_type": FieldType.TEXT, "key": "amount"}, {"key": ["Already taken."]}),
    ],
)
def test_definition_errors(fields: Desk, kwargs: dict[str, Any], errors: dict[str, Any]) -> None:
    arguments: dict[str, Any] = {"key": "extra", "label": "Extra", **kwargs}
    with pytest.raises(ValidationFailed) as caught:
        custom_field_create(workspace=fields.workspace, **arguments)
    assert caught.value.fields == errors


def test_dropdown_labels_default_to_values_and_positions_count_up(fields: Desk) -> None:
    from samadhan.tickets.models import CustomField

    rows = CustomField.objects.filter(workspace=fields.workspace).order_by("position")
    assert [(f.key, f.position) for f in rows] == [
        ("order_ref", 0),
        ("amount", 1),
        ("bought_on", 2),
        ("reason", 3),
        ("vip", 4),
    ]
    assert rows.get(key="reason").options == [
        {"value": "late", "label": "देर से"},
        {"value": "broken", "label": "broken"},
    ]
