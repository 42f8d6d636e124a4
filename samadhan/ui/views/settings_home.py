"""The settings overview."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samadhan.accounts.access import Actor
from samadhan.accounts.models import Role
from samadhan.ui.workspace import workspace_view


@workspace_view(minimum=Role.MANAGER)
def settings_home(request: HttpRequest, actor: Actor) -> HttpResponse:
    return render(request, "ui/settings/home.html", {})
