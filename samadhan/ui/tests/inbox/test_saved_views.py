"""The inbox: saved views (personal and shared), made, used and deleted."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from samadhan.accounts.models import Role
from samadhan.conftest import Seat
from samadhan.testing.factories import make_ticket
from samadhan.tickets.models import SavedView
from samadhan.tickets.services.saved_view import saved_view_create
from samadhan.ui.tests import flashes, signed_in
from samadhan.ui.tests.inbox.support import T0, Desk, actor_of, inbox_url, numbers

pytestmark = pytest.mark.django_db


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
