"""What every settings page shares: the section list by role, rendering, form errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.access import Actor
from samadhan.accounts.models import Role
from samadhan.core.errors import AppError

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Section:
    key: str
    url_name: str
    label: Promise
    description: Promise
    minimum: Role


SECTIONS = (
    Section(
        "workspace",
        "ui:settings_workspace",
        _("Workspace"),
        _("Name, languages, time zone, business hours and holidays."),
        Role.ADMIN,
    ),
    Section(
        "agents",
        "ui:settings_agents",
        _("Agents"),
        _("Invite people, change roles, deactivate accounts."),
        Role.ADMIN,
    ),
    Section(
        "teams",
        "ui:settings_teams",
        _("Teams"),
        _("Groups of agents that tickets are routed to."),
        Role.MANAGER,
    ),
    Section(
        "skills",
        "ui:settings_skills",
        _("Skills"),
        _("Languages and topics each agent handles."),
        Role.MANAGER,
    ),
    Section(
        "inboxes",
        "ui:settings_inboxes",
        _("Inboxes"),
        _("Where tickets come in: API, web forms."),
        Role.ADMIN,
    ),
    Section(
        "fields",
        "ui:settings_fields",
        _("Custom fields"),
        _("Extra ticket fields your team fills in."),
        Role.ADMIN,
    ),
    Section(
        "tags",
        "ui:settings_tags",
        _("Tags"),
        _("Rename, merge and delete ticket tags."),
        Role.MANAGER,
    ),
    Section(
        "macros",
        "ui:settings_macros",
        _("Macros"),
        _("Canned replies in each language, with ticket changes."),
        Role.MANAGER,
    ),
    Section(
        "webhooks",
        "ui:settings_webhooks",
        _("Webhooks"),
        _("Send ticket events to other systems; see every delivery."),
        Role.ADMIN,
    ),
    Section(
        "tokens",
        "ui:settings_tokens",
        _("API tokens"),
        _("Keys for scripts and integrations using the API."),
        Role.ADMIN,
    ),
    Section(
        "audit",
        "ui:settings_audit",
        _("Audit log"),
        _("Who changed which setting, and when."),
        Role.ADMIN,
    ),
)


def visible_sections(actor: Actor) -> list[dict[str, Any]]:
    return [
        {
            "key": s.key,
            "label": s.label,
            "description": s.description,
            "url": reverse(s.url_name, args=[actor.workspace.slug]),
        }
        for s in SECTIONS
        if actor.has_role(s.minimum)
    ]


def settings_render(
    request: HttpRequest,
    actor: Actor,
    template: str,
    context: dict[str, Any],
    *,
    section: str,
    status: int = 200,
) -> HttpResponse:
    context = {**context, "sections": visible_sections(actor), "section": section}
    return render(request, template, context, status=status)


def bound(request: HttpRequest) -> Any:
    """The POST data to bind a form to, or None on GET (an empty POST still binds)."""
    return request.POST if request.method == "POST" else None


def get_or_404(queryset: models.QuerySet[M], pk: int) -> M:
    """One object of a queryset the caller already limited to the actor's workspace."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def form_errors_from(
    form: forms.Form, exc: AppError, *, rename: dict[str, str] | None = None
) -> None:
    """Show a service's refusal on the form: per field where it names one, else at the top."""
    rename = rename or {}
    shown = False
    for name, errors in exc.fields.items():
        target = rename.get(name, name)
        for error in errors:
            form.add_error(target if target in form.fields else None, error)
            shown = True
    if not shown:
        form.add_error(None, exc.message)


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def checkbox_agents(actor: Actor) -> list[tuple[int, str]]:
    from samadhan.accounts.selectors import agent_list

    return [(m.agent_id, m.agent.name or m.agent.email) for m in agent_list(actor=actor)]
