from __future__ import annotations

import regex
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import Agent
from samadhan.audit.services import audit_diff, audit_record
from samadhan.core.errors import ValidationFailed
from samadhan.tickets.models import CustomField, FieldType
from samadhan.workspaces.models import Workspace

MAX_OPTIONS = 200
# Keys appear in API payloads and filters: plain ASCII, stable.
_KEY = regex.compile(r"^[a-z0-9_]{1,64}$")


def _check_label(label: str) -> str:
    label = label.strip()
    if not label or len(label) > 120:
        raise ValidationFailed(
            _("Give a label of at most 120 characters."),
            fields={"label": [str(_("Give a label of at most 120 characters."))]},
        )
    return label


def _check_options(
    field_type: FieldType, options: list[dict[str, str]] | None
) -> list[dict[str, str]]:
    options = options or []
    if field_type == FieldType.DROPDOWN:
        values = [o.get("value", "") for o in options]
        if (
            not values
            or len(values) > MAX_OPTIONS
            or any(not v for v in values)
            or len(set(values)) != len(values)
        ):
            raise ValidationFailed(
                _("A dropdown needs options with distinct, non-empty values."),
                fields={"options": [str(_("Give options with distinct values."))]},
            )
        return [{"value": o["value"], "label": o.get("label") or o["value"]} for o in options]
    if options:
        raise ValidationFailed(
            _("Only dropdown fields have options."), fields={"options": [str(_("Not allowed."))]}
        )
    return []


def custom_field_create(
    *,
    workspace: Workspace,
    key: str,
    label: str,
    field_type: FieldType,
    options: list[dict[str, str]] | None = None,
    required: bool = False,
    by: Agent | None = None,
) -> CustomField:
    if not _KEY.match(key):
        raise ValidationFailed(
            _("A key has 1 to 64 lowercase letters, digits and underscores."),
            fields={"key": [str(_("Use lowercase letters, digits and underscores."))]},
        )
    if CustomField.objects.filter(workspace=workspace, key=key).exists():
        raise ValidationFailed(
            _("A field with this key already exists."), fields={"key": [str(_("Already taken."))]}
        )
    label = _check_label(label)
    options = _check_options(field_type, options)
    with transaction.atomic():
        position = CustomField.objects.filter(workspace=workspace).count()
        try:
            with transaction.atomic():
                field = CustomField.objects.create(
                    workspace=workspace,
                    key=key,
                    label=label,
                    field_type=field_type,
                    options=options,
                    required=required,
                    position=position,
                )
        except IntegrityError:
            # A second submit of the same form raced this one past the check.
            raise ValidationFailed(
                _("A field with this key already exists."),
                fields={"key": [str(_("Already taken."))]},
            ) from None
        audit_record(
            workspace=workspace,
            actor=by,
            action="custom_field.created",
            target=field,
            changes={
                "key": key,
                "label": label,
                "field_type": field_type.value,
                "options": options,
                "required": required,
            },
        )
    return field


def custom_field_update(
    *,
    field: CustomField,
    by: Agent | None,
    label: str | None = None,
    options: list[dict[str, str]] | None = None,
    required: bool | None = None,
    is_active: bool | None = None,
    position: int | None = None,
) -> CustomField:
    """Change a field's definition; its key and type stay (ticket values depend on them).

    Deactivating hides the field and stops validating it; values on tickets stay.
    """
    after: dict[str, object] = {}
    if label is not None:
        after["label"] = _check_label(label)
    if options is not None:
        after["options"] = _check_options(FieldType(field.field_type), options)
    if required is not None:
        after["required"] = required
    if is_active is not None:
        after["is_active"] = is_active
    if position is not None:
        after["position"] = max(0, position)
    changes = audit_diff({key: getattr(field, key) for key in after}, after)
    if not changes:
        return field
    with transaction.atomic():
        for key in changes:
            setattr(field, key, after[key])
        field.save()
        audit_record(
            workspace=field.workspace,
            actor=by,
            action="custom_field.updated",
            target=field,
            changes=changes,
        )
    return field
