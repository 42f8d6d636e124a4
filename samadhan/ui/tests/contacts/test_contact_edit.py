"""Editing a contact and adding identities; bad and NUL input."""

from __future__ import annotations

import pytest

from samadhan.conftest import Seat
from samadhan.contacts.services import organization_create
from samadhan.testing.factories import make_contact, make_workspace
from samadhan.ui.tests import flashes, signed_in
from samadhan.ui.tests.contacts.support import url

pytestmark = pytest.mark.django_db


def test_edit_name_language_and_organization(seat: Seat) -> None:
    organization = organization_create(workspace=seat.workspace, name="Kisan Co-op")
    contact = make_contact(seat.workspace, name="Ravi")
    client = signed_in(seat.agent)
    response = client.post(
        url(seat, "contact_edit", contact.pk),
        {"name": "  Ravi Kumar ", "language": "hi", "organization": str(organization.pk)},
        follow=True,
    )
    assert flashes(response) == ["Contact saved."]
    contact.refresh_from_db()
    assert (contact.name, contact.language, contact.organization_id) == (
        "Ravi Kumar",
        "hi",
        organization.pk,
    )
    client.post(url(seat, "contact_edit", contact.pk), {"name": "Ravi Kumar", "language": ""})
    contact.refresh_from_db()
    assert contact.organization_id is None
    assert contact.language == ""


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"name": "x", "language": "klingon"}, "Choose a language from the list."),
        ({"name": "x", "organization": "abc"}, "Choose an organization from the list."),
        ({"name": "x", "organization": "999999"}, "Organization not found."),
        ({"name": "x" * 201}, "The name is too long."),
    ],
)
def test_edit_with_bad_values_shows_an_error(seat: Seat, data: dict[str, str], error: str) -> None:
    contact = make_contact(seat.workspace, name="Ravi")
    response = signed_in(seat.agent).post(url(seat, "contact_edit", contact.pk), data, follow=True)
    assert response.status_code == 200
    assert any(error in text for text in flashes(response))
    contact.refresh_from_db()
    assert contact.name == "Ravi"


def test_edit_cannot_pick_another_workspaces_organization(seat: Seat) -> None:
    foreign = organization_create(workspace=make_workspace(), name="Foreign")
    contact = make_contact(seat.workspace, name="Ravi")
    response = signed_in(seat.agent).post(
        url(seat, "contact_edit", contact.pk),
        {"name": "Ravi", "organization": str(foreign.pk)},
        follow=True,
    )
    assert "Organization not found." in flashes(response)
    contact.refresh_from_db()
    assert contact.organization_id is None


def test_add_identity(seat: Seat) -> None:
    contact = make_contact(seat.workspace, name="Ravi", email="ravi@example.test")
    other = make_contact(seat.workspace, name="Sita", email="sita@example.test")
    client = signed_in(seat.agent)
    response = client.post(
        url(seat, "contact_identity_add", contact.pk),
        {"kind": "phone", "value": "+91 98480 22338"},
        follow=True,
    )
    assert flashes(response) == ["Identity added."]
    assert contact.identities.filter(kind="phone", normalized="+919848022338").exists()

    response = client.post(
        url(seat, "contact_identity_add", contact.pk),
        {"kind": "email", "value": "SITA@example.test"},
        follow=True,
    )
    assert response.status_code == 200
    assert any("already belongs to another contact" in text for text in flashes(response))
    assert other.identities.filter(normalized="sita@example.test").exists()

    for data in (
        {"kind": "email", "value": "not an email"},
        {"kind": "fax", "value": "123"},
        {"kind": "phone", "value": ""},
        {"kind": "phone", "value": "٠١٢٣٤٥٦٧"},
    ):
        response = client.post(url(seat, "contact_identity_add", contact.pk), data, follow=True)
        assert response.status_code == 200
        assert flashes(response)
        assert "Identity added." not in flashes(response)
    assert contact.identities.count() == 2


def test_nul_characters_are_not_a_500(seat: Seat) -> None:
    # PostgreSQL refuses NUL in text; a browser never sends it, a script might.
    contact = make_contact(seat.workspace, name="Ravi", email="ravi@example.test")
    organization = organization_create(workspace=seat.workspace, name="Co-op")
    client = signed_in(seat.agent)
    nul = "a\x00b"
    assert client.get(url(seat, "contacts"), {"q": nul}).status_code == 200
    assert client.get(url(seat, "organizations"), {"q": nul, "after": nul}).status_code == 200
    for name, args, data in [
        ("contact_edit", [contact.pk], {"name": nul, "language": nul, "organization": nul}),
        ("contact_identity_add", [contact.pk], {"kind": "external", "value": nul}),
        ("contact_identity_add", [contact.pk], {"kind": nul, "value": nul}),
        ("contact_merge", [contact.pk], {"target": "x\x00@example.test"}),
        ("organization_new", [], {"name": nul}),
        ("organization_edit", [organization.pk], {"name": nul, "domains": nul}),
    ]:
        response = client.post(url(seat, name, *args), data, follow=True)
        assert response.status_code == 200, name
