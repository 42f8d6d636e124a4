"""Signing in and out, password reset, and where a signed-in agent lands."""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from samadhan.accounts.models import Agent, Membership
from samadhan.core import ratelimit
from samadhan.ui.workspace import SESSION_KEY

# Brute-force protection: attempts per 15 minutes, per address and per account.
LOGIN_WINDOW_SECONDS = 15 * 60
LOGIN_LIMIT_PER_IP = 30
LOGIN_LIMIT_PER_ACCOUNT = 10
RESET_LIMIT_PER_IP = 5


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _limited(message: Any, retry_after: int) -> forms.ValidationError:
    minutes = max(1, (retry_after + 59) // 60)
    return forms.ValidationError(message % {"minutes": minutes}, code="rate_limited")


class LoginForm(AuthenticationForm):
    """Django's form, counting every attempt per address and per account first."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("That email and password do not match an active account."),
    }

    def clean(self) -> dict[str, Any]:
        email = (self.data.get("username") or "").strip().lower()
        # Hashed: a typed address may be long or hold spaces no cache key may have.
        account = hashlib.sha256(email.encode("utf-8", "surrogatepass")).hexdigest()
        ip = client_ip(self.request) if self.request else "unknown"
        message = _("Too many sign-in attempts. Try again in %(minutes)d minutes.")
        for key, limit in (
            (f"login-ip:{ip}", LOGIN_LIMIT_PER_IP),
            (f"login-acct:{account}", LOGIN_LIMIT_PER_ACCOUNT),
        ):
            verdict = ratelimit.hit(key=key, limit=limit, window_seconds=LOGIN_WINDOW_SECONDS)
            if not verdict.allowed:
                self.rate_limited = True
                raise _limited(message, verdict.retry_after)
        if not (email and self.data.get("password")):
            # The page shows the form's own errors only: an empty field must say so there.
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        # Addresses are stored lower-cased; people type them as they like.
        self.cleaned_data["username"] = email
        return super().clean()


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "ui/registration/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if getattr(form, "rate_limited", False):
            response.status_code = 429
        return response


class LogoutView(auth_views.LogoutView):
    next_page = "ui:login"


class ResetForm(PasswordResetForm):
    """Sends the reset mail in the agent's own language."""

    def send_mail(self, *args: Any, **kwargs: Any) -> None:
        context = args[2] if len(args) > 2 else kwargs["context"]
        user = context.get("user")
        language = getattr(user, "language", "") or translation.get_language()
        with translation.override(language):
            super().send_mail(*args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetForm
    template_name = "ui/registration/password_reset_form.html"
    email_template_name = "ui/registration/password_reset_email.txt"
    subject_template_name = "ui/registration/password_reset_subject.txt"
    success_url = reverse_lazy("ui:password_reset_done")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        verdict = ratelimit.hit(
            key=f"reset-ip:{client_ip(request)}",
            limit=RESET_LIMIT_PER_IP,
            window_seconds=LOGIN_WINDOW_SECONDS,
        )
        if not verdict.allowed:
            form = self.get_form()
            form.is_valid()
            form.add_error(
                None,
                _limited(
                    _("Too many reset requests. Try again in %(minutes)d minutes."),
                    verdict.retry_after,
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "ui/registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "ui/registration/password_reset_confirm.html"
    success_url = reverse_lazy("ui:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "ui/registration/password_reset_complete.html"


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """Where "home" is for a signed-in agent: the last workspace used, else the first."""
    if not request.user.is_authenticated:
        return redirect("ui:login")
    assert isinstance(request.user, Agent)  # noqa: S101 - AUTH_USER_MODEL
    memberships = list(
        Membership.objects.filter(agent=request.user, is_active=True)
        .select_related("workspace")
        .order_by("workspace__name")
    )
    if not memberships:
        return render(request, "ui/no_workspace.html", status=200)
    last = request.session.get(SESSION_KEY)
    chosen = next((m for m in memberships if m.workspace.slug == last), memberships[0])
    return HttpResponseRedirect(reverse_lazy("ui:inbox", args=[chosen.workspace.slug]))
