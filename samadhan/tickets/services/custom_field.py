from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from samadhan.core.errors import ValidationFailed
from samadhan.tickets.models import CustomField, FieldType
from samadhan.workspaces.models import Workspace


def custom_field_create(
    *,
    workspace: Workspace,
    key: str,
    label: str,
    field_type: FieldType,
    options: list[dict[str, str]] | None = None,
    required: bool = False,
) -> CustomField:
    if CustomField.objects.filter(workspace=workspace, key=key).exists():
        raise ValidationFailed(
            _("A field with this key already exists."), fields={"key": [str(_("Already taken."))]}
        )
    options = options or []
    if field_type == FieldType.DROPDOWN:
        values = [o.get("value", "") for o in options]
        if not values or any(not v for v in values) or len(set(values)) != len(values):
            raise ValidationFailed(
                _("A dropdown needs options with distinct, non-empty values."),
                fields={"options": [str(_("Give options with distinct values."))]},
            )
        options = [{"value": o["value"], "label": o.get("label") or o["value"]} for o in options]
    elif options:
        raise ValidationFailed(
            _("Only dropdown fields have options."), fields={"options": [str(_("Not allowed."))]}
        )
    position = CustomField.objects.filter(workspace=workspace).count()
    return CustomField.objects.create(
        workspace=workspace,
        key=key,
        label=label,
        field_type=field_type,
        options=options,
        required=required,
        position=position,
    )
