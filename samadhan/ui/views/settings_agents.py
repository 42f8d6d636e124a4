"""Agents and invitations: invite by email, change roles, deactivate and reactivate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from samadhan.accounts.access import Actor
from samadhan.accounts.models import Membership, Role, Skill, Team
from samadhan.accounts.services import (
    agent_invite,
    invitation_resend,
    membership_deactivate,
    membership_reactivate,
    membership_set_role,
)
from samadhan.core.errors import AppError
from samadhan.ui.views.settings_base import bound, form_errors_from, settings_render
from samadhan.ui.workspace import workspace_view


def role_choices(actor: Actor) -> list[tuple[str, str]]:
    """Only an owner hands out the owner role."""
    return [
        (value, str(label))
        for value, label in Role.choices
        if value != Role.OWNER or actor.role == Role.OWNER
    ]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), initial=Role.AGENT)
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        required=False,
        help_text=_("Also their interface language until they choose one."),
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(actor)  # type: ignore[attr-defined]
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            ("", _("The workspace's default language")),
            *settings.LANGUAGES,
        ]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(actor)  # type: ignore[attr-defined]


def _memberships(actor: Actor) -> Any:
    return Membership.objects.filter(workspace=actor.workspace).select_related("agent")


@workspace_view(minimum=Role.ADMIN)
@require_http_methods(["GET", "POST"])
def agent_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = InviteForm(bound(request), actor=actor)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                membership = agent_invite(
                    workspace=actor.workspace,
                    by=actor.agent,
                    email=form.cleaned_data["email"],
                    name=form.cleaned_data["name"],
                    role=Role(form.cleaned_data["role"]),
                    language=form.cleaned_data["language"],
                )
            except AppError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(
                    request,
                    _("%(email)s is invited; the email is on its way.")
                    % {"email": membership.agent.email},
                )
                return redirect("ui:settings_agents", actor.workspace.slug)
    members = _memberships(actor).order_by("-is_active", "agent__name", "agent_id")
    return settings_render(
        request,
        actor,
        "ui/settings/agents.html",
        {"form": form, "members": members},
        section="agents",
        status=status,
    )


def _act(request: HttpRequest, actor: Actor, membership: Membership) -> HttpResponse | None:
    """Run the button that was pressed; None when the role form has errors to show."""
    action = request.POST.get("action", "")
    agent, workspace = membership.agent, actor.workspace
    if action == "deactivate" and not request.POST.get("confirm"):
        messages.error(request, _("Tick the box to confirm."))
    elif action == "deactivate":
        membership_deactivate(workspace=workspace, agent=agent, by=actor.agent)
        messages.success(request, _("%(name)s is deactivated.") % {"name": agent.name})
    elif action == "reactivate":
        membership_reactivate(workspace=workspace, agent=agent, by=actor.agent)
        messages.success(request, _("%(name)s is active again.") % {"name": agent.name})
    elif action == "resend":
        invitation_resend(workspace=workspace, agent=agent, by=actor.agent)
        messages.success(request, _("The invitation is sent again."))
    else:
        return None
    return redirect("ui:settings_agent", workspace.slug, agent.pk)


@workspace_view(minimum=Role.ADMIN)
@require_http_methods(["GET", "POST"])
def agent_detail(request: HttpRequest, actor: Actor, agent_id: int) -> HttpResponse:
    membership = _memberships(actor).filter(agent_id=agent_id).first()
    if membership is None:
        raise Http404
    form = RoleForm(
        request.POST if request.POST.get("action") == "role" else None,
        actor=actor,
        initial={"role": membership.role},
    )
    status = 200
    if request.method == "POST":
        status = 422
        try:
            done = _act(request, actor, membership)
            if done is not None:
                return done
            if form.is_valid():
                membership_set_role(
                    workspace=actor.workspace,
                    agent=membership.agent,
                    role=Role(form.cleaned_data["role"]),
                    by=actor.agent,
                )
                messages.success(request, _("The role is changed."))
                return redirect("ui:settings_agent", actor.workspace.slug, agent_id)
        except AppError as exc:
            if form.is_bound:
                form_errors_from(form, exc)
            else:
                messages.error(request, exc.message)
    context = {
        "member": membership,
        "form": form,
        "pending": membership.is_active and not membership.agent.has_usable_password(),
        "teams": Team.objects.filter(workspace=actor.workspace, members=membership.agent).order_by(
            "name"
        ),
        "skills": Skill.objects.filter(workspace=actor.workspace, agents=membership.agent).order_by(
            "kind", "value"
        ),
        "is_self": membership.agent_id == actor.agent.pk,
    }
    return settings_render(
        request, actor, "ui/settings/agent.html", context, section="agents", status=status
    )
