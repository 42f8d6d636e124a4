"""Reading the audit log, newest first, a page at a time (keyset: no OFFSET scans)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from samadhan.accounts.access import Actor
from samadhan.audit.models import AuditEntry

PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    # The id to pass as ``before`` for the next (older) page; None on the last page.
    next_before: int | None


def audit_page(
    *,
    actor: Actor,
    before: int | None = None,
    action_prefix: str = "",
    actor_id: int | None = None,
    size: int = PAGE_SIZE,
) -> AuditPage:
    entries = AuditEntry.objects.filter(workspace_id=actor.workspace_id)
    if action_prefix:
        entries = entries.filter(action__startswith=action_prefix)
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    if before is not None:
        anchor = (
            AuditEntry.objects.filter(workspace_id=actor.workspace_id, pk=before)
            .values_list("created_at", flat=True)
            .first()
        )
        if anchor is not None:
            entries = entries.filter(Q(created_at__lt=anchor) | Q(created_at=anchor, pk__lt=before))
    rows = list(entries.select_related("actor").order_by("-created_at", "-id")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return AuditPage(entries=rows, next_before=rows[-1].pk if more and rows else None)
