"""Support for the widget's browser tests (samadhan/ui/tests/e2e/test_chat_*.py).

The tests live beside the other browser tests so they share that folder's one
Playwright session; these fixtures are imported into their modules.

The server under test is ``samadhan.testing.asgi_server`` (uvicorn on the test
database, websockets included). The host page is served by a stdlib
``http.server`` on another port: another origin, like a customer's website.

The scale-out test (two uvicorn processes sharing PostgreSQL and Redis) is only
defined when ``DATABASE_URL`` is PostgreSQL and ``REDIS_URL`` is set (``SCALE_OUT``):
the second ./test run collects it, the SQLite run has no such test.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from samadhan.accounts.models import Role
from samadhan.channels.chat.services import ChatSettingsChanges, chat_inbox_create
from samadhan.channels.models import Inbox
from samadhan.testing.asgi_server import AsgiServer, free_port
from samadhan.testing.factories import make_agent, make_workspace
from samadhan.tickets.models import Message, Ticket
from samadhan.workspaces.models import Workspace

SCALE_OUT = os.environ.get("DATABASE_URL", "").startswith("postgres") and bool(
    os.environ.get("REDIS_URL")
)
LANGS = ("en", "hi", "mr", "te", "lv")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class HostSite:
    """A customer's website on another origin, with the snippet on every page."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        handler = partial(_Quiet, directory=str(folder))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def write_pages(self, *, server: str, public_id: str) -> None:
        for lang in LANGS:
            (self.folder / f"{lang}.html").write_text(
                f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
                f"<title>Shop ({lang})</title></head><body><h1>Shop</h1>"
                f'<script async src="{server}/static/chat/widget.js" '
                f'data-samadhan-inbox="{public_id}"></script></body></html>',
                encoding="utf-8",
            )

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def host_site(tmp_path: Path) -> Iterator[HostSite]:
    folder = tmp_path / "site"
    folder.mkdir()
    site = HostSite(folder)
    yield site
    site.close()


PASSWORD = "e2e-chat-password-4242"


@dataclass
class Shop:
    workspace: Workspace
    inbox: Inbox
    server: AsgiServer
    site: HostSite


def setup_chat(settings: Any, site: HostSite, server: AsgiServer) -> tuple[Workspace, Inbox]:
    # The server process checks passwords with the real hasher, not the tests' fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    workspace = make_workspace("shop")
    agent = make_agent(workspace, role=Role.ADMIN, email="priya@shop.test", name="Priya Sharma")
    agent.set_password(PASSWORD)
    agent.save(update_fields=["password"])
    inbox = chat_inbox_create(
        workspace=workspace,
        name="Website",
        by=agent,
        settings=ChatSettingsChanges(
            allowed_origins=[site.origin],
            greeting={"": "Namaste! Ask us anything about your order."},
            color="#0a7d5a",
        ),
    )
    site.write_pages(server=server.url, public_id=inbox.public_id)
    return workspace, inbox


@pytest.fixture
def shop(settings: Any, asgi_server: AsgiServer, host_site: HostSite) -> Shop:
    workspace, inbox = setup_chat(settings, host_site, asgi_server)
    return Shop(workspace=workspace, inbox=inbox, server=asgi_server, site=host_site)


WIDGET = "#samadhan-chat"


def until(check: Callable[[], Any], timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"not true within {timeout} s: {check}")


def open_widget(page: Page, site: HostSite, lang: str) -> None:
    page.goto(f"{site.origin}/{lang}.html")
    page.locator(f"{WIDGET} .launch").click()
    expect(page.locator(f"{WIDGET} .panel")).to_be_visible()


def visitor_says(page: Page, text: str) -> None:
    box = page.locator(f"{WIDGET} textarea")
    box.fill(text)
    box.press("Enter")


def agent_replies(page: Page, server: AsgiServer, workspace: Workspace, text: str) -> None:
    ticket = until(lambda: Ticket.objects.filter(workspace=workspace).first())
    page.goto(f"{server.url}/t/{workspace.slug}/{ticket.number}/")
    page.locator("#composer-body").fill(text)
    page.locator("#composer button[type=submit]").click()
    until(lambda: Message.objects.filter(ticket=ticket, body_text=text).exists())


def log_in(page: Page, server: AsgiServer) -> None:
    page.goto(f"{server.url}/login/")
    page.get_by_label("Email").fill("priya@shop.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/t/**")


OVERFLOW_JS = """
(host) => {
  const problems = [];
  for (const el of host.shadowRoot.querySelectorAll('*')) {
    if (el.offsetParent === null || ['STYLE', 'svg', 'path'].includes(el.tagName)) continue;
    if (el.classList.contains('log') || el.classList.contains('sr')) continue;
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'auto') {
      problems.push(`${el.tagName}.${el.className}: ${el.textContent.slice(0, 40)}`);
    }
  }
  return problems;
}
"""
