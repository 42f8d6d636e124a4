"""NUL characters posted to every ticket form are answered, never with a 500."""

from __future__ import annotations

import pytest

from samadhan.tickets.models import (
    FieldType,
)
from samadhan.tickets.services.custom_field import custom_field_create
from samadhan.ui.tests.ticket.support import Desk, url

pytestmark = pytest.mark.django_db


def test_nul_characters_are_not_a_500(desk: Desk) -> None:
    # PostgreSQL refuses NUL in text and JSON; a browser never sends it, a script might.
    custom_field_create(
        workspace=desk.seat.workspace, key="note", label="Note", field_type=FieldType.TEXT
    )
    nul = "a\x00b"
    for name, data in [
        ("ticket_message", {"kind": "note", "body": nul}),
        ("ticket_message", {"kind": "reply", "body": nul}),
        ("ticket_properties", {"tags": nul, "cf_note": nul}),
        ("ticket_link", {"target": nul, "kind": nul}),
        ("ticket_merge", {"target": nul}),
        ("ticket_macro", {"macro": nul}),
    ]:
        assert desk.post(name, data).status_code == 200, name
    response = desk.client.post(
        url(desk.seat, "ticket_new"),
        {"name": nul, "subject": nul, "body": nul, "priority": "normal", "email": nul},
    )
    assert response.status_code == 200
