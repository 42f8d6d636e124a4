"""The agent's own language and time zone for every page they load."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class AgentPreferencesMiddleware:
    """After authentication: the profile's language wins over ``Accept-Language``.

    Django's ``LocaleMiddleware`` (earlier in the chain) has already chosen from
    the language cookie or the browser; a signed-in agent's profile setting
    overrides it. The workspace default, the last fallback, is applied by
    ``workspace_view`` because only it knows the workspace.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            language = getattr(user, "language", "")
            if language in SUPPORTED:
                translation.activate(language)
                request.LANGUAGE_CODE = language
            tz_name = getattr(user, "timezone", "")
            if tz_name:
                try:
                    timezone.activate(zoneinfo.ZoneInfo(tz_name))
                except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                    timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
