"""API tokens: an admin makes their own (shown once), sees and revokes the workspace's."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from samadhan.accounts.access import Actor
from samadhan.accounts.models import ApiToken, Role
from samadhan.accounts.services import api_token_create, api_token_revoke
from samadhan.core.errors import AppError
from samadhan.ui.views.settings_base import bound, form_errors_from, get_or_404, settings_render
from samadhan.ui.workspace import workspace_view


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=120,
        help_text=_("What uses it, e.g. CRM sync. The token acts as you, with your role."),
    )


def _tokens(actor: Actor) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(workspace=actor.workspace)


@workspace_view(minimum=Role.ADMIN)
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = TokenForm(bound(request))
    status = 200
    raw = ""
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                _token, raw = api_token_create(
                    workspace=actor.workspace,
                    agent=actor.agent,
                    name=form.cleaned_data["name"],
                    by=actor.agent,
                )
            except AppError as exc:
                form_errors_from(form, exc)
            else:
                # Shown in this answer only: not in a redirect, a session or a log.
                status, form = 200, TokenForm()
    tokens = _tokens(actor).select_related("agent").order_by("revoked_at", "-created_at")
    response = settings_render(
        request,
        actor,
        "ui/settings/tokens.html",
        {"form": form, "tokens": tokens, "raw": raw},
        section="tokens",
        status=status,
    )
    if raw:
        response["Cache-Control"] = "no-store"
    return response


@workspace_view(minimum=Role.ADMIN)
@require_POST
def token_revoke(request: HttpRequest, actor: Actor, token_id: int) -> HttpResponse:
    token = get_or_404(_tokens(actor), token_id)
    api_token_revoke(token=token, by=actor.agent)
    messages.success(request, _("The token is revoked."))
    return redirect("ui:settings_tokens", actor.workspace.slug)
