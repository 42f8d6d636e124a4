"""Writing the audit log. Called by the services that change settings, in their transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models

from samadhan.accounts.models import Agent
from samadhan.audit.models import AuditEntry
from samadhan.workspaces.models import Workspace

MAX_REPR = 200


def audit_record(
    *,
    workspace: Workspace,
    actor: Agent | None,
    action: str,
    target: models.Model | None = None,
    changes: Mapping[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        workspace=workspace,
        actor=actor,
        action=action,
        target_type=target._meta.model_name or "" if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:MAX_REPR] if target is not None else "",
        changes=dict(changes or {}),
    )


def audit_diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{"field": [old, new]}`` for the fields whose value changed."""
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }
