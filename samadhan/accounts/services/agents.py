"""Agents: creating them, their password and their own profile."""

from __future__ import annotations

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import (
    Agent,
)
from samadhan.contacts.identities import normalize_email
from samadhan.core.errors import ValidationFailed


def _free_handle(base: str) -> str:
    handle = slugify(base)[:48] or "agent"
    candidate, n = handle, 1
    while Agent.objects.filter(handle=candidate).exists():
        n += 1
        candidate = f"{handle}{n}"
    return candidate


def agent_create(
    *,
    email: str,
    name: str,
    password: str | None = None,
    handle: str | None = None,
    language: str = "",
    is_staff: bool = False,
) -> Agent:
    email = normalize_email(email)
    if Agent.objects.filter(email=email).exists():
        raise ValidationFailed(
            _("An agent with this email already exists."),
            fields={"email": [str(_("Already taken."))]},
        )
    local_part = email.split("@", 1)[0]
    agent = Agent(
        email=email,
        name=name,
        handle=handle or _free_handle(local_part),
        language=language,
        is_staff=is_staff,
        is_superuser=is_staff,
    )
    agent.set_password(password)
    agent.save()
    return agent


def agent_set_password(*, agent: Agent, password: str) -> Agent:
    agent.set_password(password)
    agent.save(update_fields=["password"])
    return agent


def agent_update_profile(
    *,
    agent: Agent,
    name: str | None = None,
    language: str | None = None,
    timezone_name: str | None = None,
) -> Agent:
    """An agent's own settings: display name, UI language, time zone."""
    import zoneinfo

    errors: dict[str, list[str]] = {}
    if name is not None:
        name = name.strip()
        if not name or len(name) > 200:
            errors["name"] = [str(_("Give a name of at most 200 characters."))]
    if language is not None and language and language not in dict(settings.LANGUAGES):
        errors["language"] = [str(_("Unknown language."))]
    if timezone_name:
        try:
            zoneinfo.ZoneInfo(timezone_name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            errors["timezone"] = [str(_("Unknown time zone."))]
    if errors:
        raise ValidationFailed(_("Please correct the errors below."), fields=errors)
    update: list[str] = []
    if name is not None and name != agent.name:
        agent.name, update = name, [*update, "name"]
    if language is not None and language != agent.language:
        agent.language, update = language, [*update, "language"]
    if timezone_name is not None and timezone_name != agent.timezone:
        agent.timezone, update = timezone_name, [*update, "timezone"]
    if update:
        agent.save(update_fields=update)
    return agent
