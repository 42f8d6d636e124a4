from __future__ import annotations

import datetime
import itertools
import zoneinfo
from typing import TYPE_CHECKING, Any

import regex
from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from samadhan.audit.services import audit_diff, audit_record
from samadhan.core.errors import ValidationFailed
from samadhan.workspaces.models import Workspace

if TYPE_CHECKING:
    from samadhan.accounts.models import Agent

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = regex.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
MAX_HOLIDAYS = 366
MAX_LANGUAGES = 50
LANGUAGE_CODE = regex.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


def workspace_create(
    *,
    slug: str,
    name: str,
    default_language: str = "en",
    languages: list[str] | None = None,
    timezone: str = "UTC",
) -> Workspace:
    if Workspace.objects.filter(slug=slug).exists():
        raise ValidationFailed(
            _("A workspace with the slug %(slug)s already exists."),
            params={"slug": slug},
            fields={"slug": [str(_("Already taken."))]},
        )
    return Workspace.objects.create(
        slug=slug,
        name=name,
        default_language=default_language,
        languages=languages or [default_language],
        timezone=timezone,
    )


def workspace_next_ticket_number(*, workspace_id: int) -> int:
    """Hand out the next ticket number of a workspace.

    One ``UPDATE ... RETURNING`` statement: the row lock it takes serialises
    concurrent creators until their transaction ends, so numbers are distinct
    and consecutive, never ``max()+1``.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("call workspace_next_ticket_number inside the ticket's transaction")
    table = Workspace._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_ticket_number = last_ticket_number + 1 "  # noqa: S608
            "WHERE id = %s RETURNING last_ticket_number",
            [workspace_id],
        )
        row = cursor.fetchone()
    if row is None:
        raise Workspace.DoesNotExist(workspace_id)
    return int(row[0])


def _check_business_hours(hours: Any, errors: dict[str, list[str]]) -> dict[str, list[list[str]]]:
    """``{"mon": [["09:00", "18:00"]], ...}``: sorted, non-overlapping intervals per day.

    "24:00" is not a time here; a day open until midnight closes at "23:59".
    """
    if not isinstance(hours, dict):
        errors["business_hours"] = [str(_("Give opening hours per weekday."))]
        return {}
    cleaned: dict[str, list[list[str]]] = {}
    for day, intervals in hours.items():
        if day not in WEEKDAYS:
            errors["business_hours"] = [str(_("Unknown weekday."))]
            continue
        if not isinstance(intervals, list):
            errors[f"business_hours.{day}"] = [str(_("Give a list of opening intervals."))]
            continue
        spans: list[list[str]] = []
        for interval in intervals:
            if (
                not isinstance(interval, list | tuple)
                or len(interval) != 2
                or not all(isinstance(t, str) and _TIME.match(t) for t in interval)
            ):
                errors[f"business_hours.{day}"] = [str(_("Enter times as HH:MM."))]
                break
            opens, closes = interval
            if opens >= closes:
                errors[f"business_hours.{day}"] = [
                    str(_("The closing time must be after the opening time."))
                ]
                break
            spans.append([opens, closes])
        else:
            spans.sort()
            if any(a[1] > b[0] for a, b in itertools.pairwise(spans)):
                errors[f"business_hours.{day}"] = [str(_("Opening intervals overlap."))]
            elif spans:
                cleaned[day] = spans
    return {day: cleaned[day] for day in WEEKDAYS if day in cleaned}


def _check_holidays(holidays: Any, errors: dict[str, list[str]]) -> list[str]:
    if not isinstance(holidays, list) or len(holidays) > MAX_HOLIDAYS:
        errors["holidays"] = [str(_("Give at most %(max)d dates.") % {"max": MAX_HOLIDAYS})]
        return []
    days: set[str] = set()
    bad: list[str] = []
    for value in holidays:
        try:
            days.add(datetime.date.fromisoformat(str(value).strip()).isoformat())
        except ValueError:
            bad.append(str(value))
    if bad:
        errors["holidays"] = [
            str(_("Not a date (use YYYY-MM-DD): %(values)s") % {"values": ", ".join(bad[:5])})
        ]
    return sorted(days)


def _check_languages(
    workspace: Workspace,
    default_language: str | None,
    languages: list[str] | None,
    errors: dict[str, list[str]],
) -> dict[str, Any]:
    supported = dict(settings.LANGUAGES)
    after: dict[str, Any] = {}
    if languages is not None:
        # Customers may write in languages the interface is not translated into.
        codes = [code.strip().lower() for code in languages]
        if any(not LANGUAGE_CODE.match(code) for code in codes) or len(codes) > MAX_LANGUAGES:
            errors["languages"] = [str(_("Give language codes such as hi, te or pt-br."))]
        after["languages"] = list(dict.fromkeys(codes))
    if default_language is not None:
        if default_language not in supported:
            errors["default_language"] = [str(_("Unknown language."))]
        after["default_language"] = default_language
    final_default = after.get("default_language", workspace.default_language)
    final_languages = after.get("languages", workspace.languages)
    checked = "languages" not in errors and "default_language" not in errors
    if checked and final_languages and final_default not in final_languages:
        errors["languages"] = [str(_("The default language must be one of the languages."))]
    return after


def workspace_update(
    *,
    workspace: Workspace,
    by: Agent | None,
    name: str | None = None,
    default_language: str | None = None,
    languages: list[str] | None = None,
    timezone: str | None = None,
    business_hours: dict[str, Any] | None = None,
    holidays: list[str] | None = None,
) -> Workspace:
    """Change a workspace's profile; every field is checked before anything is saved."""
    errors: dict[str, list[str]] = {}
    after: dict[str, Any] = {}
    if name is not None:
        name = name.strip()
        if not name or len(name) > 200:
            errors["name"] = [str(_("Give a name of at most 200 characters."))]
        after["name"] = name
    after.update(_check_languages(workspace, default_language, languages, errors))
    if timezone is not None:
        try:
            zoneinfo.ZoneInfo(timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            errors["timezone"] = [str(_("Unknown time zone."))]
        after["timezone"] = timezone
    if business_hours is not None:
        after["business_hours"] = _check_business_hours(business_hours, errors)
    if holidays is not None:
        after["holidays"] = _check_holidays(holidays, errors)
    if errors:
        raise ValidationFailed(_("Please correct the errors below."), fields=errors)
    before = {key: getattr(workspace, key) for key in after}
    changes = audit_diff(before, after)
    if not changes:
        return workspace
    with transaction.atomic():
        for key in changes:
            setattr(workspace, key, after[key])
        workspace.save(update_fields=[*changes, "updated_at"])
        audit_record(
            workspace=workspace,
            actor=by,
            action="workspace.updated",
            target=workspace,
            changes=changes,
        )
    return workspace
