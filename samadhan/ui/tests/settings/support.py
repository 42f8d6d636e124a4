"""URLs, objects and page parsing shared by the admin settings page tests."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from samadhan.accounts.models import Agent, SkillKind
from samadhan.accounts.services import api_token_create, skill_create, team_create
from samadhan.audit.models import AuditEntry
from samadhan.channels.models import InboxKind
from samadhan.channels.services import inbox_create
from samadhan.testing.factories import make_ticket
from samadhan.tickets.models import FieldType, Tag
from samadhan.tickets.services.custom_field import custom_field_create
from samadhan.tickets.services.macro import macro_create
from samadhan.tickets.tags import ticket_tags_set
from samadhan.webhooks.services import webhook_create
from samadhan.workspaces.models import Workspace

ADMIN_ONLY = ("workspace", "agents", "inboxes", "fields", "webhooks", "tokens", "audit")
MANAGER_OK = ("", "teams", "skills", "tags", "macros")


def url(ws: Workspace, name: str, *args: Any) -> str:
    return reverse(f"ui:{name}", args=[ws.slug, *args])


def section_url(ws: Workspace, section: str) -> str:
    return f"/t/{ws.slug}/settings/{section}/" if section else f"/t/{ws.slug}/settings/"


def things(ws: Workspace, agent: Agent) -> dict[str, Any]:
    """One object of every kind in ``ws``, made through the services."""
    team = team_create(workspace=ws, name="Billing", members=[agent])
    ticket = make_ticket(ws)
    ticket_tags_set(ticket=ticket, names=["refund"])
    webhook = webhook_create(workspace=ws, url="http://127.0.0.1:9/hook", events=[])
    return {
        "team": team,
        "skill": skill_create(workspace=ws, by=None, kind=SkillKind.LANGUAGE, value="hi"),
        "inbox": inbox_create(workspace=ws, kind=InboxKind.WEB_FORM, name="Website"),
        "field": custom_field_create(
            workspace=ws, key="order_id", label="Order", field_type=FieldType.TEXT
        ),
        "tag": Tag.objects.get(workspace=ws, name="refund"),
        "macro": macro_create(workspace=ws, name="Thanks", texts={"en": "Thank you"}),
        "webhook": webhook,
        "token": api_token_create(workspace=ws, agent=agent, name="CRM")[0],
        "agent": agent,
    }


def detail_urls(ws: Workspace, t: dict[str, Any]) -> list[str]:
    return [
        url(ws, "settings_agent", t["agent"].pk),
        url(ws, "settings_team", t["team"].pk),
        url(ws, "settings_skill", t["skill"].pk),
        url(ws, "settings_inbox", t["inbox"].pk),
        url(ws, "settings_field", t["field"].pk),
        url(ws, "settings_tag", t["tag"].pk),
        url(ws, "settings_macro", t["macro"].pk),
        url(ws, "settings_webhook", t["webhook"].pk),
    ]


def nav(html: str) -> list[str]:
    block = html.split('class="settings-nav"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<span>([^<]+)</span>", block)


def entry(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).latest("id")
