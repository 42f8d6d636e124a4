"""Workspace profile: name, languages, time zone, business hours, holidays."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.access import Actor
from samadhan.accounts.models import Role
from samadhan.core.errors import AppError
from samadhan.ui.views.profile import timezone_choices
from samadhan.ui.views.settings_base import bound, form_errors_from, lines, settings_render
from samadhan.ui.workspace import workspace_view
from samadhan.workspaces.services import WEEKDAYS, workspace_update

DAY_LABELS = {
    "mon": _("Monday"),
    "tue": _("Tuesday"),
    "wed": _("Wednesday"),
    "thu": _("Thursday"),
    "fri": _("Friday"),
    "sat": _("Saturday"),
    "sun": _("Sunday"),
}
INTERFACE = dict(settings.LANGUAGES)
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class WorkspaceForm(forms.Form):
    name = forms.CharField(label=_("Workspace name"), max_length=200)
    default_language = forms.ChoiceField(
        label=_("Default language"),
        choices=settings.LANGUAGES,
        help_text=_(
            "For agents without a language of their own, and for customers we cannot place."
        ),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages customers write in"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_languages = forms.CharField(
        label=_("Other languages"),
        required=False,
        max_length=300,
        help_text=_("Languages the interface is not in, as codes separated by commas: ta, bn."),
    )
    timezone = forms.ChoiceField(label=_("Time zone"))
    always_open = forms.BooleanField(
        label=_("Open around the clock"),
        required=False,
        help_text=_("Business hours below are ignored while this is ticked."),
    )
    holidays = forms.CharField(
        label=_("Holidays"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "2026-01-26"}),
        help_text=_("One date per line, as YYYY-MM-DD. The support clock stops on these days."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = timezone_choices()  # type: ignore[attr-defined]
        for day in WEEKDAYS:
            self.fields[f"{day}_open"] = forms.BooleanField(label=DAY_LABELS[day], required=False)
            self.fields[f"{day}_from"] = forms.TimeField(
                label=_("Opens"), required=False, widget=TIME_WIDGET
            )
            self.fields[f"{day}_to"] = forms.TimeField(
                label=_("Closes"), required=False, widget=TIME_WIDGET
            )
            # An optional second interval, for a day with a break.
            self.fields[f"{day}_from2"] = forms.TimeField(
                label=_("Opens again"), required=False, widget=TIME_WIDGET
            )
            self.fields[f"{day}_to2"] = forms.TimeField(
                label=_("Closes again"), required=False, widget=TIME_WIDGET
            )

    def days(self) -> list[dict[str, Any]]:
        return [
            {
                "label": DAY_LABELS[day],
                "open": self[f"{day}_open"],
                "start": self[f"{day}_from"],
                "end": self[f"{day}_to"],
                "start2": self[f"{day}_from2"],
                "end2": self[f"{day}_to2"],
                "key": day,
            }
            for day in WEEKDAYS
        ]

    def business_hours(self) -> dict[str, list[list[str]]]:
        if self.cleaned_data.get("always_open"):
            return {}
        hours: dict[str, list[list[str]]] = {}
        for day in WEEKDAYS:
            if not self.cleaned_data.get(f"{day}_open"):
                continue
            start, end = self.cleaned_data.get(f"{day}_from"), self.cleaned_data.get(f"{day}_to")
            if start is None or end is None:
                self.add_error(f"{day}_from", _("Give the opening and closing time."))
                continue
            hours[day] = [[start.strftime("%H:%M"), end.strftime("%H:%M")]]
            again = self.cleaned_data.get(f"{day}_from2"), self.cleaned_data.get(f"{day}_to2")
            if again[0] is not None and again[1] is not None:
                hours[day].append([again[0].strftime("%H:%M"), again[1].strftime("%H:%M")])
            elif again[0] is not None or again[1] is not None:
                self.add_error(f"{day}_from2", _("Give the opening and closing time."))
        return hours


def _initial(actor: Actor) -> dict[str, Any]:
    workspace = actor.workspace
    initial: dict[str, Any] = {
        "name": workspace.name,
        "default_language": workspace.default_language,
        "languages": [code for code in workspace.languages if code in INTERFACE],
        "other_languages": ", ".join(c for c in workspace.languages if c not in INTERFACE),
        "timezone": workspace.timezone,
        "always_open": not workspace.business_hours,
        "holidays": "\n".join(workspace.holidays),
    }
    for day in WEEKDAYS:
        spans = workspace.business_hours.get(day) or []
        initial[f"{day}_open"] = bool(spans)
        # The form edits up to two intervals a day (the service takes any number).
        initial[f"{day}_from"] = spans[0][0] if spans else "09:00"
        initial[f"{day}_to"] = spans[0][1] if spans else "18:00"
        if len(spans) > 1:
            initial[f"{day}_from2"], initial[f"{day}_to2"] = spans[1]
    return initial


def _error_target(name: str) -> str:
    # "business_hours.mon" -> the day's first opening-time input.
    if name.startswith("business_hours."):
        return f"{name.split('.', 1)[1]}_from"
    return name


@workspace_view(minimum=Role.ADMIN)
def settings_workspace(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = WorkspaceForm(bound(request), initial=_initial(actor))
    status = 200
    if request.method == "POST":
        status = 422
        hours = form.business_hours() if form.is_valid() else {}
        if not form.errors:
            try:
                workspace_update(
                    workspace=actor.workspace,
                    by=actor.agent,
                    name=form.cleaned_data["name"],
                    default_language=form.cleaned_data["default_language"],
                    languages=[
                        *form.cleaned_data["languages"],
                        *(c for c in form.cleaned_data["other_languages"].split(",") if c.strip()),
                    ],
                    timezone=form.cleaned_data["timezone"],
                    business_hours=hours,
                    holidays=lines(form.cleaned_data["holidays"]),
                )
            except AppError as exc:
                form_errors_from(form, exc, rename={k: _error_target(k) for k in exc.fields})
            else:
                messages.success(request, _("The workspace settings are saved."))
                return redirect("ui:settings_workspace", actor.workspace.slug)
    return settings_render(
        request,
        actor,
        "ui/settings/workspace.html",
        {"form": form},
        section="workspace",
        status=status,
    )
