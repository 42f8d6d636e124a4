"""The ticket page: merge, link and split."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samadhan.testing.factories import make_ticket, make_workspace
from samadhan.tickets.models import (
    Message,
    MessageKind,
    Ticket,
    TicketLink,
)
from samadhan.tickets.services.message import message_create
from samadhan.tickets.timeline import CONTACT_AUTHOR
from samadhan.ui.tests import flashes
from samadhan.ui.tests.ticket.support import Desk, url

pytestmark = pytest.mark.django_db


def test_merge(desk: Desk) -> None:
    target = make_ticket(desk.seat.workspace, subject="Also about seeds")
    response = desk.post("ticket_merge", {"target": f"#{target.number}"})
    assert response.redirect_chain[-1][0] == url(desk.seat, "ticket", target.number)
    assert flashes(response) == [f"Ticket #{desk.ticket.number} merged into this one."]
    assert desk.reload().merged_into_id == target.pk
    assert f"merged ticket #{desk.ticket.number} into this one." in response.content.decode()


@pytest.mark.parametrize("target", ["", "self", "abc", "999999", "foreign", "9" * 30])
def test_merge_refusals(desk: Desk, target: str) -> None:
    foreign = make_ticket(make_workspace())
    Ticket.objects.filter(pk=foreign.pk).update(number=777)
    value = {"self": str(desk.ticket.number), "foreign": "777"}.get(target, target)
    response = desk.post("ticket_merge", {"target": value})
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == url(desk.seat, "ticket", desk.ticket.number)
    assert flashes(response) in (["Give the number of another ticket."], ["Ticket not found."])
    assert desk.reload().merged_into_id is None


def test_link(desk: Desk) -> None:
    other = make_ticket(desk.seat.workspace)
    response = desk.post("ticket_link", {"target": str(other.number), "kind": "related"})
    assert flashes(response) == ["Tickets linked."]
    link = TicketLink.objects.get()
    assert (link.source_id, link.target_id) == (desk.ticket.pk, other.pk)
    assert reverse("ui:ticket", args=[desk.seat.workspace.slug, other.number]) in (
        response.content.decode()
    )
    response = desk.post("ticket_link", {"target": str(other.number), "kind": "sibling"})
    assert flashes(response) == ["Choose how the tickets are linked."]
    response = desk.post("ticket_link", {"target": "99999", "kind": "related"})
    assert flashes(response) == ["Ticket not found."]
    assert TicketLink.objects.count() == 1


def test_split(desk: Desk) -> None:
    second = message_create(
        ticket=desk.ticket,
        author=CONTACT_AUTHOR,
        kind=MessageKind.INBOUND,
        body_text="Also, my pump is broken",
    )
    response = desk.post("ticket_split", {}, second.pk)
    new = Ticket.objects.exclude(pk=desk.ticket.pk).get()
    assert flashes(response) == [f"The message is now ticket #{new.number}."]
    assert response.redirect_chain[-1][0] == url(desk.seat, "ticket", new.number)
    assert "Also, my pump is broken" in response.content.decode()
    other = make_ticket(desk.seat.workspace)
    foreign_message = Message.objects.filter(ticket=other).get()
    response = desk.post("ticket_split", {}, foreign_message.pk)
    assert flashes(response) == ["That message is not on this ticket."]
