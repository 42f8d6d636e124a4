"""The help center on a phone in Telugu: readable, the right font, nothing wider than the screen."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from samadhan.accounts.models import Role
from samadhan.accounts.services import agent_create, membership_set
from samadhan.demo.knowledge_base import demo_kb_load
from samadhan.kb.models import ArticleFeedback, ArticleTranslation
from samadhan.kb.services import article_translation_save
from samadhan.testing.factories import make_workspace
from samadhan.ui.tests.e2e.conftest import PASSWORD, log_in, overflow_problems

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


def test_the_editors_matrix_and_editor_fit_a_phone_in_hindi(
    browser: Browser, live_server: Any, artifacts: Path
) -> None:
    workspace = make_workspace(slug="sitara", languages=["en", "hi", "mr", "te", "lv"])
    demo_kb_load(workspace=workspace, created=Counter())
    editor = agent_create(
        email="editor@example.test", name="संपादक", password=PASSWORD, language="hi"
    )
    membership_set(workspace=workspace, agent=editor, role=Role.MANAGER)
    refunds = ArticleTranslation.objects.get(
        workspace=workspace, article__key="refund-timeline", language="en"
    )
    article_translation_save(
        article=refunds.article,
        language="en",
        title=refunds.title,
        body_markdown=refunds.body_markdown + "\nOne more line.\n",
        keywords=refunds.keywords,
        status="published",
        author=editor,
    )
    before = ArticleTranslation.objects.get(article=refunds.article, language="hi").body_markdown
    context = browser.new_context(
        # The sign-in page speaks the browser's English; the profile's Hindi takes over after.
        base_url=live_server.url,
        locale="en-US",
        viewport={"width": 390, "height": 844},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        log_in(page, editor.email)
        page.goto("/t/sitara/kb/?language=hi")
        expect(page.locator("html")).to_have_attribute("lang", "hi")
        expect(page.locator("table.kb-matrix tbody tr")).to_have_count(1)
        expect(page.locator(".kb-outdated").first).to_be_visible()
        assert overflow_problems(page) == []
        page.screenshot(path=str(artifacts / "kb-matrix-hi-phone.png"), full_page=True)

        page.locator("table.kb-matrix tbody a.subject").click()
        page.locator(f'a[href$="/{refunds.article_id}/hi/edit"]').click()
        expect(page.locator("textarea#id_body_markdown")).to_have_attribute("lang", "hi")
        body = page.locator("textarea#id_body_markdown")
        body.fill(body.input_value() + "\n\nएक और पंक्ति।")
        page.locator('button[name="preview"]').click()
        expect(page.locator("#kb-preview")).to_be_visible()
        assert overflow_problems(page) == []
        page.screenshot(path=str(artifacts / "kb-edit-hi-phone.png"), full_page=True)
        page.locator("button.primary[type=submit]").click()
        page.wait_for_url(f"**/t/sitara/kb/{refunds.article_id}/?language=hi")
        hindi = ArticleTranslation.objects.get(article_id=refunds.article_id, language="hi")
        # The browser sends the textarea with CRLF line breaks; they are stored as LF.
        assert hindi.body_markdown == before + "\n\nएक और पंक्ति।"
        assert "\r" not in hindi.body_markdown
        assert (hindi.outdated, hindi.version, hindi.author_id) == (False, 2, editor.pk)
    finally:
        context.close()
