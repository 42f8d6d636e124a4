"""The audit log page: every settings change, newest first, filterable."""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import urlencode

from samadhan.accounts.access import Actor
from samadhan.accounts.models import Membership, Role, Skill, Team
from samadhan.audit.actions import ACTION_GROUPS, action_label
from samadhan.audit.models import AuditEntry
from samadhan.audit.selectors import audit_page
from samadhan.channels.models import Inbox
from samadhan.tickets.models import CustomField, Macro, Tag
from samadhan.ui.views.settings_base import settings_render
from samadhan.ui.workspace import workspace_view
from samadhan.webhooks.models import WebhookSubscription

# Updates record {"field": [old, new]}; everything else records plain values.
DIFF_SUFFIXES = (".updated", ".renamed", ".role_changed")
MAX_VALUE_CHARS = 160


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


# Where a target of each type is edited: (model, url name, the column holding its id).
# An agent's page is found through their membership of this workspace.
TARGET_PAGES: dict[str, tuple[type[models.Model], str, str]] = {
    "team": (Team, "ui:settings_team", "pk"),
    "skill": (Skill, "ui:settings_skill", "pk"),
    "inbox": (Inbox, "ui:settings_inbox", "pk"),
    "customfield": (CustomField, "ui:settings_field", "pk"),
    "tag": (Tag, "ui:settings_tag", "pk"),
    "macro": (Macro, "ui:settings_macro", "pk"),
    "webhooksubscription": (WebhookSubscription, "ui:settings_webhook", "pk"),
    "agent": (Membership, "ui:settings_agent", "agent_id"),
}


def target_links(actor: Actor, entries: list[AuditEntry]) -> dict[tuple[str, str], str]:
    """Links to the targets that still exist in this workspace: one query per type shown."""
    wanted: dict[str, set[int]] = {}
    for e in entries:
        if e.target_type in TARGET_PAGES and e.target_id.isdigit():
            wanted.setdefault(e.target_type, set()).add(int(e.target_id))
    links = {}
    for target_type, ids in wanted.items():
        model, url_name, column = TARGET_PAGES[target_type]
        found = model._default_manager.filter(
            workspace=actor.workspace, **{f"{column}__in": ids}
        ).values_list(column, flat=True)
        for pk in found:
            links[(target_type, str(pk))] = reverse(url_name, args=[actor.workspace.slug, pk])
    return links


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
    links = target_links(actor, page.entries)
    entries = [
        {
            "entry": e,
            "label": action_label(e.action),
            "changes": change_lines(e),
            "link": links.get((e.target_type, e.target_id), ""),
        }
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
