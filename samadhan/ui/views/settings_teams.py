"""Teams and their members; skills (languages and topics) and who has them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from samadhan.accounts.access import Actor
from samadhan.accounts.models import Agent, Role, Skill, SkillKind, Team
from samadhan.accounts.services import (
    skill_create,
    skill_delete,
    skill_update,
    team_create,
    team_delete,
    team_update,
)
from samadhan.core.errors import AppError
from samadhan.ui.views.settings_base import (
    bound,
    checkbox_agents,
    form_errors_from,
    get_or_404,
    settings_render,
)
from samadhan.ui.workspace import workspace_view


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    members = forms.TypedMultipleChoiceField(
        label=_("Members"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = checkbox_agents(actor)  # type: ignore[attr-defined]


class SkillForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SkillKind.choices)
    value = forms.CharField(
        label=_("Skill"),
        max_length=64,
        help_text=_("For a language, its code: en, hi, mr, te, lv. For a topic, a short name."),
    )
    agents = forms.TypedMultipleChoiceField(
        label=_("Agents with this skill"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, actor: Actor, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agents"].choices = checkbox_agents(actor)  # type: ignore[attr-defined]
        if editing:
            del self.fields["kind"]


def _agents(actor: Actor, ids: list[int]) -> list[Agent]:
    # Unknown ids stay out; the service refuses agents who are not active members.
    return list(Agent.objects.filter(memberships__workspace=actor.workspace, pk__in=ids))


def _teams(actor: Actor) -> QuerySet[Team]:
    return Team.objects.filter(workspace=actor.workspace)


def _skills(actor: Actor) -> QuerySet[Skill]:
    return Skill.objects.filter(workspace=actor.workspace)


@workspace_view(minimum=Role.MANAGER)
@require_http_methods(["GET", "POST"])
def team_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = TeamForm(bound(request), actor=actor)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                team = team_create(
                    workspace=actor.workspace,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    members=_agents(actor, form.cleaned_data["members"]),
                    by=actor.agent,
                )
            except AppError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("Team %(name)s is created.") % {"name": team.name})
                return redirect("ui:settings_teams", actor.workspace.slug)
    teams = (
        _teams(actor)
        .prefetch_related("members")
        .annotate(member_count=Count("members", distinct=True))
        .order_by("name")
    )
    return settings_render(
        request,
        actor,
        "ui/settings/teams.html",
        {"form": form, "teams": teams},
        section="teams",
        status=status,
    )


@workspace_view(minimum=Role.MANAGER)
@require_http_methods(["GET", "POST"])
def team_detail(request: HttpRequest, actor: Actor, team_id: int) -> HttpResponse:
    team = get_or_404(_teams(actor), team_id)
    form = TeamForm(
        bound(request),
        actor=actor,
        initial={
            "name": team.name,
            "description": team.description,
            "members": list(team.members.values_list("id", flat=True)),
        },
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                team_update(
                    team=team,
                    by=actor.agent,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    members=_agents(actor, form.cleaned_data["members"]),
                )
            except AppError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("The team is saved."))
                return redirect("ui:settings_teams", actor.workspace.slug)
    return settings_render(
        request,
        actor,
        "ui/settings/team.html",
        {"form": form, "team": team},
        section="teams",
        status=status,
    )


@workspace_view(minimum=Role.MANAGER)
@require_POST
def team_remove(request: HttpRequest, actor: Actor, team_id: int) -> HttpResponse:
    team = get_or_404(_teams(actor), team_id)
    if not request.POST.get("confirm"):
        messages.error(request, _("Tick the box to confirm."))
        return redirect("ui:settings_team", actor.workspace.slug, team.pk)
    name = team.name
    team_delete(team=team, by=actor.agent)
    messages.success(request, _("Team %(name)s is deleted.") % {"name": name})
    return redirect("ui:settings_teams", actor.workspace.slug)


@workspace_view(minimum=Role.MANAGER)
@require_http_methods(["GET", "POST"])
def skill_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = SkillForm(bound(request), actor=actor)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                skill_create(
                    workspace=actor.workspace,
                    by=actor.agent,
                    kind=SkillKind(form.cleaned_data["kind"]),
                    value=form.cleaned_data["value"],
                    agents=_agents(actor, form.cleaned_data["agents"]),
                )
            except AppError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("The skill is created."))
                return redirect("ui:settings_skills", actor.workspace.slug)
    skills = _skills(actor).prefetch_related("agents").order_by("kind", "value")
    return settings_render(
        request,
        actor,
        "ui/settings/skills.html",
        {"form": form, "skills": skills},
        section="skills",
        status=status,
    )


@workspace_view(minimum=Role.MANAGER)
@require_http_methods(["GET", "POST"])
def skill_detail(request: HttpRequest, actor: Actor, skill_id: int) -> HttpResponse:
    skill = get_or_404(_skills(actor), skill_id)
    form = SkillForm(
        bound(request),
        actor=actor,
        editing=True,
        initial={"value": skill.value, "agents": list(skill.agents.values_list("id", flat=True))},
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                skill_update(
                    skill=skill,
                    by=actor.agent,
                    value=form.cleaned_data["value"],
                    agents=_agents(actor, form.cleaned_data["agents"]),
                )
            except AppError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("The skill is saved."))
                return redirect("ui:settings_skills", actor.workspace.slug)
    return settings_render(
        request,
        actor,
        "ui/settings/skill.html",
        {"form": form, "skill": skill},
        section="skills",
        status=status,
    )


@workspace_view(minimum=Role.MANAGER)
@require_POST
def skill_remove(request: HttpRequest, actor: Actor, skill_id: int) -> HttpResponse:
    skill = get_or_404(_skills(actor), skill_id)
    if not request.POST.get("confirm"):
        messages.error(request, _("Tick the box to confirm."))
        return redirect("ui:settings_skill", actor.workspace.slug, skill.pk)
    skill_delete(skill=skill, by=actor.agent)
    messages.success(request, _("The skill is deleted."))
    return redirect("ui:settings_skills", actor.workspace.slug)
