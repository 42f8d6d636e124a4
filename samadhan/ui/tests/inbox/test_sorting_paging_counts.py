"""The inbox: sorting, keyset pages, view counts, and query counts per page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samadhan.accounts.models import Role
from samadhan.accounts.services import team_create
from samadhan.conftest import Seat
from samadhan.testing.factories import make_agent, make_contact, make_ticket
from samadhan.tickets.models import Priority, Ticket
from samadhan.tickets.services.saved_view import saved_view_create
from samadhan.ui.tests import change, signed_in
from samadhan.ui.tests.inbox.support import T0, Desk, actor_of, inbox_url, numbers
from samadhan.ui.views import inbox as inbox_views

pytestmark = pytest.mark.django_db


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


def test_counts_for_a_collaborator_cover_only_their_teams(desk: Desk) -> None:
    collaborator = make_agent(desk.seat.workspace, role=Role.COLLABORATOR)
    desk.team.members.add(collaborator)
    response = signed_in(collaborator).get(
        reverse("ui:inbox_counts", args=[desk.seat.workspace.slug])
    )
    counts = {v.key: v.count for group in response.context["sidebar"].values() for v in group}
    assert counts["all"] == 1
    assert counts["mine"] == 0
