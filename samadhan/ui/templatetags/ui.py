"""Dates, times, numbers and relative times in the agent's locale and zone.

Babel (CLDR data) formats them: never a hard-coded format. The locale is the
active Django language, the zone the active Django time zone (the agent's,
else the workspace's).
"""

from __future__ import annotations

from datetime import datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, format_timedelta
from babel.numbers import format_decimal
from django import template
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


def _locale() -> Locale:
    code = (translation.get_language() or "en").replace("-", "_")
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@register.filter
def when(value: datetime | None, fmt: str = "medium") -> str:
    """An absolute date and time: ``{{ t|when }}``, ``{{ t|when:"short" }}``."""
    if value is None:
        return ""
    return format_datetime(
        value, format=fmt, tzinfo=timezone.get_current_timezone(), locale=_locale()
    )


@register.filter
def day(value: datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_date(local.date(), format=fmt, locale=_locale())


@register.filter
def ago(value: datetime | None) -> str:
    """A relative time, "3 hours ago" / "3 घंटे पहले", from now."""
    if value is None:
        return ""
    return format_timedelta(
        value - timezone.now(), add_direction=True, threshold=1.1, locale=_locale()
    )


@register.simple_tag
def moment(value: datetime | None) -> SafeString:
    """``<time>`` showing the relative time, the full date and time on hover."""
    if value is None:
        return SafeString("")
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        value.isoformat(),
        when(value, "full"),
        ago(value),
    )


@register.filter
def num(value: int | float | None) -> str:
    if value is None:
        return ""
    return format_decimal(value, locale=_locale())


@register.filter
def getfield(form: object, name: str) -> object:
    """``{{ form|getfield:name }}``: a bound field by a computed name."""
    return form[name]  # type: ignore[index]
