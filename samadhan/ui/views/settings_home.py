"""The settings overview: the sections this role may open."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from samadhan.accounts.access import Actor
from samadhan.accounts.models import Role
from samadhan.ui.views.settings_base import settings_render
from samadhan.ui.workspace import workspace_view


@workspace_view(minimum=Role.MANAGER)
def settings_home(request: HttpRequest, actor: Actor) -> HttpResponse:
    return settings_render(request, actor, "ui/settings/home.html", {}, section="home")
