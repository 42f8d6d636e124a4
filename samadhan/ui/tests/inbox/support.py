"""Helpers shared by the inbox tests: the desk, URLs, ticket numbers on a page, bulk posts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.test import Client
from django.urls import reverse

from samadhan.accounts.models import Agent, Team
from samadhan.conftest import Seat
from samadhan.tickets.models import Ticket

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


def actor_of(seat: Seat) -> Any:
    from samadhan.accounts.access import actor_for

    return actor_for(agent=seat.agent, workspace=seat.workspace)


def bulk(client: Client, seat: Seat, tickets: Iterable[Ticket | int], **data: Any) -> Any:
    return client.post(
        reverse("ui:bulk", args=[seat.workspace.slug]),
        {"ticket": [t if isinstance(t, int) else t.number for t in tickets], **data},
        follow=True,
    )
