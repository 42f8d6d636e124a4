"""The inbox: built-in views, filters, search, what a collaborator sees, bad filter values."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samadhan.accounts.models import Role
from samadhan.channels.models import InboxKind
from samadhan.channels.services import inbox_create
from samadhan.conftest import Seat
from samadhan.testing.factories import make_agent, make_ticket
from samadhan.tickets.models import FieldType, Priority, Status
from samadhan.tickets.services.custom_field import custom_field_create
from samadhan.ui.tests import change, signed_in
from samadhan.ui.tests.inbox.support import Desk, bulk, inbox_url, numbers

pytestmark = pytest.mark.django_db


def test_builtin_views(desk: Desk) -> None:
    assert desk.get() == [desk.mine.number]
    assert desk.get(view="mine") == [desk.mine.number]
    assert set(desk.get(view="unassigned")) == {desk.unassigned.number, desk.team_ticket.number}
    assert set(desk.get(view="open")) == {
        desk.mine.number,
        desk.theirs.number,
        desk.unassigned.number,
        desk.pending_unassigned.number,
        desk.team_ticket.number,
    }
    assert len(desk.get(view="all")) == 6
    assert desk.get(view="status-solved") == [desk.solved_mine.number]
    assert desk.get(view="status-pending") == [desk.pending_unassigned.number]
    assert desk.get(view=f"team-{desk.team.pk}") == [desk.team_ticket.number]


@pytest.mark.parametrize("view", ["nonsense", "team-999999", "saved-999999", "saved-x", "status-"])
def test_unknown_view_is_404(desk: Desk, view: str) -> None:
    assert desk.client.get(inbox_url(desk.seat), {"view": view}).status_code == 404


def test_view_page_renders_rows_and_sidebar(desk: Desk) -> None:
    page = desk.client.get(inbox_url(desk.seat), {"view": "all"}).content.decode()
    for ticket in (desk.mine, desk.theirs, desk.team_ticket):
        assert reverse("ui:ticket", args=[desk.seat.workspace.slug, ticket.number]) in page
        assert ticket.subject in page
    assert 'data-view="team-' in page
    assert 'aria-current="page" data-view="all"' in page


def test_filter_status_priority_assignee(desk: Desk) -> None:
    me = desk.seat.agent
    urgent = change(
        make_ticket(desk.seat.workspace, priority=Priority.URGENT),
        me,
        assignee_id=desk.colleague.pk,
        set_assignee=True,
    )
    assert set(desk.get(view="all", status="solved")) == {desk.solved_mine.number}
    assert set(desk.get(view="all", status=["solved", "pending"])) == {
        desk.solved_mine.number,
        desk.pending_unassigned.number,
    }
    assert desk.get(view="all", priority="urgent") == [urgent.number]
    assert set(desk.get(view="all", assignee="me")) == {desk.mine.number, desk.solved_mine.number}
    assert set(desk.get(view="all", assignee="none")) == {
        desk.unassigned.number,
        desk.pending_unassigned.number,
        desk.team_ticket.number,
    }
    assert set(desk.get(view="all", assignee=str(desk.colleague.pk))) == {
        desk.theirs.number,
        urgent.number,
    }
    assert desk.get(view="all", team=str(desk.team.pk)) == [desk.team_ticket.number]


def test_filter_bar_replaces_the_views_own_filters(desk: Desk) -> None:
    # "Mine" shows active tickets; the submitted bar with solved only replaces that.
    assert desk.get(view="mine", filtered="1", assignee="me", status="solved") == [
        desk.solved_mine.number
    ]
    # An emptied bar is every ticket.
    assert len(desk.get(view="mine", filtered="1")) == 6


def test_filter_tag_language_channel(seat: Seat) -> None:
    client = signed_in(seat.agent)
    web = inbox_create(workspace=seat.workspace, kind=InboxKind.WEB_FORM, name="Website")
    billing = make_ticket(seat.workspace, tags=["Billing"], language="hi")
    telugu = make_ticket(seat.workspace, language="te", inbox=web)
    plain = make_ticket(seat.workspace)

    def get(**params: Any) -> set[int]:
        return set(numbers(client.get(inbox_url(seat), {"view": "all", **params})))

    assert get(tag="billing") == {billing.number}
    assert get(tag="no-such-tag") == set()
    assert get(language="te") == {telugu.number}
    assert get(language="hi") == {billing.number}
    assert get(channel="web_form") == {telugu.number}
    assert get(channel="api") == {billing.number, plain.number}
    assert get(channel=["api", "web_form"]) == {billing.number, telugu.number, plain.number}


def test_filter_custom_fields(seat: Seat) -> None:
    client = signed_in(seat.agent)
    custom_field_create(
        workspace=seat.workspace,
        key="plan",
        label="Plan",
        field_type=FieldType.DROPDOWN,
        options=[{"value": "gold", "label": "Gold"}, {"value": "basic"}],
    )
    custom_field_create(
        workspace=seat.workspace, key="acres", label="Acres", field_type=FieldType.NUMBER
    )
    custom_field_create(
        workspace=seat.workspace, key="insured", label="Insured", field_type=FieldType.CHECKBOX
    )
    gold = make_ticket(seat.workspace, custom_fields={"plan": "gold", "acres": 5, "insured": True})
    basic = make_ticket(seat.workspace, custom_fields={"plan": "basic", "insured": False})
    make_ticket(seat.workspace)

    def get(**params: Any) -> set[int]:
        return set(numbers(client.get(inbox_url(seat), {"view": "all", **params})))

    assert get(cf_plan="gold") == {gold.number}
    assert get(cf_plan="basic") == {basic.number}
    assert get(cf_acres="5") == {gold.number}
    assert get(cf_insured="1") == {gold.number}
    assert get(cf_insured="0") == {basic.number}
    page = client.get(inbox_url(seat), {"view": "all", "cf_plan": "platinum", "cf_acres": "x"})
    assert page.status_code == 200
    assert page.context["page"] is None
    assert "These filters cannot be applied" in page.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("విత్తనాలు", {"telugu"}),
        ("బీమా", {"telugu"}),
        ("बीज", {"hindi"}),
        ("खाद नहीं", {"hindi"}),
        ("seeds", {"english"}),
        ("ఎరువు", set()),
    ],
)
def test_text_search_in_telugu_and_hindi(seat: Seat, query: str, expected: set[str]) -> None:
    made = {
        "telugu": make_ticket(
            seat.workspace, subject="విత్తనాలు రాలేదు", body="పంట బీమా గురించి అడగాలి", language="te"
        ),
        "hindi": make_ticket(
            seat.workspace, subject="बीज नहीं मिले", body="खाद भी नहीं आई", language="hi"
        ),
        "english": make_ticket(seat.workspace, subject="Seeds did not arrive"),
    }
    found = numbers(signed_in(seat.agent).get(inbox_url(seat), {"view": "all", "q": query}))
    assert set(found) == {made[name].number for name in expected}


def test_search_box_searches_every_ticket(seat: Seat) -> None:
    ticket = make_ticket(seat.workspace, subject="बीज नहीं मिले")
    change(ticket, seat.agent, status=Status.SOLVED)
    # The top bar's search form sends view=all with q.
    response = signed_in(seat.agent).get(inbox_url(seat), {"view": "all", "q": "बीज"})
    assert numbers(response) == [ticket.number]
    assert 'value="बीज"' in response.content.decode()


def test_bad_filter_values_are_form_errors_not_500(seat: Seat) -> None:
    client = signed_in(seat.agent)
    make_ticket(seat.workspace)
    for params in (
        {"status": "exploded"},
        {"priority": "meh"},
        {"assignee": "99999999999999999999999"},
        {"team": "x"},
        {"sort": "random"},
        {"language": "tlh"},
        {"channel": "pigeon"},
        {"q": "x" * 500},
        {"after": "not-a-cursor"},
        {"before": "%%%"},
        {"after": "MjAyNi0wMy0wMlQwOTowMDowMHw5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk"},
    ):
        response = client.get(inbox_url(seat), {"view": "all", **params})
        assert response.status_code == 200, params


def test_collaborator_sees_only_their_teams_tickets(desk: Desk) -> None:
    collaborator = make_agent(desk.seat.workspace, role=Role.COLLABORATOR)
    desk.team.members.add(collaborator)
    page = signed_in(collaborator).get(inbox_url(desk.seat), {"view": "all"})
    assert numbers(page) == [desk.team_ticket.number]
    assert 'id="bulk-form"' in page.content.decode()
    assert "data-bulkbar" not in page.content.decode()


def test_nul_characters_are_not_a_500(desk: Desk) -> None:
    # PostgreSQL refuses NUL in text and JSON; a browser never sends it, a script might.
    nul = "a\x00b"
    slug = desk.seat.workspace.slug
    for params in ({"q": nul}, {"tag": nul}, {"view": "all", "filtered": "1", "q": nul}):
        assert desk.client.get(inbox_url(desk.seat), params).status_code == 200
    response = desk.client.post(
        reverse("ui:view_save", args=[slug]), {"name": nul, "q": nul, "tag": nul}, follow=True
    )
    assert response.status_code == 200
    response = bulk(desk.client, desk.seat, [desk.mine], action="tag", tag=nul)
    assert response.status_code == 200
