"""Merging contacts from the contact page."""

from __future__ import annotations

import pytest

from samadhan.conftest import Seat
from samadhan.contacts.models import Contact, IdentityKind
from samadhan.contacts.services import identity_add
from samadhan.testing.factories import make_contact, make_ticket, make_workspace
from samadhan.ui.tests import flashes, signed_in
from samadhan.ui.tests.contacts.support import url

pytestmark = pytest.mark.django_db


def test_merge_by_email_moves_identities_and_tickets(seat: Seat) -> None:
    source = make_contact(seat.workspace, name="Ravi (WhatsApp)", email="ravi.k@example.test")
    target = make_contact(seat.workspace, name="Ravi Kumar", email="ravi@example.test")
    ticket = make_ticket(seat.workspace, contact=source)
    client = signed_in(seat.agent)
    response = client.post(
        url(seat, "contact_merge", source.pk),
        {"target": " RAVI@example.test ", "confirm": "on"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url(seat, "contact", target.pk)
    assert flashes(response) == [
        "Contact merged: its identities and tickets now belong to Ravi Kumar."
    ]
    ticket.refresh_from_db()
    source.refresh_from_db()
    assert ticket.contact_id == target.pk
    assert source.merged_into_id == target.pk
    assert set(target.identities.values_list("normalized", flat=True)) == {
        "ravi@example.test",
        "ravi.k@example.test",
    }
    # The old page leads to the contact that was kept.
    response = client.get(url(seat, "contact", source.pk))
    assert response.status_code == 302
    assert response["Location"] == url(seat, "contact", target.pk)


def test_merge_by_a_phone_number_written_without_plus(seat: Seat) -> None:
    source = make_contact(seat.workspace, name="A")
    target = make_contact(seat.workspace, name="B")
    identity_add(contact=target, kind=IdentityKind.PHONE, value="98480 22338")
    response = signed_in(seat.agent).post(
        url(seat, "contact_merge", source.pk), {"target": "9848022338", "confirm": "on"}
    )
    assert response["Location"] == url(seat, "contact", target.pk)
    source.refresh_from_db()
    assert source.merged_into_id == target.pk


def test_merge_needs_the_confirmation(seat: Seat) -> None:
    source = make_contact(seat.workspace, name="A")
    target = make_contact(seat.workspace, name="B")
    response = signed_in(seat.agent).post(
        url(seat, "contact_merge", source.pk), {"target": str(target.pk)}, follow=True
    )
    assert flashes(response) == ["Tick the box to confirm the merge; it cannot be undone."]
    source.refresh_from_db()
    assert source.merged_into_id is None


def test_merge_by_id(seat: Seat) -> None:
    source = make_contact(seat.workspace, name="A")
    target = make_contact(seat.workspace, name="B")
    signed_in(seat.agent).post(
        url(seat, "contact_merge", source.pk), {"target": str(target.pk), "confirm": "on"}
    )
    source.refresh_from_db()
    assert source.merged_into_id == target.pk


@pytest.mark.parametrize("target", ["", "self", "nobody@example.test", "foreign", "merged", "x y"])
def test_merge_refusals_are_messages(seat: Seat, target: str) -> None:
    source = make_contact(seat.workspace, name="A", email="a@example.test")
    foreign = make_contact(make_workspace(), name="F", email="f@example.test")
    merged = make_contact(seat.workspace, name="M", email="m@example.test")
    kept = make_contact(seat.workspace, name="K")
    Contact.objects.filter(pk=merged.pk).update(merged_into=kept)
    value = {"self": str(source.pk), "foreign": str(foreign.pk), "merged": str(merged.pk)}.get(
        target, target
    )
    response = signed_in(seat.agent).post(
        url(seat, "contact_merge", source.pk), {"target": value, "confirm": "on"}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == url(seat, "contact", source.pk)
    assert flashes(response)
    source.refresh_from_db()
    assert source.merged_into_id is None
