"""Managing and applying macros."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import Agent
from samadhan.core.errors import ValidationFailed
from samadhan.tickets.macros import macro_text_for, placeholder_values, placeholders_check, render
from samadhan.tickets.models import (
    Macro,
    MacroTranslation,
    Message,
    MessageKind,
    Priority,
    Status,
    Ticket,
    TicketEventKind,
)
from samadhan.tickets.services.message import message_create
from samadhan.tickets.services.ticket import TicketChanges, ticket_update
from samadhan.tickets.timeline import Author, event_record
from samadhan.workspaces.models import Workspace

MAX_ID = 2**62
ACTION_KEYS = {
    "status",
    "priority",
    "add_tags",
    "remove_tags",
    "assignee_id",
    "team_id",
    "reply_kind",
}


def _validate_actions(actions: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    for key in actions:
        if key not in ACTION_KEYS:
            errors[f"actions.{key}"] = [str(_("Unknown action."))]
    if "status" in actions and actions["status"] not in Status.values:
        errors["actions.status"] = [str(_("Unknown status."))]
    if "priority" in actions and actions["priority"] not in Priority.values:
        errors["actions.priority"] = [str(_("Unknown priority."))]
    if actions.get("reply_kind", "reply") not in ("reply", "note"):
        errors["actions.reply_kind"] = [str(_("Use reply or note."))]
    for key in ("add_tags", "remove_tags"):
        value = actions.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            errors[f"actions.{key}"] = [str(_("Give a list of tags."))]
    for key in ("assignee_id", "team_id"):
        value = actions.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID
        ):
            errors[f"actions.{key}"] = [str(_("Give an id or null."))]
    if errors:
        raise ValidationFailed(_("Some macro actions are not valid."), fields=errors)
    return actions


@transaction.atomic
def macro_create(
    *,
    workspace: Workspace,
    name: str,
    actions: dict[str, Any] | None = None,
    texts: dict[str, str] | None = None,
) -> Macro:
    name = name.strip()
    if not name:
        raise ValidationFailed(_("A name is required."), fields={"name": [str(_("Required."))]})
    if Macro.objects.filter(workspace=workspace, name=name).exists():
        raise ValidationFailed(
            _("A macro with this name already exists."), fields={"name": [str(_("Already taken."))]}
        )
    macro = Macro.objects.create(
        workspace=workspace, name=name, actions=_validate_actions(actions or {})
    )
    macro_texts_set(macro=macro, texts=texts or {})
    return macro


def macro_texts_set(*, macro: Macro, texts: dict[str, str]) -> None:
    for language, body in texts.items():
        placeholders_check(body, field=f"texts.{language}")
        MacroTranslation.objects.update_or_create(
            macro=macro, language=language, defaults={"body": body}
        )


@transaction.atomic
def macro_apply(*, macro: Macro, ticket: Ticket, agent: Agent) -> Message | None:
    """Post the macro's reply in the ticket's language and apply its changes."""
    author = Author.of_agent(agent)
    actions = macro.actions
    languages = [ticket.language, ticket.contact.language, ticket.workspace.default_language]
    chosen = macro_text_for(macro, languages=languages)
    message: Message | None = None
    if chosen is not None:
        text = render(chosen[1], placeholder_values(ticket=ticket, agent=agent))
        kind = MessageKind.NOTE if actions.get("reply_kind") == "note" else MessageKind.OUTBOUND
        message = message_create(ticket=ticket, author=author, kind=kind, body_text=text)
    changes = TicketChanges(
        status=Status(actions["status"]) if "status" in actions else None,
        priority=Priority(actions["priority"]) if "priority" in actions else None,
        add_tags=actions.get("add_tags") or None,
        remove_tags=actions.get("remove_tags") or None,
        assignee_id=actions.get("assignee_id"),
        set_assignee="assignee_id" in actions,
        team_id=actions.get("team_id"),
        set_team="team_id" in actions,
    )
    ticket.refresh_from_db()
    ticket_update(ticket=ticket, author=author, changes=changes)
    event_record(
        ticket=ticket,
        kind=TicketEventKind.MACRO_APPLIED,
        author=author,
        data={"macro_id": macro.pk, "name": macro.name, "language": chosen[0] if chosen else None},
    )
    return message
