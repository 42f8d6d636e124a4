"""Contact pages: search, paging, details and tickets, 404s, what a collaborator may do."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from samadhan.accounts.models import Role
from samadhan.accounts.services import team_create
from samadhan.conftest import Seat
from samadhan.contacts.models import Identity, IdentityKind, Organization
from samadhan.contacts.services import contact_update, identity_add, organization_create
from samadhan.testing.factories import make_contact, make_ticket, make_workspace
from samadhan.ui.tests import signed_in
from samadhan.ui.tests.contacts.support import url

pytestmark = pytest.mark.django_db


def test_contact_list_searches_names_and_identities(seat: Seat) -> None:
    make_contact(seat.workspace, email="ravi@example.test", name="Ravi Kumar")
    make_contact(seat.workspace, email="sita@example.test", name="सीता देवी")
    other = make_workspace()
    make_contact(other, email="ravi@elsewhere.test", name="Ravi Elsewhere")
    client = signed_in(seat.agent)

    page = client.get(url(seat, "contacts")).content.decode()
    assert "Ravi Kumar" in page
    assert "सीता देवी" in page
    assert "Ravi Elsewhere" not in page

    page = client.get(url(seat, "contacts"), {"q": "ravi"}).content.decode()
    assert "Ravi Kumar" in page
    assert "सीता देवी" not in page
    assert "Ravi Elsewhere" not in page

    page = client.get(url(seat, "contacts"), {"q": "SITA@example"}).content.decode()
    assert "सीता देवी" in page
    assert "Ravi Kumar" not in page

    page = client.get(url(seat, "contacts"), {"q": "सीता"}).content.decode()
    assert "सीता देवी" in page

    page = client.get(url(seat, "contacts"), {"q": "nobody-at-all"}).content.decode()
    assert "No contact matches “nobody-at-all”." in page


def test_contact_list_pages_without_gaps_or_repeats(seat: Seat) -> None:
    made = {make_contact(seat.workspace, name=f"Customer {n:02d}").pk for n in range(30)}
    client = signed_in(seat.agent)
    seen: list[int] = []
    query: dict[str, str] = {}
    for _page in range(5):
        response = client.get(url(seat, "contacts"), query)
        assert response.status_code == 200
        rows = [row["contact"].pk for row in response.context["contacts"]]
        seen += rows
        if response.context["next_after"] is None:
            break
        query = {"after": str(response.context["next_after"])}
    assert len(seen) == len(set(seen)) == 30
    assert set(seen) == made
    assert seen == sorted(seen, reverse=True)


@pytest.mark.parametrize("after", ["x", "-1", "٣", "99999999999999999999999", ""])
def test_contact_list_ignores_a_bad_cursor(seat: Seat, after: str) -> None:
    make_contact(seat.workspace, name="Ravi")
    response = signed_in(seat.agent).get(url(seat, "contacts"), {"after": after, "q": "\x00"})
    assert response.status_code == 200


def test_contact_page_shows_details_identities_and_tickets(seat: Seat) -> None:
    organization = organization_create(workspace=seat.workspace, name="Kisan Co-op")
    contact = make_contact(seat.workspace, email="ravi@example.test", name="Ravi Kumar")
    contact_update(contact=contact, language="te", organization=organization)
    identity_add(contact=contact, kind=IdentityKind.PHONE, value="+91 98480 22338")
    mine = make_ticket(seat.workspace, contact=contact, subject="పంట బీమా ఎక్కడ?")
    theirs = make_ticket(seat.workspace, subject="Someone else's ticket")

    response = signed_in(seat.agent).get(url(seat, "contact", contact.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ravi Kumar" in page
    assert "Kisan Co-op" in page
    assert "Telugu" in page
    assert "ravi@example.test" in page
    assert "+91 98480 22338" in page
    assert "పంట బీమా ఎక్కడ?" in page
    assert url(seat, "ticket", mine.number) in page
    assert theirs.subject not in page
    # Every input of the page's forms has its label.
    for field in (
        "contact-name",
        "contact-language",
        "contact-organization",
        "identity-kind",
        "identity-value",
        "merge-target",
        "merge-confirm",
    ):
        assert f'for="{field}"' in page
        assert f'id="{field}"' in page


def test_contact_tickets_page_through(seat: Seat) -> None:
    contact = make_contact(seat.workspace, name="Ravi")
    numbers = {make_ticket(seat.workspace, contact=contact).number for _ in range(30)}
    client = signed_in(seat.agent)
    first = client.get(url(seat, "contact", contact.pk))
    page = first.context["page"]
    assert len(page.items) == 25
    assert page.next_cursor
    second = client.get(url(seat, "contact", contact.pk), {"after": page.next_cursor})
    rest = second.context["page"]
    shown = [t.number for t in page.items] + [t.number for t in rest.items]
    assert len(shown) == len(set(shown)) == 30
    assert set(shown) == numbers
    assert rest.next_cursor is None


def test_contact_page_bad_cursor_is_a_message_not_a_500(seat: Seat) -> None:
    contact = make_contact(seat.workspace, name="Ravi")
    response = signed_in(seat.agent).get(url(seat, "contact", contact.pk), {"after": "nonsense"})
    assert response.status_code == 200
    assert "The cursor is not valid." in response.content.decode()


def test_another_workspaces_contact_and_organization_are_404(seat: Seat) -> None:
    other = make_workspace()
    contact = make_contact(other, name="Hidden")
    organization = organization_create(workspace=other, name="Hidden Org")
    client = signed_in(seat.agent)
    assert client.get(url(seat, "contact", contact.pk)).status_code == 404
    assert client.get(url(seat, "organization", organization.pk)).status_code == 404
    for name, args, data in [
        ("contact_edit", [contact.pk], {"name": "Mine now"}),
        ("contact_identity_add", [contact.pk], {"kind": "email", "value": "x@example.test"}),
        ("contact_merge", [contact.pk], {"target": "1"}),
        ("organization_edit", [organization.pk], {"name": "Mine now"}),
    ]:
        assert client.post(url(seat, name, *args), data).status_code == 404
    contact.refresh_from_db()
    organization.refresh_from_db()
    assert contact.name == "Hidden"
    assert organization.name == "Hidden Org"
    assert not Identity.objects.filter(normalized="x@example.test").exists()


def test_collaborator_reads_but_cannot_edit(seat_factory: Callable[..., Seat]) -> None:
    admin = seat_factory()
    collaborator = seat_factory(workspace=admin.workspace, role=Role.COLLABORATOR)
    team_create(workspace=admin.workspace, name="Field", members=[collaborator.agent])
    contact = make_contact(admin.workspace, name="Ravi")
    organization = organization_create(workspace=admin.workspace, name="Co-op")
    client = signed_in(collaborator.agent)
    page = client.get(url(admin, "contact", contact.pk))
    assert page.status_code == 200
    assert 'id="contact-name"' not in page.content.decode()
    assert 'id="merge-target"' not in page.content.decode()
    assert 'id="organization-name"' not in client.get(url(admin, "organizations")).content.decode()
    for name, args, data in [
        ("contact_edit", [contact.pk], {"name": "Changed"}),
        ("contact_identity_add", [contact.pk], {"kind": "email", "value": "x@example.test"}),
        ("contact_merge", [contact.pk], {"target": "1"}),
        ("organization_new", [], {"name": "New"}),
        ("organization_edit", [organization.pk], {"name": "Changed"}),
    ]:
        assert client.post(url(admin, name, *args), data).status_code == 403
    contact.refresh_from_db()
    assert contact.name == "Ravi"
    assert not Organization.objects.filter(name__in=["New", "Changed"]).exists()


def test_collaborator_sees_only_their_teams_tickets_of_a_contact(
    seat_factory: Callable[..., Seat],
) -> None:
    admin = seat_factory()
    collaborator = seat_factory(workspace=admin.workspace, role=Role.COLLABORATOR)
    team = team_create(workspace=admin.workspace, name="Field", members=[collaborator.agent])
    contact = make_contact(admin.workspace, name="Ravi")
    visible = make_ticket(admin.workspace, contact=contact, subject="Team ticket", team_id=team.pk)
    make_ticket(admin.workspace, contact=contact, subject="Private matter")
    page = signed_in(collaborator.agent).get(url(admin, "contact", contact.pk))
    assert [t.pk for t in page.context["page"].items] == [visible.pk]
    assert "Private matter" not in page.content.decode()
