"""Managing and applying macros."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import Agent
from samadhan.audit.services import audit_diff, audit_record
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


def _macro_name(workspace: Workspace, name: str, *, exclude: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationFailed(_("A name is required."), fields={"name": [str(_("Required."))]})
    if len(name) > 120:
        raise ValidationFailed(
            _("Give a name of at most 120 characters."),
            fields={"name": [str(_("Give a name of at most 120 characters."))]},
        )
    taken = Macro.objects.filter(workspace=workspace, name=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationFailed(
            _("A macro with this name already exists."), fields={"name": [str(_("Already taken."))]}
        )
    return name


def _macro_texts(macro: Macro) -> dict[str, str]:
    return dict(macro.translations.order_by("language").values_list("language", "body"))


@transaction.atomic
def macro_create(
    *,
    workspace: Workspace,
    name: str,
    actions: dict[str, Any] | None = None,
    texts: dict[str, str] | None = None,
    by: Agent | None = None,
) -> Macro:
    name = _macro_name(workspace, name)
    macro = Macro.objects.create(
        workspace=workspace, name=name, actions=_validate_actions(actions or {})
    )
    macro_texts_set(macro=macro, texts=texts or {})
    audit_record(
        workspace=workspace,
        actor=by,
        action="macro.created",
        target=macro,
        changes={"name": name, "actions": macro.actions, "texts": _macro_texts(macro)},
    )
    return macro


def _check_languages(texts: dict[str, str]) -> None:
    supported = dict(settings.LANGUAGES)
    unknown = [language for language in texts if language not in supported]
    if unknown:
        raise ValidationFailed(
            _("Unknown language."), fields={f"texts.{unknown[0]}": [str(_("Unknown language."))]}
        )


def macro_texts_set(*, macro: Macro, texts: dict[str, str], remove_missing: bool = False) -> None:
    """Save the reply text per language; with ``remove_missing``, drop the other languages.

    An empty text removes that language, so the macro falls back to another.
    """
    for language, body in texts.items():
        placeholders_check(body, field=f"texts.{language}")
    kept = {language: body for language, body in texts.items() if body.strip()}
    dropped = [language for language, body in texts.items() if not body.strip()]
    for language, body in kept.items():
        MacroTranslation.objects.update_or_create(
            macro=macro, language=language, defaults={"body": body}
        )
    stale = MacroTranslation.objects.filter(macro=macro)
    if remove_missing:
        stale = stale.exclude(language__in=list(kept))
    else:
        stale = stale.filter(language__in=dropped)
    stale.delete()


@transaction.atomic
def macro_update(
    *,
    macro: Macro,
    by: Agent | None,
    name: str | None = None,
    actions: dict[str, Any] | None = None,
    texts: dict[str, str] | None = None,
    is_active: bool | None = None,
) -> Macro:
    """Change a macro; ``texts`` is the full set of languages it answers in."""
    before: dict[str, Any] = {
        "name": macro.name,
        "actions": macro.actions,
        "is_active": macro.is_active,
        "texts": _macro_texts(macro),
    }
    after: dict[str, Any] = {}
    if name is not None:
        after["name"] = _macro_name(macro.workspace, name, exclude=macro.pk)
    if actions is not None:
        after["actions"] = _validate_actions(actions)
    if is_active is not None:
        after["is_active"] = is_active
    if texts is not None:
        _check_languages(texts)
        macro_texts_set(macro=macro, texts=texts, remove_missing=True)
        after["texts"] = _macro_texts(macro)
    changes = audit_diff(before, after)
    if not changes:
        return macro
    for key in ("name", "actions", "is_active"):
        if key in changes:
            setattr(macro, key, after[key])
    macro.save()
    audit_record(
        workspace=macro.workspace,
        actor=by,
        action="macro.updated",
        target=macro,
        changes=changes,
    )
    return macro


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
