"""A ticket's conversation as agents read it: messages and events in one thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samadhan.accounts.models import Agent, Team
from samadhan.tickets.models import (
    ActorKind,
    LinkKind,
    Message,
    Priority,
    Status,
    TicketEvent,
    TicketEventKind,
)

# Events the thread already shows as a message, or that say nothing to a reader.
HIDDEN = {TicketEventKind.CREATED, TicketEventKind.MENTION}


@dataclass(frozen=True)
class Entry:
    at: datetime
    message: Message | None = None
    text: str = ""


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "—")


def _name(mapping: dict[int, Any], value: Any) -> str:
    if value in (None, ""):
        return _("nobody")
    item = mapping.get(value)
    return str(item) if item is not None else f"#{value}"


def _who(event: TicketEvent, agents: dict[int, Agent]) -> str:
    if event.actor_kind == ActorKind.AGENT and event.actor_agent_id:
        return _name(agents, event.actor_agent_id)
    if event.actor_kind == ActorKind.CONTACT:
        return _("The customer")
    if event.actor_kind == ActorKind.BOT:
        return _("The bot")
    return _("Samadhan")


K = TicketEventKind
SENTENCES: dict[str, Any] = {
    K.STATUS_CHANGED: gettext_lazy("%(who)s changed the status from %(old)s to %(new)s."),
    K.PRIORITY_CHANGED: gettext_lazy("%(who)s changed the priority from %(old)s to %(new)s."),
    K.ASSIGNEE_CHANGED: gettext_lazy("%(who)s assigned the ticket to %(new)s."),
    K.TEAM_CHANGED: gettext_lazy("%(who)s moved the ticket to team %(new)s."),
    K.TAGS_CHANGED: gettext_lazy("%(who)s changed the tags: added %(added)s; removed %(removed)s."),
    K.FIELD_CHANGED: gettext_lazy("%(who)s changed the custom fields."),
    K.SUBJECT_CHANGED: gettext_lazy("%(who)s changed the subject to “%(new)s”."),
    K.LANGUAGE_CHANGED: gettext_lazy("%(who)s changed the language to %(new)s."),
    K.CONTACT_CHANGED: gettext_lazy("%(who)s changed the customer of this ticket."),
    K.REOPENED: gettext_lazy("%(who)s reopened the ticket."),
    K.ESCALATED: gettext_lazy("%(who)s escalated the ticket."),
    K.DEESCALATED: gettext_lazy("%(who)s lowered the escalation."),
    K.MACRO_APPLIED: gettext_lazy("%(who)s applied the macro “%(name)s”."),
    K.MERGED_INTO: gettext_lazy("%(who)s merged this ticket into #%(number)s."),
    K.MERGED_FROM: gettext_lazy("%(who)s merged ticket #%(number)s into this one."),
    K.LINKED: gettext_lazy("%(who)s linked ticket #%(number)s (%(kind)s)."),
    K.UNLINKED: gettext_lazy("%(who)s removed the link to ticket #%(number)s."),
    K.SPLIT_TO: gettext_lazy("%(who)s split a message into the new ticket #%(number)s."),
    K.SPLIT_FROM: gettext_lazy("%(who)s split this ticket from #%(number)s."),
}


# When the new value is "none": a sentence of its own reads right in every language.
CLEARED: dict[str, Any] = {
    K.ASSIGNEE_CHANGED: gettext_lazy("%(who)s unassigned the ticket."),
    K.TEAM_CHANGED: gettext_lazy("%(who)s removed the ticket from its team."),
}
LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _values(kind: str, value: Any, agents: dict[int, Agent], teams: dict[int, Team]) -> str:
    """A changed value as a reader should see it: a label or a name, never an id."""
    readers: dict[str, Any] = {
        K.STATUS_CHANGED: lambda v: _label(Status, v),
        K.PRIORITY_CHANGED: lambda v: _label(Priority, v),
        K.ASSIGNEE_CHANGED: lambda v: _name(agents, v),
        K.TEAM_CHANGED: lambda v: _name(teams, v),
        K.LANGUAGE_CHANGED: lambda v: str(LANGUAGE_NAMES.get(v, v or "—")),
    }
    if kind in readers:
        return str(readers[kind](value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return "" if value is None else str(value)


def describe(event: TicketEvent, agents: dict[int, Agent], teams: dict[int, Team]) -> str:
    """One sentence, in the reader's language, for a timeline event."""
    data = event.data or {}
    kind = str(event.kind)
    params = {
        "who": _who(event, agents),
        "old": _values(kind, data.get("from"), agents, teams),
        "new": _values(kind, data.get("to"), agents, teams),
        "name": data.get("name", ""),
        "number": data.get("ticket_number", ""),
        "kind": _label(LinkKind, data.get("kind")),
        "added": ", ".join(data.get("added") or []) or "—",
        "removed": ", ".join(data.get("removed") or []) or "—",
    }
    sentence = SENTENCES.get(kind)
    if kind in CLEARED and data.get("to") in (None, ""):
        sentence = CLEARED[kind]
    if sentence is None:
        what = K(kind).label if kind in K.values else kind
        return _("%(who)s: %(what)s.") % {"who": params["who"], "what": what}
    return str(sentence) % params


def thread(
    messages: list[Message],
    events: list[TicketEvent],
    agents: dict[int, Agent],
    teams: dict[int, Team],
) -> list[Entry]:
    entries = [Entry(at=m.created_at, message=m) for m in messages]
    entries += [
        Entry(at=e.created_at, text=describe(e, agents, teams))
        for e in events
        if e.kind not in HIDDEN
    ]
    entries.sort(key=lambda e: (e.at, e.message is None))
    return entries
