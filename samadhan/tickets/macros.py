"""Macro reply texts: per-language choice and safe placeholder rendering.

Placeholders are looked up in a fixed table of plain-text values; no template
engine runs on text an admin typed, so a macro cannot reach other data.
"""

from __future__ import annotations

import regex
from django.utils.translation import gettext as _

from samadhan.accounts.models import Agent
from samadhan.core.errors import ValidationFailed
from samadhan.tickets.models import Macro, Ticket

_PLACEHOLDER = regex.compile(r"\{\{\s*([a-z_]+\.[a-z_]+)\s*\}\}")
# Anything that looks like a placeholder, so a typo is refused rather than sent to a customer.
_ANY_PLACEHOLDER = regex.compile(r"\{\{(.*?)\}\}", regex.DOTALL)

PLACEHOLDERS = (
    "contact.name",
    "contact.first_name",
    "contact.email",
    "ticket.number",
    "ticket.subject",
    "agent.name",
    "agent.first_name",
    "workspace.name",
)


def placeholders_check(body: str, *, field: str) -> None:
    unknown = sorted({p.strip() for p in _ANY_PLACEHOLDER.findall(body)} - set(PLACEHOLDERS))
    if unknown:
        raise ValidationFailed(
            _("Unknown placeholders: %(names)s.") % {"names": ", ".join(unknown)},
            fields={field: [_("Use one of: %(names)s.") % {"names": ", ".join(PLACEHOLDERS)}]},
        )


def placeholder_values(*, ticket: Ticket, agent: Agent | None) -> dict[str, str]:
    contact = ticket.contact
    email = contact.identities.filter(kind="email").values_list("value", flat=True).first()
    agent_name = agent.name if agent else ""
    return {
        "contact.name": contact.name,
        "contact.first_name": contact.first_name,
        "contact.email": email or "",
        "ticket.number": str(ticket.number),
        "ticket.subject": ticket.subject,
        "agent.name": agent_name,
        "agent.first_name": agent_name.split(" ", 1)[0],
        "workspace.name": ticket.workspace.name,
    }


def render(body: str, values: dict[str, str]) -> str:
    return str(_PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), body))


def macro_text_for(macro: Macro, *, languages: list[str]) -> tuple[str, str] | None:
    """The (language, body) of the first translation in ``languages`` order."""
    by_language = {t.language: t.body for t in macro.translations.all()}
    for language in languages:
        if language and language in by_language:
            return language, by_language[language]
    if by_language:
        language = sorted(by_language)[0]
        return language, by_language[language]
    return None
