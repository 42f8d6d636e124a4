"""An admin sets up the workspace in the browser: a custom field and a team."""

from __future__ import annotations

from pathlib import Path

from django.utils import translation
from playwright.sync_api import BrowserContext, expect

from samadhan.accounts.models import Agent, Team
from samadhan.audit.models import AuditEntry
from samadhan.demo.loader import DEFAULT_ADMIN_EMAIL
from samadhan.demo.people import STAFF_DOMAIN
from samadhan.tickets.models import CustomField, FieldType
from samadhan.ui.tests.e2e.conftest import log_in, overflow_problems
from samadhan.workspaces.models import Workspace


def t(text: str) -> str:
    with translation.override("en"):
        return translation.gettext(text)


def test_admin_creates_a_custom_field_and_a_team(
    demo: Workspace, context: BrowserContext, artifacts: Path
) -> None:
    admin = Agent.objects.get(email=DEFAULT_ADMIN_EMAIL)
    page = context.new_page()
    log_in(page, admin.email)

    page.get_by_role("link", name=t("Settings"), exact=True).click()
    page.wait_for_url(f"**/t/{demo.slug}/settings/")
    page.get_by_role("link", name=t("Custom fields")).first.click()
    form = page.locator("form", has=page.get_by_role("button", name=t("Create field")))
    form.get_by_label(t("Label"), exact=True).fill("डिलीवरी स्लॉट")
    form.get_by_label(t("Key"), exact=True).fill("delivery_slot")
    form.get_by_label(t("Type"), exact=True).select_option(FieldType.DROPDOWN)
    form.get_by_label(t("Options"), exact=True).fill("morning|सुबह\nevening|शाम")
    form.get_by_role("button", name=t("Create field")).click()
    page.wait_for_load_state()
    field = CustomField.objects.get(workspace=demo, key="delivery_slot")
    assert field.label == "डिलीवरी स्लॉट"
    assert field.field_type == FieldType.DROPDOWN
    assert [o["value"] for o in field.options] == ["morning", "evening"]
    expect(page.get_by_role("link", name="डिलीवरी स्लॉट")).to_be_visible()

    page.get_by_role("link", name=t("Teams")).first.click()
    form = page.locator("form", has=page.get_by_role("button", name=t("Create team")))
    form.get_by_label(t("Team name"), exact=True).fill("తెలుగు సపోర్ట్")
    lakshmi = Agent.objects.get(email=f"lakshmi@{STAFF_DOMAIN}")
    form.get_by_label(lakshmi.name, exact=True).check()
    form.get_by_role("button", name=t("Create team")).click()
    page.wait_for_load_state()
    team = Team.objects.get(workspace=demo, name="తెలుగు సపోర్ట్")
    assert list(team.members.all()) == [lakshmi]
    expect(page.get_by_role("link", name="తెలుగు సపోర్ట్")).to_be_visible()

    # Both changes are in the audit log, with the admin as the actor.
    actions = set(
        AuditEntry.objects.filter(workspace=demo, actor=admin).values_list("action", flat=True)
    )
    assert {"custom_field.created", "team.created"} <= actions
    page.get_by_role("link", name=t("Audit log")).first.click()
    expect(page.locator("main")).to_contain_text("తెలుగు సపోర్ట్")
    page.screenshot(path=str(artifacts / "admin-audit-log.png"), full_page=True)
    assert overflow_problems(page) == []
