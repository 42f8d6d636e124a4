"""Organization pages: create, rename, list, search, contacts and their tickets."""

from __future__ import annotations

import pytest

from samadhan.conftest import Seat
from samadhan.contacts.models import Organization
from samadhan.contacts.services import contact_update, organization_create
from samadhan.testing.factories import make_contact, make_ticket
from samadhan.tickets.models import Ticket
from samadhan.ui.tests import flashes, signed_in
from samadhan.ui.tests.contacts.support import url

pytestmark = pytest.mark.django_db


def test_organizations_create_rename_and_list(seat: Seat) -> None:
    client = signed_in(seat.agent)
    response = client.post(url(seat, "organization_new"), {"name": " Kisan Co-op "}, follow=True)
    organization = Organization.objects.get(workspace=seat.workspace)
    assert organization.name == "Kisan Co-op"
    assert response.redirect_chain[-1][0] == url(seat, "organization", organization.pk)
    assert flashes(response) == ["Organization “Kisan Co-op” created."]

    response = client.post(url(seat, "organization_new"), {"name": "Kisan Co-op"}, follow=True)
    assert "An organization with this name already exists." in " ".join(flashes(response))
    response = client.post(url(seat, "organization_new"), {"name": "  "}, follow=True)
    assert "A name is required." in " ".join(flashes(response))
    assert Organization.objects.filter(workspace=seat.workspace).count() == 1

    response = client.post(
        url(seat, "organization_edit", organization.pk),
        {"name": "किसान सहकारी", "domains": "kisan.example, Coop.Example"},
        follow=True,
    )
    assert flashes(response) == ["Organization saved."]
    organization.refresh_from_db()
    assert organization.name == "किसान सहकारी"
    assert organization.domains == ["kisan.example", "coop.example"]

    organization_create(workspace=seat.workspace, name="Other")
    response = client.post(
        url(seat, "organization_edit", organization.pk), {"name": "Other"}, follow=True
    )
    assert "An organization with this name already exists." in " ".join(flashes(response))
    page = client.get(url(seat, "organizations")).content.decode()
    assert "किसान सहकारी" in page
    assert "Other" in page


def test_organizations_page_through_and_search(seat: Seat) -> None:
    for n in range(30):
        organization_create(workspace=seat.workspace, name=f"Org {n:02d}")
    client = signed_in(seat.agent)
    first = client.get(url(seat, "organizations"))
    names = [o.name for o in first.context["organizations"]]
    assert names == [f"Org {n:02d}" for n in range(25)]
    second = client.get(url(seat, "organizations"), {"after": first.context["next_after"]})
    assert [o.name for o in second.context["organizations"]] == [
        f"Org {n:02d}" for n in range(25, 30)
    ]
    assert second.context["next_after"] is None
    found = client.get(url(seat, "organizations"), {"q": "org 07"})
    assert [o.name for o in found.context["organizations"]] == ["Org 07"]


def test_organization_page_lists_contacts_and_their_tickets(seat: Seat) -> None:
    organization = organization_create(workspace=seat.workspace, name="Kisan Co-op")
    ravi = make_contact(seat.workspace, name="Ravi Kumar", email="ravi@example.test")
    sita = make_contact(seat.workspace, name="Sita Devi")
    outsider = make_contact(seat.workspace, name="Outsider")
    for contact in (ravi, sita):
        contact_update(contact=contact, organization=organization)
    make_ticket(seat.workspace, contact=ravi, subject="Seeds did not arrive")
    make_ticket(seat.workspace, contact=sita, subject="बीज नहीं आए")
    make_ticket(seat.workspace, contact=outsider, subject="Unrelated")
    page = signed_in(seat.agent).get(url(seat, "organization", organization.pk))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Ravi Kumar" in text
    assert "Sita Devi" in text
    assert "Outsider" not in text
    assert "Seeds did not arrive" in text
    assert "बीज नहीं आए" in text
    assert "Unrelated" not in text
    assert 'id="organization-name"' in text
    assert 'for="organization-name"' in text


def test_organization_tickets_page_through(seat: Seat) -> None:
    organization = organization_create(workspace=seat.workspace, name="Co-op")
    contact = make_contact(seat.workspace, name="Ravi")
    contact_update(contact=contact, organization=organization)
    for _ in range(27):
        make_ticket(seat.workspace, contact=contact)
    client = signed_in(seat.agent)
    first = client.get(url(seat, "organization", organization.pk)).context["page"]
    second = client.get(
        url(seat, "organization", organization.pk), {"after": first.next_cursor}
    ).context["page"]
    numbers = [t.number for t in first.items + second.items]
    assert len(numbers) == len(set(numbers)) == Ticket.objects.filter(contact=contact).count()
    bad = client.get(url(seat, "organization", organization.pk), {"after": "garbage"})
    assert bad.status_code == 200
    assert "The cursor is not valid." in bad.content.decode()
