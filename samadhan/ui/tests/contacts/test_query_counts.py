"""Contact and organization pages cost the same queries with more rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from samadhan.accounts.services import team_create
from samadhan.conftest import Seat
from samadhan.contacts.models import IdentityKind
from samadhan.contacts.services import contact_update, identity_add, organization_create
from samadhan.testing.factories import make_contact, make_ticket
from samadhan.ui.tests import signed_in
from samadhan.ui.tests.contacts.support import url

pytestmark = pytest.mark.django_db


def test_contact_list_query_count_does_not_grow(
    seat: Seat, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client = signed_in(seat.agent)
    for n in range(20):
        contact = make_contact(seat.workspace, name=f"C{n}")
        identity_add(contact=contact, kind=IdentityKind.PHONE, value=f"+9198480{n:05d}")
        make_ticket(seat.workspace, contact=contact)
    client.get(url(seat, "contacts"))
    with django_assert_max_num_queries(12):
        assert client.get(url(seat, "contacts")).status_code == 200


def _queries(client: Client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def test_contact_and_organization_pages_cost_the_same_queries_with_more_rows(seat: Seat) -> None:
    organization = organization_create(workspace=seat.workspace, name="Co-op")
    contact = make_contact(seat.workspace, name="Ravi")
    contact_update(contact=contact, organization=organization)
    client = signed_in(seat.agent)
    team = team_create(workspace=seat.workspace, name="Field", members=[seat.agent])

    def grow(n: int) -> None:
        for i in range(n):
            make_ticket(seat.workspace, contact=contact, tags=[f"t{i}"], team_id=team.pk)
            other = make_contact(seat.workspace, name=f"Member {i}")
            contact_update(contact=other, organization=organization)
            make_ticket(seat.workspace, contact=other)

    grow(3)
    before = (
        _queries(client, url(seat, "contact", contact.pk)),
        _queries(client, url(seat, "organization", organization.pk)),
        _queries(client, url(seat, "organizations")),
    )
    grow(25)
    after = (
        _queries(client, url(seat, "contact", contact.pk)),
        _queries(client, url(seat, "organization", organization.pk)),
        _queries(client, url(seat, "organizations")),
    )
    assert after == before
