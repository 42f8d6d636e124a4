"""Inboxes: the channels tickets arrive through (API and web form today)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from samadhan.accounts.access import Actor
from samadhan.accounts.models import Role, Team
from samadhan.channels.models import Inbox, InboxKind
from samadhan.channels.services import CREATABLE_KINDS, inbox_create, inbox_update
from samadhan.core.conf import public_url
from samadhan.core.errors import AppError
from samadhan.ui.views.settings_base import bound, form_errors_from, get_or_404, settings_render
from samadhan.ui.workspace import workspace_view


class InboxForm(forms.Form):
    kind = forms.ChoiceField(label=_("Channel"))
    name = forms.CharField(label=_("Inbox name"), max_length=120)
    default_team = forms.TypedChoiceField(
        label=_("Route new tickets to team"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("A paused web form accepts no new tickets."),
    )

    def __init__(self, *args: Any, actor: Actor, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = Team.objects.filter(workspace=actor.workspace).order_by("name")
        self.fields["default_team"].choices = [  # type: ignore[attr-defined]
            ("", _("No team")),
            *((t.pk, t.name) for t in teams),
        ]
        if editing:
            del self.fields["kind"]
        else:
            self.fields["kind"].choices = [  # type: ignore[attr-defined]
                (kind.value, kind.label) for kind in CREATABLE_KINDS
            ]
            del self.fields["is_active"]


def _inboxes(actor: Actor) -> QuerySet[Inbox]:
    return Inbox.objects.filter(workspace=actor.workspace)


def _team(actor: Actor, team_id: int | None) -> Team | None:
    if team_id is None:
        return None
    return Team.objects.filter(workspace=actor.workspace, pk=team_id).first()


def web_form_url(inbox: Inbox) -> str:
    return public_url().rstrip("/") + reverse("web-form", args=[inbox.public_id])


@workspace_view(minimum=Role.ADMIN)
@require_http_methods(["GET", "POST"])
def inbox_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = InboxForm(bound(request), actor=actor)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                inbox = inbox_create(
                    workspace=actor.workspace,
                    kind=InboxKind(form.cleaned_data["kind"]),
                    name=form.cleaned_data["name"],
                    default_team=_team(actor, form.cleaned_data["default_team"]),
                    by=actor.agent,
                )
            except AppError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("Inbox %(name)s is created.") % {"name": inbox.name})
                return redirect("ui:settings_inbox", actor.workspace.slug, inbox.pk)
    inboxes = [
        {"inbox": inbox, "url": web_form_url(inbox) if inbox.kind == InboxKind.WEB_FORM else ""}
        for inbox in _inboxes(actor).select_related("default_team").order_by("name")
    ]
    return settings_render(
        request,
        actor,
        "ui/settings/inboxes.html",
        {"form": form, "inboxes": inboxes},
        section="inboxes",
        status=status,
    )


@workspace_view(minimum=Role.ADMIN)
@require_http_methods(["GET", "POST"])
def inbox_detail(request: HttpRequest, actor: Actor, inbox_id: int) -> HttpResponse:
    inbox = get_or_404(_inboxes(actor), inbox_id)
    form = InboxForm(
        bound(request),
        actor=actor,
        editing=True,
        initial={
            "name": inbox.name,
            "default_team": inbox.default_team_id or "",
            "is_active": inbox.is_active,
        },
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                inbox_update(
                    inbox=inbox,
                    by=actor.agent,
                    name=form.cleaned_data["name"],
                    is_active=form.cleaned_data["is_active"],
                    default_team=_team(actor, form.cleaned_data["default_team"]),
                    set_default_team=True,
                )
            except AppError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("The inbox is saved."))
                return redirect("ui:settings_inboxes", actor.workspace.slug)
    context = {
        "form": form,
        "inbox": inbox,
        "url": web_form_url(inbox) if inbox.kind == InboxKind.WEB_FORM else "",
    }
    return settings_render(
        request, actor, "ui/settings/inbox.html", context, section="inboxes", status=status
    )
