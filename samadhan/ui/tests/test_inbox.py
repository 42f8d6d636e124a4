"""The inbox: built-in views, filters, sorting, keyset pages, counts, saved views, bulk actions."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samadhan.accounts.models import Agent, Role, Team
from samadhan.accounts.services import team_create
from samadhan.channels.models import InboxKind
from samadhan.channels.services import inbox_create
from samadhan.conftest import Seat
from samadhan.testing.factories import make_agent, make_contact, make_ticket, make_workspace
from samadhan.tickets.models import FieldType, Priority, SavedView, Status, Ticket
from samadhan.tickets.services.custom_field import custom_field_create
from samadhan.tickets.services.saved_view import saved_view_create
from samadhan.ui.tests import change, flashes, signed_in
from samadhan.ui.views import inbox as inbox_views

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def numbers(response: Any) -> list[int]:
    assert response.status_code == 200
    page = response.context["page"]
    assert page is not None, response.context["form"].errors
    return [t.number for t in page.items]


def inbox_url(seat: Seat) -> str:
    return reverse("ui:inbox", args=[seat.workspace.slug])


@dataclass
class Desk:
    seat: Seat
    colleague: Agent
    team: Team
    client: Client
    mine: Ticket
    theirs: Ticket
    unassigned: Ticket
    solved_mine: Ticket
    pending_unassigned: Ticket
    team_ticket: Ticket

    def get(self, **params: Any) -> list[int]:
        return numbers(self.client.get(inbox_url(self.seat), params))


@pytest.fixture
def desk(seat: Seat) -> Desk:
    me = seat.agent
    colleague = make_agent(seat.workspace, name="Colleague")
    team = team_create(workspace=seat.workspace, name="Field", members=[colleague])
    mine = change(
        make_ticket(seat.workspace, subject="Mine"),
        me,
        assignee_id=me.pk,
        set_assignee=True,
        status=Status.OPEN,
    )
    theirs = change(
        make_ticket(seat.workspace, subject="Theirs"),
        me,
        assignee_id=colleague.pk,
        set_assignee=True,
    )
    unassigned = make_ticket(seat.workspace, subject="Nobody's")
    solved_mine = change(
        make_ticket(seat.workspace, subject="Solved"),
        me,
        assignee_id=me.pk,
        set_assignee=True,
        status=Status.SOLVED,
    )
    pending = change(make_ticket(seat.workspace, subject="Waiting"), me, status=Status.PENDING)
    team_ticket = make_ticket(seat.workspace, subject="Team ticket", team_id=team.pk)
    return Desk(
        seat,
        colleague,
        team,
        signed_in(me),
        mine,
        theirs,
        unassigned,
        solved_mine,
        pending,
        team_ticket,
    )


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


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("updated", ["b", "c", "a"]),
        ("updated_asc", ["a", "c", "b"]),
        ("created", ["c", "b", "a"]),
        ("created_asc", ["a", "b", "c"]),
    ],
)
def test_sort_orders(seat: Seat, sort: str, expected: list[str]) -> None:
    made: dict[str, Ticket] = {}
    for offset, name in enumerate("abc"):
        with time_machine.travel(T0 + timedelta(minutes=offset), tick=False):
            made[name] = make_ticket(seat.workspace, subject=name)
    with time_machine.travel(T0 + timedelta(minutes=10), tick=False):
        change(made["b"], seat.agent, priority=Priority.HIGH)
    by_number = {t.number: name for name, t in made.items()}
    found = numbers(signed_in(seat.agent).get(inbox_url(seat), {"view": "all", "sort": sort}))
    assert [by_number[n] for n in found] == expected


def walk(client: Client, url: str, params: dict[str, str], direction: str) -> list[list[int]]:
    """Every page from the first, following next (or, from the last, previous) links."""
    pages: list[list[int]] = []
    cursor_key = "after" if direction == "next" else "before"
    query = dict(params)
    for _step in range(20):
        response = client.get(url, query)
        pages.append(numbers(response))
        page = response.context["page"]
        cursor = page.next_cursor if direction == "next" else page.prev_cursor
        if not cursor:
            return pages
        query = {**params, cursor_key: cursor}
    raise AssertionError("paging does not end")


@pytest.mark.parametrize("sort", ["updated", "updated_asc", "created", "created_asc"])
@pytest.mark.parametrize("same_instant", [True, False])
def test_keyset_pages_have_no_duplicates_or_gaps(seat: Seat, sort: str, same_instant: bool) -> None:
    made = []
    for n in range(60):
        moment = T0 if same_instant else T0 + timedelta(seconds=n % 7)
        with time_machine.travel(moment, tick=False):
            made.append(make_ticket(seat.workspace, subject=f"T{n}").number)
    client = signed_in(seat.agent)
    url = inbox_url(seat)
    params = {"view": "all", "sort": sort}
    forward = walk(client, url, params, "next")
    assert [len(p) for p in forward] == [25, 25, 10]
    flat = [n for page in forward for n in page]
    assert len(flat) == len(set(flat)) == 60
    assert set(flat) == set(made)
    # From the last page back with "newer" links: the same pages, in reverse.
    last = client.get(url, params).context["page"]
    second = client.get(url, {**params, "after": last.next_cursor}).context["page"]
    query = {**params, "after": second.next_cursor}
    backward: list[list[int]] = [numbers(client.get(url, query))]
    cursor = client.get(url, query).context["page"].prev_cursor
    while cursor:
        response = client.get(url, {**params, "before": cursor})
        backward.append(numbers(response))
        cursor = response.context["page"].prev_cursor
    assert backward == list(reversed(forward))


def test_pager_links_keep_the_filters(seat: Seat) -> None:
    for _n in range(30):
        make_ticket(seat.workspace, language="te")
    page = (
        signed_in(seat.agent)
        .get(inbox_url(seat), {"view": "all", "language": "te"})
        .content.decode()
    )
    assert 'rel="next" href="?view=all&amp;language=te&amp;after=' in page


def test_counts_endpoint(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    response = desk.client.get(reverse("ui:inbox_counts", args=[desk.seat.workspace.slug]))
    assert response.status_code == 200
    counts = {v.key: v.count for group in response.context["sidebar"].values() for v in group}
    assert counts["mine"] == 1
    assert counts["unassigned"] == 2
    assert counts["open"] == 5
    assert counts["all"] == 6
    assert counts["status-solved"] == 1
    assert counts[f"team-{desk.team.pk}"] == 1
    assert re.search(
        r'data-view="mine">\s*<span>Mine</span><span class="count">1</span>',
        response.content.decode(),
    )
    monkeypatch.setattr(inbox_views, "COUNT_CAP", 3)
    capped = desk.client.get(reverse("ui:inbox_counts", args=[desk.seat.workspace.slug]))
    assert re.search(
        r'data-view="all">\s*<span>All tickets</span><span class="count">3\+</span>',
        capped.content.decode(),
    )


def test_counts_skip_a_stale_saved_view(seat: Seat) -> None:
    stale = saved_view_create(actor=actor_of(seat), name="Old", filters={"team": ["424242"]})
    response = signed_in(seat.agent).get(reverse("ui:inbox_counts", args=[seat.workspace.slug]))
    assert response.status_code == 200
    counts = {v.key: v.count for group in response.context["sidebar"].values() for v in group}
    assert counts[f"saved-{stale.pk}"] is None


def actor_of(seat: Seat) -> Any:
    from samadhan.accounts.access import actor_for

    return actor_for(agent=seat.agent, workspace=seat.workspace)


def test_saved_view_create_use_delete(desk: Desk) -> None:
    url = reverse("ui:view_save", args=[desk.seat.workspace.slug])
    response = desk.client.post(
        url,
        {
            "name": "Solved by me",
            "status": "solved",
            "assignee": "me",
            "view": "mine",
            "filtered": "1",
            "csrfmiddlewaretoken": "x",
        },
    )
    saved = SavedView.objects.get(name="Solved by me")
    assert saved.owner_id == desk.seat.agent.pk
    assert saved.filters == {"status": ["solved"], "assignee": ["me"]}
    assert response["Location"] == f"{inbox_url(desk.seat)}?view=saved-{saved.pk}"
    assert desk.get(view=f"saved-{saved.pk}") == [desk.solved_mine.number]
    sidebar = desk.client.get(inbox_url(desk.seat)).content.decode()
    assert re.search(rf'data-view="saved-{saved.pk}">\s*<span>Solved by me</span>', sidebar)

    # A colleague does not see it and cannot open or delete it.
    colleague = signed_in(desk.colleague)
    assert colleague.get(inbox_url(desk.seat), {"view": f"saved-{saved.pk}"}).status_code == 404
    assert "Solved by me" not in colleague.get(inbox_url(desk.seat)).content.decode()
    response = colleague.post(
        reverse("ui:view_delete", args=[desk.seat.workspace.slug, saved.pk]), follow=True
    )
    assert "View not found." in flashes(response)
    assert SavedView.objects.filter(pk=saved.pk).exists()

    response = desk.client.post(
        reverse("ui:view_delete", args=[desk.seat.workspace.slug, saved.pk]), follow=True
    )
    assert flashes(response) == ["View deleted."]
    assert not SavedView.objects.filter(pk=saved.pk).exists()
    assert desk.client.get(inbox_url(desk.seat), {"view": f"saved-{saved.pk}"}).status_code == 404


def test_shared_views_are_for_managers_to_make_and_everyone_to_use(
    seat_factory: Callable[..., Seat],
) -> None:
    manager = seat_factory(role=Role.MANAGER)
    agent = seat_factory(workspace=manager.workspace, role=Role.AGENT)
    telugu = make_ticket(manager.workspace, language="te")
    make_ticket(manager.workspace, language="hi")
    url = reverse("ui:view_save", args=[manager.workspace.slug])
    signed_in(manager.agent).post(url, {"name": "Telugu", "language": "te", "shared": "1"})
    shared = SavedView.objects.get(name="Telugu")
    assert shared.owner_id is None
    agent_client = signed_in(agent.agent)
    assert numbers(agent_client.get(inbox_url(manager), {"view": f"saved-{shared.pk}"})) == [
        telugu.number
    ]
    # An agent can neither share a view nor delete a shared one.
    response = agent_client.post(url, {"name": "Mine shared", "shared": "1"}, follow=True)
    assert response.status_code == 200
    assert any("This needs the Manager role or higher." in m for m in flashes(response))
    assert not SavedView.objects.filter(name="Mine shared").exists()
    response = agent_client.post(
        reverse("ui:view_delete", args=[manager.workspace.slug, shared.pk]), follow=True
    )
    assert any("Manager" in m for m in flashes(response))
    assert SavedView.objects.filter(pk=shared.pk).exists()


def test_saved_view_needs_a_name(seat: Seat) -> None:
    response = signed_in(seat.agent).post(
        reverse("ui:view_save", args=[seat.workspace.slug]), {"name": "  "}, follow=True
    )
    assert response.status_code == 200
    assert "Give the view a name of at most 120 characters." in flashes(response)


def test_another_workspaces_saved_view_is_404(seat_factory: Callable[..., Seat]) -> None:
    me = seat_factory()
    other = seat_factory()
    theirs = saved_view_create(actor=actor_of(other), name="Theirs", filters={}, shared=True)
    client = signed_in(me.agent)
    assert client.get(inbox_url(me), {"view": f"saved-{theirs.pk}"}).status_code == 404


def bulk(client: Client, seat: Seat, tickets: Iterable[Ticket | int], **data: Any) -> Any:
    return client.post(
        reverse("ui:bulk", args=[seat.workspace.slug]),
        {"ticket": [t if isinstance(t, int) else t.number for t in tickets], **data},
        follow=True,
    )


def test_bulk_assign_status_and_tag(desk: Desk) -> None:
    seat, client = desk.seat, desk.client
    group = [desk.unassigned, desk.pending_unassigned, desk.team_ticket]
    response = bulk(client, seat, group, action="assign", assignee="me")
    assert flashes(response) == ["3 tickets updated."]
    assert {t.assignee_id for t in Ticket.objects.filter(pk__in=[t.pk for t in group])} == {
        seat.agent.pk
    }
    bulk(client, seat, group, action="assign", assignee=str(desk.colleague.pk))
    assert set(
        Ticket.objects.filter(pk__in=[t.pk for t in group]).values_list("assignee_id", flat=True)
    ) == {desk.colleague.pk}
    bulk(client, seat, group[:1], action="assign", assignee="")
    assert Ticket.objects.get(pk=group[0].pk).assignee_id is None

    response = bulk(client, seat, group, action="status", status="solved")
    assert flashes(response) == ["3 tickets updated."]
    assert set(
        Ticket.objects.filter(pk__in=[t.pk for t in group]).values_list("status", flat=True)
    ) == {"solved"}

    response = bulk(client, seat, group[:2], action="tag", tag="  Urgent-Call ")
    assert flashes(response) == ["2 tickets updated."]
    tagged = numbers(client.get(inbox_url(seat), {"view": "all", "tag": "urgent-call"}))
    assert set(tagged) == {group[0].number, group[1].number}


def test_bulk_invalid_transition_is_reported_per_ticket(desk: Desk) -> None:
    closed = change(
        make_ticket(desk.seat.workspace, subject="Done"), desk.seat.agent, status=Status.CLOSED
    )
    response = bulk(
        desk.client, desk.seat, [desk.unassigned, closed, 999999], action="status", status="pending"
    )
    assert response.status_code == 200
    assert flashes(response) == [
        "1 ticket updated.",
        f"#{closed.number}: A closed ticket cannot be changed; reply to it to open a follow-up.",
        "#999999: Ticket not found.",
    ]
    assert Ticket.objects.get(pk=desk.unassigned.pk).status == Status.PENDING
    assert Ticket.objects.get(pk=closed.pk).status == Status.CLOSED


def test_bulk_merge(desk: Desk) -> None:
    target = desk.mine
    response = bulk(
        desk.client,
        desk.seat,
        [desk.unassigned, desk.theirs, target],
        action="merge",
        target=f"#{target.number}",
    )
    assert flashes(response) == ["2 tickets updated."]
    for ticket in (desk.unassigned, desk.theirs):
        ticket.refresh_from_db()
        assert ticket.merged_into_id == target.pk
    target.refresh_from_db()
    assert target.merged_into_id is None


def test_bulk_merge_into_another_workspaces_ticket_fails_per_ticket(desk: Desk) -> None:
    foreign = make_ticket(make_workspace())
    foreign_number = Ticket.objects.filter(workspace=desk.seat.workspace).count() + 50
    Ticket.objects.filter(pk=foreign.pk).update(number=foreign_number)
    response = bulk(
        desk.client, desk.seat, [desk.unassigned], action="merge", target=str(foreign_number)
    )
    assert flashes(response) == [f"#{desk.unassigned.number}: Ticket not found."]
    desk.unassigned.refresh_from_db()
    assert desk.unassigned.merged_into_id is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "status", "status": "exploded"}, "Choose an action and its value."),
        ({"action": "tag", "tag": "   "}, "Choose an action and its value."),
        ({"action": "merge", "target": "abc"}, "Choose an action and its value."),
        ({"action": "launch"}, "Choose an action and its value."),
        ({"action": "assign", "assignee": "abc"}, "Choose an action and its value."),
        ({"action": "assign", "assignee": "99999999999999999999999"}, None),
        ({"action": "merge", "target": "99999999999999999999999"}, None),
    ],
)
def test_bulk_bad_input_is_a_message(desk: Desk, data: dict[str, str], message: str | None) -> None:
    response = bulk(desk.client, desk.seat, [desk.mine], **data)
    assert response.status_code == 200
    assert len(flashes(response)) == 1
    assert message is None or flashes(response) == [message]
    assert "updated" not in flashes(response)[0]
    desk.mine.refresh_from_db()
    assert desk.mine.assignee_id == desk.seat.agent.pk


def test_bulk_with_a_huge_ticket_number_is_not_a_500(desk: Desk) -> None:
    response = bulk(
        desk.client, desk.seat, [99999999999999999999999, desk.mine], action="tag", tag="x"
    )
    assert response.status_code == 200
    assert "1 ticket updated." in flashes(response)


def test_bulk_limits_and_empty_selection(desk: Desk) -> None:
    response = bulk(desk.client, desk.seat, [], action="status", status="open")
    assert flashes(response) == ["Select at least one ticket."]
    response = bulk(desk.client, desk.seat, list(range(1, 102)), action="status", status="open")
    assert flashes(response) == ["Select at most 100 tickets at once."]


def test_bulk_is_for_agents_not_collaborators(desk: Desk) -> None:
    collaborator = make_agent(desk.seat.workspace, role=Role.COLLABORATOR)
    response = signed_in(collaborator).post(
        reverse("ui:bulk", args=[desk.seat.workspace.slug]),
        {"ticket": [desk.mine.number], "action": "status", "status": "solved"},
    )
    assert response.status_code == 403
    desk.mine.refresh_from_db()
    assert desk.mine.status == Status.OPEN


def test_bulk_redirects_back_to_the_list_only_on_this_site(desk: Desk) -> None:
    back = f"{inbox_url(desk.seat)}?view=all"
    url = reverse("ui:bulk", args=[desk.seat.workspace.slug])
    data = {"ticket": [desk.mine.number], "action": "tag", "tag": "x"}
    assert desk.client.post(url, {**data, "next": back})["Location"] == back
    evil = desk.client.post(url, {**data, "next": "https://evil.example/"})
    assert evil["Location"] == inbox_url(desk.seat)


def test_collaborator_sees_only_their_teams_tickets(desk: Desk) -> None:
    collaborator = make_agent(desk.seat.workspace, role=Role.COLLABORATOR)
    desk.team.members.add(collaborator)
    page = signed_in(collaborator).get(inbox_url(desk.seat), {"view": "all"})
    assert numbers(page) == [desk.team_ticket.number]
    assert 'id="bulk-form"' in page.content.decode()
    assert "data-bulkbar" not in page.content.decode()


def _inbox_queries(client: Client, url: str) -> int:
    client.get(url, {"view": "all"})  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"view": "all"})
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_inbox_queries_do_not_grow_with_the_tickets_shown(seat: Seat) -> None:
    team = team_create(workspace=seat.workspace, name="Field", members=[seat.agent])
    client = signed_in(seat.agent)
    url = inbox_url(seat)

    def add(count: int) -> None:
        for n in range(count):
            ticket = make_ticket(
                seat.workspace,
                contact=make_contact(seat.workspace),
                tags=[f"tag{n}", "common"],
                team_id=team.pk,
            )
            change(ticket, seat.agent, assignee_id=seat.agent.pk, set_assignee=True)

    add(5)
    five = _inbox_queries(client, url)
    add(20)
    twenty_five = _inbox_queries(client, url)
    assert len(client.get(url, {"view": "all"}).context["page"].items) == 25
    assert twenty_five == five
    assert five <= 15


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


def test_a_saved_view_keeps_its_sort_order(seat: Seat) -> None:
    made = []
    for offset in range(3):
        with time_machine.travel(T0 + timedelta(minutes=offset), tick=False):
            made.append(make_ticket(seat.workspace).number)
    client = signed_in(seat.agent)
    client.post(
        reverse("ui:view_save", args=[seat.workspace.slug]),
        {"name": "Oldest first", "sort": "created_asc", "status": "new"},
    )
    saved = SavedView.objects.get(name="Oldest first")
    assert saved.sort == "created_asc"
    assert numbers(client.get(inbox_url(seat), {"view": f"saved-{saved.pk}"})) == made
    response = client.post(
        reverse("ui:view_save", args=[seat.workspace.slug]),
        {"name": "Odd", "sort": "sideways"},
        follow=True,
    )
    assert flashes(response) == ["Unknown sort order."]


def test_counts_for_a_collaborator_cover_only_their_teams(desk: Desk) -> None:
    collaborator = make_agent(desk.seat.workspace, role=Role.COLLABORATOR)
    desk.team.members.add(collaborator)
    response = signed_in(collaborator).get(
        reverse("ui:inbox_counts", args=[desk.seat.workspace.slug])
    )
    counts = {v.key: v.count for group in response.context["sidebar"].values() for v in group}
    assert counts["all"] == 1
    assert counts["mine"] == 0
