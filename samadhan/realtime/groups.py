"""Channel-layer group names: who hears what.

One function per audience, so a typo can never open a second, silent group. A
visitor is never put in an agents' group: internal notes, presence and
assignment changes travel only to ``workspace_group`` and ``ticket_group``;
what a visitor may see is sent to ``ticket_public_group`` and ``visitor_group``.
"""

from __future__ import annotations


def workspace_group(workspace_id: int) -> str:
    """Every agent connected to the workspace (inbox views, counts, presence)."""
    return f"workspace.{workspace_id}"


def agent_group(agent_id: int) -> str:
    """One agent's own connections in any workspace (desktop notifications)."""
    return f"agent.{agent_id}"


def ticket_group(ticket_id: int) -> str:
    """Agents with the ticket page open: every message, notes included, typing, viewers."""
    return f"ticket.{ticket_id}"


def ticket_public_group(ticket_id: int) -> str:
    """What the customer may see of a ticket: public messages and agents typing a reply."""
    return f"ticket-public.{ticket_id}"


def visitor_group(visitor_id: int) -> str:
    """One chat visitor's connections (several tabs, a reconnect)."""
    return f"visitor.{visitor_id}"
