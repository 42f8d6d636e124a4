"""The inbox and a ticket in each of the five languages, on a desk and a phone.

Every page is screenshotted into the run's artifacts folder, and checked for
text wider than its box and pages wider than the screen. With
``SAMADHAN_SCREENSHOTS_DIR`` set (``docs/screenshots``), the desktop shots are
also written there for the README.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.db.models import Count
from playwright.sync_api import Browser, expect

from samadhan.accounts.models import Agent
from samadhan.accounts.services import agent_update_profile
from samadhan.demo.loader import DEFAULT_ADMIN_EMAIL
from samadhan.tickets.models import Ticket
from samadhan.ui.tests.e2e.conftest import log_in, overflow_problems
from samadhan.workspaces.models import Workspace

LANGUAGES = ["en", "hi", "mr", "te", "lv"]
SCREENS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_fit_in_every_language(
    demo: Workspace, browser: Browser, live_server: object, artifacts: Path, language: str
) -> None:
    admin = Agent.objects.get(email=DEFAULT_ADMIN_EMAIL)
    agent_update_profile(agent=admin, language=language)
    # The longest conversation still being worked on: the page at its fullest.
    ticket = (
        Ticket.objects.filter(workspace=demo, language=language, status__in=["open", "pending"])
        .annotate(size=Count("messages"))
        .order_by("-size", "number")
        .first()
    )
    assert ticket is not None
    docs = os.environ.get("SAMADHAN_SCREENSHOTS_DIR")
    for screen, viewport in SCREENS.items():
        context = browser.new_context(
            base_url=live_server.url,  # type: ignore[attr-defined]
            viewport=viewport,  # type: ignore[arg-type]
            locale="en-US",
        )
        page = context.new_page()
        log_in(page, admin.email)
        pages = {
            "inbox": f"/t/{demo.slug}/?view=open",
            "ticket": f"/t/{demo.slug}/{ticket.number}/",
        }
        for name, url in pages.items():
            page.goto(url)
            expect(page.locator("html")).to_have_attribute("lang", language)
            if name == "inbox":
                # Counts arrive after the page: wait so the shot shows them.
                expect(page.locator("#sidenav-views .count").first).to_be_visible()
            shot = f"{name}-{language}-{screen}.png"
            page.screenshot(path=str(artifacts / shot), full_page=screen == "phone")
            if docs and screen == "desktop":
                Path(docs).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(Path(docs) / f"{name}-{language}.png"))
            assert overflow_problems(page) == [], f"{shot}"
        context.close()
