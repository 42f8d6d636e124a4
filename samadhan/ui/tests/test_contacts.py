"""Contact and organization pages: search, paging, editing, identities, merge, tickets."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from samadhan.accounts.models import Role
from samadhan.accounts.services import team_create
from samadhan.conftest import Seat
from samadhan.contacts.models import Contact, Identity, IdentityKind, Organization
from samadhan.contacts.services import contact_update, identity_add, organization_create
from samadhan.testing.factories import make_contact, make_ticket, make_workspace
from samadhan.tickets.models import Ticket
from samadhan.ui.tests import flashes, signed_in

pytestmark = pytest.mark.django_db


def url(seat: Seat, name: str, *args: object) -> str:
    return reverse(f"ui:{name}", args=[seat.workspace.slug, *args])


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
