"""Inbox views and filters: query parameters in, ``TicketFilters`` out.

A view (built in, per team, per status or saved) is a set of query
parameters; the filter form's parameters are laid over it. The same
parameters are what a saved view stores, so "save this view" is exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samadhan.accounts.models import Membership, Team
from samadhan.tickets.models import CustomField, FieldType, Priority, SavedView, Status
from samadhan.tickets.selectors import SORTS, TicketFilters

ACTIVE = [Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD]
CHANNELS = [
    ("api", _("API")),
    ("web_form", _("Web form")),
    ("email", _("Email")),
    ("chat", _("Chat")),
    ("sms", _("SMS")),
    ("whatsapp", _("WhatsApp")),
]
SORT_LABELS = {
    "updated": _("Recently updated"),
    "updated_asc": _("Least recently updated"),
    "created": _("Newest first"),
    "created_asc": _("Oldest first"),
}


@dataclass
class InboxView:
    key: str
    name: Any
    params: dict[str, list[str]]
    sort: str = "updated"
    saved: SavedView | None = None
    count: int | None = field(default=None)


def builtin_views() -> list[InboxView]:
    active = [str(s) for s in ACTIVE]
    return [
        InboxView("mine", _("Mine"), {"assignee": ["me"], "status": active}),
        InboxView("unassigned", _("Unassigned"), {"assignee": ["none"], "status": ["new", "open"]}),
        InboxView("open", _("All open"), {"status": active}),
        InboxView("all", _("All tickets"), {}),
    ]


def status_views() -> list[InboxView]:
    return [InboxView(f"status-{s.value}", s.label, {"status": [s.value]}) for s in Status]


def team_views(teams: list[Team]) -> list[InboxView]:
    active = [str(s) for s in ACTIVE]
    return [
        InboxView(f"team-{t.pk}", t.name, {"team": [str(t.pk)], "status": active}) for t in teams
    ]


def saved_views(views: list[SavedView]) -> list[InboxView]:
    return [InboxView(f"saved-{v.pk}", v.name, v.filters, v.sort, saved=v) for v in views]


class InboxFilterForm(forms.Form):
    """The filter bar; every field optional, laid over the view's parameters."""

    q = forms.CharField(label=_("Text"), required=False, max_length=200)
    status = forms.MultipleChoiceField(
        label=_("Status"),
        required=False,
        choices=Status.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    priority = forms.MultipleChoiceField(
        label=_("Priority"),
        required=False,
        choices=Priority.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    team = forms.ChoiceField(label=_("Team"), required=False)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=64)
    language = forms.ChoiceField(label=_("Language"), required=False)
    channel = forms.MultipleChoiceField(
        label=_("Channel"),
        required=False,
        choices=CHANNELS,
        widget=forms.CheckboxSelectMultiple,
    )
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=list(SORT_LABELS.items()))

    def __init__(
        self,
        data: QueryDict | dict[str, Any],
        *,
        agents: list[Membership],
        teams: list[Team],
        custom_fields: list[CustomField],
    ) -> None:
        super().__init__(data)
        anyone = pgettext_lazy("filter", "Anyone")
        self.fields["assignee"].choices = [  # type: ignore[attr-defined]
            ("", anyone),
            ("me", _("Me")),
            ("none", _("Nobody")),
            *[(str(m.agent_id), m.agent.name or m.agent.email) for m in agents],
        ]
        self.fields["team"].choices = [  # type: ignore[attr-defined]
            ("", pgettext_lazy("filter", "Any team")),
            *[(str(t.pk), t.name) for t in teams],
        ]
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            ("", pgettext_lazy("filter", "Any language")),
            *settings.LANGUAGES,
        ]
        self.custom_fields = custom_fields
        for cf in custom_fields:
            name = f"cf_{cf.key}"
            if cf.field_type == FieldType.DROPDOWN:
                self.fields[name] = forms.ChoiceField(
                    label=cf.label,
                    required=False,
                    choices=[("", pgettext_lazy("filter", "Any"))]
                    + [(o["value"], o.get("label") or o["value"]) for o in cf.options],
                )
            elif cf.field_type == FieldType.CHECKBOX:
                self.fields[name] = forms.ChoiceField(
                    label=cf.label,
                    required=False,
                    choices=[("", pgettext_lazy("filter", "Any")), ("1", _("Yes")), ("0", _("No"))],
                )
            elif cf.field_type == FieldType.NUMBER:
                self.fields[name] = forms.DecimalField(label=cf.label, required=False)
            elif cf.field_type == FieldType.DATE:
                self.fields[name] = forms.DateField(
                    label=cf.label, required=False, widget=forms.DateInput(attrs={"type": "date"})
                )
            else:
                self.fields[name] = forms.CharField(label=cf.label, required=False, max_length=200)

    def custom_field_names(self) -> list[str]:
        return [f"cf_{cf.key}" for cf in self.custom_fields]

    def to_filters(self) -> TicketFilters:
        data = self.cleaned_data
        custom: list[tuple[str, object]] = []
        for cf in self.custom_fields:
            value: Any = data.get(f"cf_{cf.key}")
            if value in (None, ""):
                continue
            if cf.field_type == FieldType.CHECKBOX:
                custom.append((cf.key, value == "1"))
            elif cf.field_type == FieldType.NUMBER:
                number = float(value)
                custom.append((cf.key, int(number) if number.is_integer() else number))
            elif cf.field_type == FieldType.DATE:
                custom.append((cf.key, value.isoformat()))
            else:
                custom.append((cf.key, value))
        return TicketFilters(
            status=data.get("status") or None,
            priority=data.get("priority") or None,
            assignee=data.get("assignee") or None,
            team_id=int(data["team"]) if data.get("team") else None,
            tag=data.get("tag") or None,
            language=data.get("language") or None,
            channel=data.get("channel") or None,
            q=data.get("q") or None,
            custom_fields=tuple(custom),
        )

    def sort_order(self) -> str:
        value = self.cleaned_data.get("sort") or "updated"
        return value if value in SORTS else "updated"


FORM_KEYS = {"q", "status", "priority", "assignee", "team", "tag", "language", "channel", "sort"}


def merged_params(view: InboxView, query: QueryDict) -> QueryDict:
    """The parameters a list is read with.

    A submitted filter bar (``filtered=1``) is complete: it was shown filled
    with the view's values, so what comes back replaces them. Otherwise single
    parameters in the URL (``?q=`` from the search box, ``?sort=``) are laid
    over the view's own.
    """

    def wanted(key: str) -> bool:
        return key in FORM_KEYS or key.startswith("cf_")

    def values(key: str) -> list[str]:
        return [v for v in query.getlist(key) if v != ""]

    if query.get("filtered") == "1":
        source = {key: values(key) for key in query if wanted(key)}
    else:
        source = {key: list(v) for key, v in view.params.items()}
        source.update({key: values(key) for key in query if wanted(key) and values(key)})
    merged = QueryDict(mutable=True)
    for key, items in source.items():
        if items:
            merged.setlist(key, items)
    merged.setdefault("sort", view.sort)
    return merged


def view_filters(
    view: InboxView,
    *,
    agents: list[Membership],
    teams: list[Team],
    custom_fields: list[CustomField],
) -> TicketFilters | None:
    """The filters of a view alone (for its count in the sidebar); None if stale."""
    form = InboxFilterForm(
        _as_query(view.params), agents=agents, teams=teams, custom_fields=custom_fields
    )
    return form.to_filters() if form.is_valid() else None


def _as_query(params: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in params.items():
        query.setlist(key, values)
    return query
