"""The new ticket form."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from samadhan.accounts.models import Role
from samadhan.conftest import Seat
from samadhan.contacts.models import Contact
from samadhan.tickets.models import (
    Priority,
    Ticket,
)
from samadhan.ui.tests import flashes, signed_in
from samadhan.ui.tests.ticket.support import Desk, url

pytestmark = pytest.mark.django_db


def test_new_ticket(desk: Desk) -> None:
    path = url(desk.seat, "ticket_new")
    page = desk.client.get(path).content.decode()
    for field in ("email", "phone", "name", "subject", "body", "priority", "language"):
        assert f'<label for="id_{field}">' in page
    response = desk.client.post(
        path,
        {
            "email": "Sita@Example.test",
            "name": "Sita",
            "subject": "बीज नहीं मिले",
            "body": "फ़ोन पर बताया",
            "priority": "high",
            "language": "hi",
        },
        follow=True,
    )
    ticket = Ticket.objects.get(subject="बीज नहीं मिले")
    assert flashes(response) == [f"Ticket #{ticket.number} created."]
    assert response.redirect_chain[-1][0] == url(desk.seat, "ticket", ticket.number)
    assert (ticket.priority, ticket.language) == (Priority.HIGH, "hi")
    assert ticket.contact.name == "Sita"
    assert ticket.contact.identities.get().normalized == "sita@example.test"
    # The same customer again is the same contact.
    desk.client.post(
        path, {"email": "sita@example.test", "subject": "Again", "body": "Hi", "priority": "normal"}
    )
    assert Ticket.objects.get(subject="Again").contact_id == ticket.contact_id
    assert Contact.objects.filter(workspace=desk.seat.workspace, name="Sita").count() == 1


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"subject": "No one"}, "Give the customer&#x27;s email, phone or name."),
        ({"subject": "Bad mail", "email": "not-an-email"}, "Enter a valid email address."),
        ({"subject": "Bad phone", "phone": "call me"}, "is not a valid phone number."),
        ({"email": "a@example.test", "body": "Hi"}, "This field is required."),
        ({"email": "a@example.test", "subject": "No body", "body": ""}, "This field is required."),
        ({"subject": "x", "name": "A", "priority": "whenever"}, "Select a valid choice."),
    ],
)
def test_new_ticket_errors_stay_on_the_form(desk: Desk, data: dict[str, str], error: str) -> None:
    response = desk.client.post(
        url(desk.seat, "ticket_new"), {"priority": "normal", "body": "Hi", **data}
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert Ticket.objects.count() == 1


def test_new_ticket_is_for_agents(seat_factory: Callable[..., Seat]) -> None:
    admin = seat_factory()
    collaborator = seat_factory(workspace=admin.workspace, role=Role.COLLABORATOR)
    response = signed_in(collaborator.agent).get(url(admin, "ticket_new"))
    assert response.status_code == 403
