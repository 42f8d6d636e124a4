"""An agent in a real browser and a chat customer on the chat HTTP API, one real server.

The customer starts a chat (a desktop notification and a new inbox row), types
("Customer is typing…"), writes again (the message appears), and reads the
agent's reply (it is marked as seen).
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, expect

from samadhan.accounts.models import Role
from samadhan.channels.chat.services import ChatSettingsChanges, chat_inbox_create
from samadhan.testing.asgi_server import AsgiServer
from samadhan.testing.factories import make_agent, make_workspace
from samadhan.ui.tests.e2e.test_realtime_workspace import log_in, open_context, server

__all__ = ["server"]  # the fixture, shared with the workspace test

SHOP = "https://shop.example.in"

# The page's Notification, recorded instead of shown: headless Chromium shows none.
RECORD_NOTIFICATIONS = """
window.__notifications = [];
window.Notification = function (title, options) {
  window.__notifications.push({ title: title, tag: options && options.tag });
  this.close = function () {};
};
window.Notification.permission = "granted";
window.Notification.requestPermission = function () { return Promise.resolve("granted"); };
"""


class Customer:
    """A visitor on the shop's site, speaking the widget's HTTP API."""

    def __init__(self, server: AsgiServer, public_id: str) -> None:
        self.base = f"{server.url}/chat/v1/{public_id}"
        self.token = ""

    def post(self, path: str, body: dict[str, Any]) -> Any:
        headers = {"Origin": SHOP, "Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(
            f"{self.base}/{path}", data=json.dumps(body).encode(), headers=headers, method="POST"
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def start(self) -> None:
        self.token = self.post("session", {"token": "", "language": "en"})["token"]


def test_an_agent_sees_a_chat_customer_live(
    browser: Browser,
    server: AsgiServer,
    artifacts: Path,
) -> None:
    ws = make_workspace()
    agent = make_agent(ws, name="Asha Rao", role=Role.ADMIN)
    inbox = chat_inbox_create(
        workspace=ws,
        name="Website chat",
        by=agent,
        settings=ChatSettingsChanges(allowed_origins=[SHOP]),
    )
    ctx = open_context(browser, server)
    ctx.add_init_script(RECORD_NOTIFICATIONS)
    try:
        page = ctx.new_page()
        log_in(page, agent.email)
        page.goto(f"/t/{ws.slug}/?view=all")
        expect(page.locator("[data-presence-label]")).to_have_text("Online")

        customer = Customer(server, inbox.public_id)
        customer.start()
        page.evaluate("window.__sameDocument = true")
        customer.post("messages", {"client_id": "c-1", "text": "Where is my order?"})
        row = page.locator("[data-row-link]").filter(has_text="Where is my order?")
        expect(row).to_be_visible()
        assert page.evaluate("window.__sameDocument") is True
        ticket_number = row.get_attribute("data-number")
        page.wait_for_function("window.__notifications.length > 0")
        assert page.evaluate("window.__notifications")[0]["title"] == (
            f"New chat: ticket #{ticket_number}"
        )

        page.goto(f"/t/{ws.slug}/{ticket_number}/")
        page.wait_for_selector("[data-ticket-live][data-joined]", state="attached")
        customer.post("typing", {"typing": True})
        expect(page.locator("[data-live-typing]")).to_have_text("Customer is typing…")
        customer.post("messages", {"client_id": "c-2", "text": "It was due on Monday"})
        expect(page.locator("#thread")).to_contain_text("It was due on Monday")
        expect(page.locator("[data-live-typing]")).to_have_text("")

        page.locator("#composer-body").fill("It is out for delivery today.")
        page.get_by_role("button", name="Send", exact=True).click()
        reply = page.locator("#thread > li.msg.outbound").last
        expect(reply).to_contain_text("It is out for delivery today.")
        page.wait_for_selector("[data-ticket-live][data-joined]", state="attached")
        reply_id = int((reply.get_attribute("id") or "m0")[1:])
        customer.post("read", {"up_to_message_id": reply_id})
        expect(reply.locator("[data-seen]")).to_have_text("Seen by the customer")
        page.screenshot(path=str(artifacts / "realtime-chat-ticket.png"), full_page=True)
    finally:
        ctx.close()
