"""Helpers shared by the ticket page tests: the desk's shape and URLs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.test import Client
from django.urls import reverse

from samadhan.accounts.models import Agent, Team
from samadhan.conftest import Seat
from samadhan.tickets.models import (
    Ticket,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def url(seat: Seat, name: str, *args: object) -> str:
    return reverse(f"ui:{name}", args=[seat.workspace.slug, *args])


@dataclass
class Desk:
    seat: Seat
    client: Client
    colleague: Agent
    team: Team
    ticket: Ticket

    def post(self, name: str, data: dict[str, Any] | None = None, *args: object) -> Any:
        return self.client.post(
            url(self.seat, name, self.ticket.number, *args), data or {}, follow=True
        )

    def reload(self) -> Ticket:
        self.ticket.refresh_from_db()
        return self.ticket
