"""Validation of custom field values against the workspace's definitions."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from samadhan.core.errors import ValidationFailed
from samadhan.tickets.models import CustomField, FieldType

MAX_TEXT = 10_000


def _coerce(field: CustomField, value: Any) -> Any:
    kind = FieldType(field.field_type)
    if kind == FieldType.TEXT:
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise ValueError(_("Enter text of at most %(max)d characters.") % {"max": MAX_TEXT})
        return value
    if kind == FieldType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValueError(_("Enter a number."))
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise ValueError(_("Enter a number.")) from None
        if not number.is_finite():
            raise ValueError(_("Enter a number."))
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == FieldType.DATE:
        if not isinstance(value, str):
            raise ValueError(_("Enter a date as YYYY-MM-DD."))
        try:
            return datetime.date.fromisoformat(value).isoformat()
        except ValueError:
            raise ValueError(_("Enter a date as YYYY-MM-DD.")) from None
    if kind == FieldType.DROPDOWN:
        allowed = {str(option["value"]) for option in field.options}
        if not isinstance(value, str) or value not in allowed:
            raise ValueError(_("Choose one of the listed options."))
        return value
    if not isinstance(value, bool):
        raise ValueError(_("Enter true or false."))
    return value


def validate_custom_fields(
    *,
    workspace_id: int,
    values: dict[str, Any],
    existing: dict[str, Any] | None = None,
    require: bool = True,
) -> dict[str, Any]:
    """Return the merged, coerced values or raise with one error per bad field.

    A value of ``None`` clears a field. Required fields must end up set unless
    ``require`` is false: a customer writing in (email, chat, web form) cannot
    fill agents' fields, and their message must never be refused for it.
    """
    fields = {
        f.key: f for f in CustomField.objects.filter(workspace_id=workspace_id, is_active=True)
    }
    merged = dict(existing or {})
    errors: dict[str, list[str]] = {}
    for key, value in values.items():
        field = fields.get(key)
        if field is None:
            errors[f"custom_fields.{key}"] = [_("Unknown field.")]
            continue
        if value is None:
            merged.pop(key, None)
            continue
        try:
            merged[key] = _coerce(field, value)
        except ValueError as exc:
            errors[f"custom_fields.{key}"] = [str(exc)]
    for key, field in fields.items():
        if (
            require
            and field.required
            and merged.get(key) in (None, "")
            and f"custom_fields.{key}" not in errors
        ):
            errors[f"custom_fields.{key}"] = [_("This field is required.")]
    if errors:
        raise ValidationFailed(_("Some custom fields are not valid."), fields=errors)
    return merged
