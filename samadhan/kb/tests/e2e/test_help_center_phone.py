"""The help center on a phone in Telugu: readable, the right font, nothing wider than the screen."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from samadhan.demo.knowledge_base import demo_kb_load
from samadhan.kb.models import ArticleFeedback, ArticleTranslation
from samadhan.testing.factories import make_workspace
from samadhan.ui.tests.e2e.conftest import overflow_problems

pytestmark = pytest.mark.django_db(transaction=True)


def test_telugu_help_center_on_a_phone(browser: Browser, live_server: Any, artifacts: Path) -> None:
    workspace = make_workspace(slug="sitara", languages=["en", "hi", "mr", "te", "lv"])
    demo_kb_load(workspace=workspace, created=Counter())
    hours = ArticleTranslation.objects.get(
        workspace=workspace, article__key="business-hours", language="te"
    )
    context = browser.new_context(
        base_url=live_server.url,
        locale="te-IN",
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        user_agent="Mozilla/5.0 (Linux; Android 14; Pixel 7) Mobile Safari/537.36",
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("/help/sitara/")
        page.wait_for_url("**/help/sitara/te/")
        expect(page.locator("html")).to_have_attribute("lang", "te")
        expect(page.get_by_role("link", name="ఆర్డర్లు, డెలివరీ")).to_be_visible()
        page.evaluate("document.fonts.ready")
        assert page.evaluate("document.fonts.check('16px \"Samadhan Telugu\"', 'ఆర్డర్')")
        assert overflow_problems(page) == []
        page.screenshot(path=str(artifacts / "help-center-te-home-phone.png"), full_page=True)

        page.get_by_role("link", name="సంప్రదింపు, సహాయ సమయాలు").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("సంప్రదింపు, సహాయ సమయాలు")
        page.get_by_role("link", name=hours.title).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(hours.title)
        assert f"/help/sitara/te/{hours.article_id}-" in page.url
        # The body's tables scroll inside themselves; the page never scrolls sideways.
        assert overflow_problems(page) == []
        page.screenshot(path=str(artifacts / "help-center-te-article-phone.png"), full_page=True)
        page.locator(".body table").first.screenshot(
            path=str(artifacts / "help-center-te-article-table-phone.png")
        )

        page.locator("#feedback-comment").fill("చాలా బాగుంది")
        page.locator('button[name="helpful"][value="yes"]').click()
        expect(page.locator("#feedback [role=status]")).to_be_visible()
        assert list(
            ArticleFeedback.objects.values_list("translation_id", "helpful", "comment")
        ) == [(hours.pk, True, "చాలా బాగుంది")]
        # The language switcher goes to the same article in Hindi.
        page.locator('.langs a[hreflang="hi"]').click()
        expect(page.locator("html")).to_have_attribute("lang", "hi")
        assert f"/help/sitara/hi/{hours.article_id}-" in page.url
        assert overflow_problems(page) == []
    finally:
        context.close()
