"""A real browser against a real server: Debian's Chromium driven by Playwright.

The live server is pytest-django's (a threaded WSGI server on the test
database, static files included). Screenshots go to the run's artifacts
folder, ``SAMADHAN_ARTIFACTS_DIR`` (``./test`` sets it; default
``var/test-artifacts``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from samadhan.accounts.models import Agent
from samadhan.accounts.services import agent_set_password
from samadhan.demo.loader import demo_load
from samadhan.workspaces.models import Workspace

CHROMIUM = os.environ.get("SAMADHAN_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "e2e-password-4242"


# The session's one browser. A conftest elsewhere that imports ``browser`` registers a
# second definition of the fixture; a second Playwright cannot start while the first
# runs its event loop on this thread, so every definition shares this one.
_shared: dict[str, Browser] = {}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if "browser" in _shared:
        yield _shared["browser"]
        return
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run the suite with ./test (it installs chromium)")
    # Playwright's sync API keeps an event loop running on this thread, which
    # Django's async-safety check mistakes for async code touching the ORM.
    # The test's ORM calls are plain synchronous calls between browser steps.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        _shared["browser"] = browser
        try:
            yield browser
        finally:
            _shared.pop("browser", None)
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def artifacts() -> Path:
    folder = Path(
        os.environ.get("SAMADHAN_ARTIFACTS_DIR") or settings.BASE_DIR / "var" / "test-artifacts"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def demo(transactional_db: None) -> Workspace:
    return demo_load(admin_password=PASSWORD).workspace


def set_password(email: str) -> Agent:
    agent = Agent.objects.get(email=email)
    agent_set_password(agent=agent, password=PASSWORD)
    return agent


@pytest.fixture
def context(browser: Browser, live_server: Any) -> Iterator[BrowserContext]:
    ctx = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 1366, "height": 900}
    )
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/t/**")


OVERFLOW_JS = """
() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth + 1) {
    problems.push(`page scrolls sideways: ${doc.scrollWidth} > ${window.innerWidth}`);
  }
  const selector = [
    'button', '.btn', 'label', 'th', '.badge', '.sidenav a', 'h1', 'h2', 'legend', 'summary',
    '.tag', 'dt', 'dd', 'td',
  ].join(',');
  for (const el of document.querySelectorAll(selector)) {
    const style = getComputedStyle(el);
    if (el.offsetParent === null || style.visibility === 'hidden') continue;
    if (el.closest('.table-wrap') && el.matches('th, td')) continue;
    if (el.closest('.visually-hidden, .skip-link')) continue;
    if (el.scrollWidth > el.clientWidth + 2 && style.overflowX !== 'auto') {
      const text = el.textContent.trim().slice(0, 40);
      problems.push(`${el.tagName.toLowerCase()}.${el.className} overflows: "${text}"`);
    }
  }
  return problems;
}
"""


def overflow_problems(page: Page) -> list[str]:
    """Text wider than its box, or a page wider than the screen."""
    return list(page.evaluate(OVERFLOW_JS))
