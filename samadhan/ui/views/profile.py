"""An agent's own settings: name, UI language, time zone, password."""

from __future__ import annotations

import zoneinfo
from functools import cache
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from samadhan.accounts.models import Agent
from samadhan.accounts.services import agent_set_password, agent_update_profile
from samadhan.core.errors import AppError


@cache
def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


def language_choices() -> list[tuple[str, Any]]:
    return [("", _("Same as my browser")), *settings.LANGUAGES]


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    language = forms.ChoiceField(label=_("Language"), required=False)
    timezone = forms.ChoiceField(label=_("Time zone"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["language"].choices = language_choices()  # type: ignore[attr-defined]
        self.fields["timezone"].choices = [  # type: ignore[attr-defined]
            ("", _("Same as the workspace")),
            *timezone_choices(),
        ]


def _agent(request: HttpRequest) -> Agent:
    assert isinstance(request.user, Agent)  # noqa: S101 - AUTH_USER_MODEL
    return request.user


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax"
        )
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    agent = _agent(request)
    form = ProfileForm(
        request.POST or None,
        initial={"name": agent.name, "language": agent.language, "timezone": agent.timezone},
    )
    password_form = PasswordChangeForm(agent)
    if request.method == "POST" and form.is_valid():
        try:
            agent_update_profile(
                agent=agent,
                name=form.cleaned_data["name"],
                language=form.cleaned_data["language"],
                timezone_name=form.cleaned_data["timezone"],
            )
        except AppError as exc:
            for field, errors in exc.fields.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            translation.activate(agent.language or translation.get_language())
            messages.success(request, _("Your profile is saved."))
            response = redirect("ui:profile")
            _set_language_cookie(response, agent.language)
            return response
    return render(request, "ui/profile.html", {"form": form, "password_form": password_form})


@login_required
@require_POST
def password_change(request: HttpRequest) -> HttpResponse:
    agent = _agent(request)
    password_form = PasswordChangeForm(agent, request.POST)
    if password_form.is_valid():
        agent_set_password(agent=agent, password=password_form.cleaned_data["new_password1"])
        update_session_auth_hash(request, agent)
        messages.success(request, _("Your password is changed."))
        return redirect("ui:profile")
    form = ProfileForm(
        initial={"name": agent.name, "language": agent.language, "timezone": agent.timezone}
    )
    return render(
        request, "ui/profile.html", {"form": form, "password_form": password_form}, status=422
    )


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """The language menu: saved on the profile when signed in, in a cookie always."""
    language = request.POST.get("language", "")
    if language and language not in dict(settings.LANGUAGES):
        language = ""
    if request.user.is_authenticated:
        agent_update_profile(agent=_agent(request), language=language)
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    _set_language_cookie(response, language)
    return response
