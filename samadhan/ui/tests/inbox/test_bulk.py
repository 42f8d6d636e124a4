"""The inbox: bulk actions on the selected tickets."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samadhan.accounts.models import Role
from samadhan.testing.factories import make_agent, make_ticket, make_workspace
from samadhan.tickets.models import Status, Ticket
from samadhan.ui.tests import change, flashes, signed_in
from samadhan.ui.tests.inbox.support import Desk, bulk, inbox_url, numbers

pytestmark = pytest.mark.django_db


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
