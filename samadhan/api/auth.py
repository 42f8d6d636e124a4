"""Bearer-token authentication and the per-token rate limit."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.security import HttpBearer

from samadhan.accounts.access import Actor
from samadhan.accounts.models import Role
from samadhan.accounts.services import api_token_authenticate
from samadhan.core import ratelimit
from samadhan.core.conf import api_rate_limit_per_minute
from samadhan.core.errors import AppError, ErrorCode


class RateLimited(AppError):
    code = ErrorCode.RATE_LIMITED

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            _("Too many requests; retry in %(seconds)d seconds."), params={"seconds": retry_after}
        )
        self.retry_after = retry_after


class TokenAuth(HttpBearer):
    openapi_description = "An API token: `Authorization: Bearer sam_…`"

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        api_token = api_token_authenticate(raw=token.strip())
        role = getattr(api_token, "member_role", None)
        if api_token is None or role is None:
            return None
        actor = Actor(agent=api_token.agent, workspace=api_token.workspace, role=Role(role))
        verdict = ratelimit.hit(
            key=f"token:{api_token.pk}",
            limit=api_rate_limit_per_minute(),
            window_seconds=60,
        )
        if not verdict.allowed:
            raise RateLimited(verdict.retry_after)
        return actor


def actor_of(request: HttpRequest) -> Actor:
    actor = getattr(request, "auth", None)
    if not isinstance(actor, Actor):
        raise RuntimeError("actor_of() needs an endpoint behind TokenAuth")
    return actor
