"""How a page finds its workspace and who is looking at it.

Every workspace page is ``/t/<slug>/...`` and is wrapped in ``workspace_view``:
the agent must be signed in and an active member (authorization is a fetch:
a workspace one is not a member of is a 404), and pages that need a role say
so. The view receives the ``Actor`` as its second argument.
"""

from __future__ import annotations

import contextlib
import zoneinfo
from collections.abc import Callable
from functools import update_wrapper
from typing import Concatenate, ParamSpec

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone, translation
from django.utils.translation.trans_real import parse_accept_lang_header

from samadhan.accounts.access import Actor, actor_for_slug
from samadhan.accounts.models import Agent, Role
from samadhan.core.errors import NotFound

P = ParamSpec("P")
WorkspaceView = Callable[Concatenate[HttpRequest, Actor, P], HttpResponseBase]
SUPPORTED = {code for code, _name in settings.LANGUAGES}
SESSION_KEY = "ui_workspace"


def _browser_prefers_supported(request: HttpRequest) -> bool:
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) in SUPPORTED:
        return True
    header = request.headers.get("Accept-Language", "")
    return any(
        code.split("-")[0].lower() in SUPPORTED for code, _q in parse_accept_lang_header(header)
    )


def _apply_workspace_defaults(request: HttpRequest, actor: Actor) -> None:
    """Profile, then browser, then workspace: the last fallback for language and zone."""
    agent = actor.agent
    if agent.language not in SUPPORTED and not _browser_prefers_supported(request):
        language = actor.workspace.default_language
        if language in SUPPORTED:
            translation.activate(language)
            request.LANGUAGE_CODE = language
    if not agent.timezone:
        with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.activate(zoneinfo.ZoneInfo(actor.workspace.timezone))


def workspace_view(
    *, minimum: Role = Role.COLLABORATOR
) -> Callable[[WorkspaceView[P]], Callable[..., HttpResponseBase]]:
    def decorator(
        view: WorkspaceView[P],
    ) -> Callable[..., HttpResponseBase]:
        def wrapped(
            request: HttpRequest, /, slug: str, *args: P.args, **kwargs: P.kwargs
        ) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            assert isinstance(request.user, Agent)  # noqa: S101 - AUTH_USER_MODEL
            try:
                actor = actor_for_slug(agent=request.user, slug=slug)
            except NotFound:
                raise Http404 from None
            if not actor.has_role(minimum):
                raise PermissionDenied
            request.actor = actor  # type: ignore[attr-defined]
            if request.session.get(SESSION_KEY) != slug:
                request.session[SESSION_KEY] = slug
            _apply_workspace_defaults(request, actor)
            return view(request, actor, *args, **kwargs)

        update_wrapper(wrapped, view)
        return wrapped

    return decorator
