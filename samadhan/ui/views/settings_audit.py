"""The audit log page: every settings change, newest first, filterable."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.http import urlencode

from samadhan.accounts.access import Actor
from samadhan.accounts.models import Membership, Role
from samadhan.audit.actions import ACTION_GROUPS, action_label
from samadhan.audit.models import AuditEntry
from samadhan.audit.selectors import audit_page
from samadhan.ui.views.settings_base import settings_render
from samadhan.ui.workspace import workspace_view

# Updates record {"field": [old, new]}; everything else records plain values.
DIFF_SUFFIXES = (".updated", ".renamed", ".role_changed")
MAX_VALUE_CHARS = 300


def _text(value: Any) -> str:
    if value is None:
        return "—"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def change_lines(entry: AuditEntry) -> list[dict[str, str]]:
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    is_diff = entry.action.endswith(DIFF_SUFFIXES)
    rows = []
    for field, value in changes.items():
        if is_diff and isinstance(value, list) and len(value) == 2:
            rows.append({"field": field, "old": _text(value[0]), "new": _text(value[1])})
        else:
            rows.append({"field": field, "old": "", "new": _text(value)})
    return rows


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


@workspace_view(minimum=Role.ADMIN)
def audit_log(request: HttpRequest, actor: Actor) -> HttpResponse:
    group = request.GET.get("group", "")
    if group not in ACTION_GROUPS:
        group = ""
    who = _int(request.GET.get("actor"))
    page = audit_page(
        actor=actor, before=_int(request.GET.get("before")), action_prefix=group, actor_id=who
    )
    entries = [
        {"entry": e, "label": action_label(e.action), "changes": change_lines(e)}
        for e in page.entries
    ]
    filters = {k: v for k, v in (("group", group), ("actor", who)) if v}
    next_url = "?" + urlencode({**filters, "before": page.next_before}) if page.next_before else ""
    agents = (
        Membership.objects.filter(workspace=actor.workspace)
        .select_related("agent")
        .order_by("agent__name", "agent_id")
    )
    context = {
        "entries": entries,
        "next_url": next_url,
        "first_url": "?" + urlencode(filters) if request.GET.get("before") else "",
        "groups": list(ACTION_GROUPS.items()),
        "group": group,
        "who": who,
        "agents": agents,
    }
    return settings_render(request, actor, "ui/settings/audit.html", context, section="audit")
