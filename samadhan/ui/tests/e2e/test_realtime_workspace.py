"""Two agents in real browsers on a real ASGI server: viewing, typing, live messages and rows.

pytest-django's live server has no websockets: these tests start uvicorn
(``samadhan.testing.asgi_server``). The ``browser`` fixture is this folder's
conftest's: importing it elsewhere would start a second Playwright in the session.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from samadhan.accounts.models import Role
from samadhan.testing.asgi_server import AsgiServer
from samadhan.testing.factories import make_agent, make_ticket, make_token, make_workspace
from samadhan.ui.tests.e2e.conftest import overflow_problems

PASSWORD = "correct-horse-battery-staple"  # what the factories give every agent


@pytest.fixture
def server(transactional_db: None, tmp_path: Path, settings: Any) -> Iterator[AsgiServer]:
    # Passwords set here are checked by the server, which knows only the real hashers.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    asgi = AsgiServer(tmp_path / "uvicorn.log")
    asgi.start()
    yield asgi
    asgi.stop()


def open_context(browser: Browser, server: AsgiServer, **size: int) -> BrowserContext:
    viewport: ViewportSize = {"width": size.get("width", 1280), "height": size.get("height", 860)}
    ctx = browser.new_context(base_url=server.url, locale="en-US", viewport=viewport)
    ctx.set_default_timeout(15_000)
    return ctx


def log_in(page: Page, email: str) -> None:
    page.goto("/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/t/**")


def api_post(server: AsgiServer, token: str, path: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        f"{server.url}/api/v1{path}",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_two_agents_see_each_other_and_new_messages_arrive_live(
    browser: Browser,
    server: AsgiServer,
    artifacts: Path,
) -> None:
    ws = make_workspace()
    asha = make_agent(ws, name="Asha Rao", role=Role.ADMIN)
    ravi = make_agent(ws, name="Ravi Kumar")
    ticket = make_ticket(ws, subject="Parcel not delivered")
    token = make_token(ws, asha)

    desk = open_context(browser, server)
    phone = open_context(browser, server, width=390, height=844)
    try:
        one, two = desk.new_page(), phone.new_page()
        log_in(one, asha.email)
        log_in(two, ravi.email)
        one.goto(f"/t/{ws.slug}/{ticket.number}/")
        two.goto(f"/t/{ws.slug}/{ticket.number}/")

        # Each sees the other viewing, and their own presence in the header.
        expect(one.locator("[data-live-viewers]")).to_have_text("Also viewing: Ravi Kumar")
        expect(two.locator("[data-live-viewers]")).to_have_text("Also viewing: Asha Rao")
        expect(one.locator("[data-presence-label]")).to_have_text("Online")

        # Ravi types a reply: Asha sees it; then a note.
        two.locator("#composer-body").type("Let me check with the courier")
        expect(one.locator("[data-live-typing]")).to_have_text("Ravi Kumar is typing a reply…")
        two.keyboard.press("Escape")
        two.locator("input[name=kind][value=note]").check()
        two.locator("#composer-body").type(" (note)")
        expect(one.locator("[data-live-typing]")).to_have_text("Ravi Kumar is writing a note…")

        # A customer message through the API appears on both pages without a reload.
        one.evaluate("window.__sameDocument = true")
        api_post(
            server, token, f"/tickets/{ticket.number}/messages",
            {"kind": "inbound", "body": "Any update on my parcel?"},
        )  # fmt: skip
        expect(one.locator("#thread")).to_contain_text("Any update on my parcel?")
        expect(two.locator("#thread")).to_contain_text("Any update on my parcel?")
        assert one.evaluate("window.__sameDocument") is True
        expect(one.locator("#live-announcer")).to_have_text("New message on this ticket.")
        one.screenshot(path=str(artifacts / "realtime-ticket-desktop.png"), full_page=True)
        two.screenshot(path=str(artifacts / "realtime-ticket-phone.png"), full_page=True)
        assert overflow_problems(two) == []

        # Asha leaves for the inbox: Ravi no longer sees her; a new ticket appears as a row.
        one.goto(f"/t/{ws.slug}/?view=all")
        expect(two.locator("[data-live-viewers]")).to_be_hidden()
        one.evaluate("window.__sameDocument = true")
        created = api_post(
            server, token, "/tickets",
            {"subject": "Refund for order 4411", "body": "Please refund",
             "contact": {"email": "meera@example.test"}},
        )  # fmt: skip
        row = one.locator(f"[data-row-link][data-number='{created['number']}']")
        expect(row).to_contain_text("Refund for order 4411")
        assert one.evaluate("window.__sameDocument") is True
        one.screenshot(path=str(artifacts / "realtime-inbox.png"), full_page=True)

        # Presence from the header menu, with the keyboard; the choice outlives a reload.
        one.locator("[data-presence-menu] summary").focus()
        one.keyboard.press("Enter")
        one.get_by_role("button", name="Away").focus()
        one.keyboard.press("Enter")
        expect(one.locator("[data-presence-label]")).to_have_text("Away")
        one.reload()
        expect(one.locator("[data-presence-label]")).to_have_text("Away")
        one.locator("[data-presence-menu] summary").click()
        one.get_by_role("button", name="Online").click()
        expect(one.locator("[data-presence-label]")).to_have_text("Online")
    finally:
        desk.close()
        phone.close()
