"""Tests of the agent workspace pages, through Django's test client and the real services."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.test import Client

from samadhan.accounts.models import Agent
from samadhan.tickets.models import Ticket
from samadhan.tickets.services.ticket import TicketChanges, ticket_update
from samadhan.tickets.timeline import Author

PASSWORD = "correct-horse-battery-staple"  # the factories' password


def signed_in(agent: Agent, **headers: Any) -> Client:
    """A browser with ``agent`` signed in (``headers`` such as ``HTTP_ACCEPT_LANGUAGE``)."""
    client = Client(**headers)
    client.force_login(agent)
    return client


def flashes(response: object) -> list[str]:
    """The messages shown after a redirect was followed."""
    from django.contrib.messages import get_messages

    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


def change(ticket: Ticket, agent: Agent, **changes: Any) -> Ticket:
    """Change a ticket as an agent would, through the service, under its row lock."""
    with transaction.atomic():
        return ticket_update(
            ticket=Ticket.objects.select_for_update().get(pk=ticket.pk),
            author=Author.of_agent(agent),
            changes=TicketChanges(**changes),
        )
