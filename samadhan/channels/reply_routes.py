"""Which email inbox carries agents' replies on tickets of a channel that is not email.

The email channel mails every public agent reply of a ticket whose contact has
an address. A channel that delivers by itself most of the time (a chat visitor
still on the page) registers a router for its tickets' ``channel``: the email
channel then mails a reply only when the router wants it, from the inbox the
router names. Providers never import each other; both import this.
"""

from __future__ import annotations

from typing import Protocol

from samadhan.tickets.models import Message, Ticket


class EmailRouter(Protocol):
    def inbox_id(self, ticket: Ticket) -> int | None:
        """The email inbox to send from; None: this ticket's replies never go by email."""

    def wanted(self, message: Message) -> bool:
        """Mail this reply now (False when the channel delivers it itself)."""


_routers: dict[str, EmailRouter] = {}


def email_router_register(channel: str, router: EmailRouter) -> None:
    _routers[channel] = router


def email_router_for(ticket: Ticket) -> EmailRouter | None:
    return _routers.get(ticket.channel)
