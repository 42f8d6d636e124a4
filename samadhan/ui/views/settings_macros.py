"""Macros: a reply per language plus ticket changes, applied in one click."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from samadhan.accounts.access import Actor
from samadhan.accounts.models import Role, Team
from samadhan.core.errors import AppError
from samadhan.tickets.macros import PLACEHOLDERS
from samadhan.tickets.models import Macro, Priority, Status
from samadhan.tickets.services.macro import macro_create, macro_update
from samadhan.tickets.tags import normalize_tags
from samadhan.ui.views.settings_base import (
    bound,
    checkbox_agents,
    form_errors_from,
    get_or_404,
    settings_render,
)
from samadhan.ui.workspace import workspace_view

KEEP = ""
CLEAR = "none"


class MacroForm(forms.Form):
    name = forms.CharField(label=_("Macro name"), max_length=120)
    reply_kind = forms.ChoiceField(
        label=_("The text is posted as"),
        choices=[("reply", _("A reply to the customer")), ("note", _("An internal note"))],
    )
    status = forms.ChoiceField(label=_("Set status"), required=False)
    priority = forms.ChoiceField(label=_("Set priority"), required=False)
    assignee = forms.ChoiceField(label=_("Assign to"), required=False)
    team = forms.ChoiceField(label=_("Move to team"), required=False)
    add_tags = forms.CharField(
        label=_("Add tags"), required=False, help_text=_("Separate tags with commas.")
    )
    remove_tags = forms.CharField(
        label=_("Remove tags"), required=False, help_text=_("Separate tags with commas.")
    )
    is_active = forms.BooleanField(
        label=_("Active"), required=False, help_text=_("Inactive macros are hidden from agents.")
    )

    def __init__(self, *args: Any, actor: Actor, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep = (KEEP, _("Leave as it is"))
        self.fields["status"].choices = [keep, *Status.choices]  # type: ignore[attr-defined]
        self.fields["priority"].choices = [keep, *Priority.choices]  # type: ignore[attr-defined]
        self.fields["assignee"].choices = [  # type: ignore[attr-defined]
            keep,
            (CLEAR, _("Nobody (unassign)")),
            *((str(pk), name) for pk, name in checkbox_agents(actor)),
        ]
        teams = Team.objects.filter(workspace=actor.workspace).order_by("name")
        self.fields["team"].choices = [  # type: ignore[attr-defined]
            keep,
            (CLEAR, _("No team")),
            *((str(t.pk), t.name) for t in teams),
        ]
        if not editing:
            del self.fields["is_active"]
        for code, language in settings.LANGUAGES:
            self.fields[f"text_{code}"] = forms.CharField(
                label=language,
                required=False,
                widget=forms.Textarea(attrs={"rows": 5, "lang": code, "dir": "auto"}),
            )

    def text_fields(self) -> list[forms.BoundField]:
        return [self[f"text_{code}"] for code, _name in settings.LANGUAGES]

    def texts(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"text_{code}"] for code, _name in settings.LANGUAGES}

    def actions(self) -> dict[str, Any]:
        data = self.cleaned_data
        actions: dict[str, Any] = {"reply_kind": data["reply_kind"]}
        for key in ("status", "priority"):
            if data[key]:
                actions[key] = data[key]
        for key, field in (("assignee_id", "assignee"), ("team_id", "team")):
            if data[field] == CLEAR:
                actions[key] = None
            elif data[field]:
                actions[key] = int(data[field])
        for key in ("add_tags", "remove_tags"):
            names = [n for n in data[key].split(",") if n.strip()]
            if names:
                actions[key] = normalize_tags(names)
        return actions


def _initial(macro: Macro) -> dict[str, Any]:
    actions = macro.actions
    initial: dict[str, Any] = {
        "name": macro.name,
        "reply_kind": actions.get("reply_kind", "reply"),
        "status": actions.get("status", KEEP),
        "priority": actions.get("priority", KEEP),
        "add_tags": ", ".join(actions.get("add_tags") or []),
        "remove_tags": ", ".join(actions.get("remove_tags") or []),
        "is_active": macro.is_active,
    }
    for key, field in (("assignee_id", "assignee"), ("team_id", "team")):
        if key in actions:
            initial[field] = CLEAR if actions[key] is None else str(actions[key])
    for translation in macro.translations.all():
        initial[f"text_{translation.language}"] = translation.body
    return initial


def _error_target(name: str) -> str:
    if name.startswith("texts."):
        return "text_" + name.split(".", 1)[1]
    if name.startswith("actions."):
        key = name.split(".", 1)[1]
        return {"assignee_id": "assignee", "team_id": "team"}.get(key, key)
    if name == "tags":
        return "add_tags"
    return name


def _macros(actor: Actor) -> QuerySet[Macro]:
    return Macro.objects.filter(workspace=actor.workspace)


def _save(request: HttpRequest, actor: Actor, form: MacroForm, macro: Macro | None) -> Macro | None:
    if not form.is_valid():
        return None
    try:
        actions = form.actions()
        if macro is None:
            return macro_create(
                workspace=actor.workspace,
                name=form.cleaned_data["name"],
                actions=actions,
                texts={k: v for k, v in form.texts().items() if v.strip()},
                by=actor.agent,
            )
        return macro_update(
            macro=macro,
            by=actor.agent,
            name=form.cleaned_data["name"],
            actions=actions,
            texts=form.texts(),
            is_active=form.cleaned_data["is_active"],
        )
    except AppError as exc:
        form_errors_from(form, exc, rename={k: _error_target(k) for k in exc.fields})
        return None


@workspace_view(minimum=Role.MANAGER)
def macro_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    macros = (
        _macros(actor).prefetch_related("translations").order_by("-is_active", "position", "name")
    )
    return settings_render(
        request, actor, "ui/settings/macros.html", {"macros": macros}, section="macros"
    )


def _page(
    request: HttpRequest, actor: Actor, form: MacroForm, macro: Macro | None, status: int
) -> HttpResponse:
    context = {"form": form, "macro": macro, "placeholders": PLACEHOLDERS}
    return settings_render(
        request, actor, "ui/settings/macro.html", context, section="macros", status=status
    )


@workspace_view(minimum=Role.MANAGER)
@require_http_methods(["GET", "POST"])
def macro_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = MacroForm(bound(request), actor=actor)
    if request.method == "POST":
        macro = _save(request, actor, form, None)
        if macro is not None:
            messages.success(request, _("Macro %(name)s is created.") % {"name": macro.name})
            return redirect("ui:settings_macros", actor.workspace.slug)
        return _page(request, actor, form, None, 422)
    return _page(request, actor, form, None, 200)


@workspace_view(minimum=Role.MANAGER)
@require_http_methods(["GET", "POST"])
def macro_detail(request: HttpRequest, actor: Actor, macro_id: int) -> HttpResponse:
    macro = get_or_404(_macros(actor).prefetch_related("translations"), macro_id)
    form = MacroForm(bound(request), actor=actor, editing=True, initial=_initial(macro))
    if request.method == "POST":
        if _save(request, actor, form, macro) is not None:
            messages.success(request, _("The macro is saved."))
            return redirect("ui:settings_macros", actor.workspace.slug)
        return _page(request, actor, form, macro, 422)
    return _page(request, actor, form, macro, 200)
