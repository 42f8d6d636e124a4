"""Two web processes sharing PostgreSQL and Redis: one agent on each, they still meet.

Defined only in the PostgreSQL + Redis run (``SCALE_OUT``): without Redis two
processes do not share events, by design (decision 0006).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from samadhan.accounts.models import Role
from samadhan.testing.asgi_server import AsgiServer
from samadhan.testing.factories import make_agent, make_ticket, make_token, make_workspace
from samadhan.ui.tests.e2e.test_realtime_workspace import api_post, log_in, open_context

SCALE_OUT = os.environ.get("DATABASE_URL", "").startswith("postgres") and bool(
    os.environ.get("REDIS_URL")
)

if SCALE_OUT:

    @pytest.fixture
    def two_servers(
        transactional_db: None, tmp_path: Path, settings: Any
    ) -> Iterator[tuple[AsgiServer, AsgiServer]]:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
        first, second = AsgiServer(tmp_path / "one.log"), AsgiServer(tmp_path / "two.log")
        first.start()
        second.start()
        yield first, second
        first.stop()
        second.stop()

    def test_agents_on_two_processes_see_each_other_and_new_messages(
        browser: Browser, two_servers: tuple[AsgiServer, AsgiServer], artifacts: Path
    ) -> None:
        first, second = two_servers
        ws = make_workspace()
        asha = make_agent(ws, name="Asha Rao", role=Role.ADMIN)
        ravi = make_agent(ws, name="Ravi Kumar")
        ticket = make_ticket(ws, subject="Parcel not delivered")
        token = make_token(ws, asha)
        one_ctx, two_ctx = open_context(browser, first), open_context(browser, second)
        try:
            one, two = one_ctx.new_page(), two_ctx.new_page()
            log_in(one, asha.email)
            log_in(two, ravi.email)
            one.goto(f"/t/{ws.slug}/{ticket.number}/")
            two.goto(f"/t/{ws.slug}/{ticket.number}/")
            expect(one.locator("[data-live-viewers]")).to_have_text("Also viewing: Ravi Kumar")
            expect(two.locator("[data-live-viewers]")).to_have_text("Also viewing: Asha Rao")
            two.locator("#composer-body").type("Checking")
            expect(one.locator("[data-live-typing]")).to_have_text("Ravi Kumar is typing a reply…")
            # Written through the first process; seen on the second.
            api_post(
                first, token, f"/tickets/{ticket.number}/messages",
                {"kind": "inbound", "body": "Any news?"},
            )  # fmt: skip
            expect(two.locator("#thread")).to_contain_text("Any news?")
            two.screenshot(path=str(artifacts / "realtime-scale-out.png"), full_page=True)
        finally:
            one_ctx.close()
            two_ctx.close()
