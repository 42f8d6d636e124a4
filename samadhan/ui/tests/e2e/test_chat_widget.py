"""The chat widget on a customer's website (another origin) and an agent in Samadhan.

Real uvicorn processes (websockets included) on the test database; the support
code and fixtures are in samadhan/channels/chat/tests/browser.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from samadhan.channels.chat.models import ChatSettings
from samadhan.channels.chat.tests.browser import (
    LANGS,
    OVERFLOW_JS,
    WIDGET,
    Shop,
    agent_replies,
    host_site,
    log_in,
    open_widget,
    shop,
    until,
    visitor_says,
)
from samadhan.testing.asgi_server import asgi_server, asgi_server_factory
from samadhan.tickets.models import Message, MessageKind, Ticket

__all__ = ["asgi_server", "asgi_server_factory", "host_site", "shop"]  # fixtures
TELUGU = "నా ఆర్డర్ ఇంకా రాలేదు, దయచేసి సహాయం చేయండి"


def test_a_visitor_writes_in_telugu_the_agent_replies_live_and_nothing_is_lost(
    browser: Browser, shop: Shop, artifacts: Path
) -> None:
    workspace, inbox = shop.workspace, shop.inbox
    asgi_server, host_site = shop.server, shop.site
    visitor_ctx = browser.new_context(locale="te-IN", viewport={"width": 1200, "height": 800})
    agent_ctx = browser.new_context(locale="en-US", viewport={"width": 1366, "height": 900})
    visitor_ctx.set_default_timeout(30_000)
    agent_ctx.set_default_timeout(30_000)
    visitor, agent = visitor_ctx.new_page(), agent_ctx.new_page()

    open_widget(visitor, host_site, "te")
    visitor_says(visitor, TELUGU)
    expect(visitor.locator(f"{WIDGET} .m.v .tick")).to_contain_text("✓")
    ticket = until(lambda: Ticket.objects.filter(workspace=workspace).first())
    assert ticket.channel == "chat"
    assert ticket.language == "te"
    assert ticket.messages.get().body_text == TELUGU

    log_in(agent, asgi_server)
    agent_replies(agent, asgi_server, workspace, "మీ ఆర్డర్ రేపు వస్తుంది")
    expect(visitor.locator(f"{WIDGET} .m.a")).to_contain_text("మీ ఆర్డర్ రేపు వస్తుంది")
    expect(visitor.locator(f"{WIDGET} .m.a .who")).to_have_text("Priya")
    visitor.screenshot(path=str(artifacts / "chat-widget-conversation-te.png"))

    # A reload keeps the conversation (token in localStorage, history from the server).
    visitor.reload()
    # It was open before the reload, so it opens again by itself.
    expect(visitor.locator(f"{WIDGET} .panel")).to_be_visible()
    expect(visitor.locator(f"{WIDGET} .m")).to_have_count(2)
    expect(visitor.locator(f"{WIDGET} .m").first).to_contain_text(TELUGU)

    # The server goes away mid-conversation; what the visitor types meanwhile is kept
    # in the outbox and sent when the widget has reconnected.
    asgi_server.stop()
    visitor_says(visitor, "సర్వర్ లేనప్పుడు రాసిన సందేశం")
    expect(visitor.locator(f"{WIDGET} .m.v").last).to_contain_text("సర్వర్ లేనప్పుడు")
    outbox_key = f"samadhan.{inbox.public_id}.outbox"
    outbox = json.loads(visitor.evaluate(f"() => localStorage.getItem('{outbox_key}')"))
    assert [item["text"] for item in outbox] == ["సర్వర్ లేనప్పుడు రాసిన సందేశం"]
    asgi_server.start()
    until(
        lambda: (
            Message.objects.filter(ticket=ticket, body_text="సర్వర్ లేనప్పుడు రాసిన సందేశం").count() == 1
        ),
        timeout=60,
    )
    agent_replies(agent, asgi_server, workspace, "అందింది, ధన్యవాదాలు")
    expect(visitor.locator(f"{WIDGET} .m.a").last).to_contain_text("అందింది", timeout=60_000)
    assert visitor.evaluate(f"() => localStorage.getItem('{outbox_key}')") == "[]"
    kinds = list(
        Message.objects.filter(ticket=ticket).order_by("id").values_list("kind", flat=True)
    )
    assert kinds == [
        MessageKind.INBOUND,
        MessageKind.OUTBOUND,
        MessageKind.INBOUND,
        MessageKind.OUTBOUND,
    ]
    visitor_ctx.close()
    agent_ctx.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_widget_in_every_language_fits_its_text(
    lang: str, browser: Browser, shop: Shop, artifacts: Path
) -> None:
    host_site = shop.site
    ctx = browser.new_context(viewport={"width": 420, "height": 760})
    page = ctx.new_page()
    open_widget(page, host_site, lang)
    expect(page.locator(f"{WIDGET} .panel")).to_have_attribute("role", "dialog")
    expect(page.locator(f"{WIDGET} .note").first).to_contain_text("Namaste!")
    # The config came back in the page's language (the catalogue may still be English).
    assert page.locator(f"{WIDGET} .w").get_attribute("lang") == lang
    # Keyboard only: the message box has the focus, Escape closes and returns to the button.
    assert (
        page.evaluate(
            "() => document.querySelector('#samadhan-chat').shadowRoot.activeElement?.tagName"
        )
        == "TEXTAREA"
    )
    visitor_says(page, {"en": "Hello", "hi": "नमस्ते, मेरा ऑर्डर", "mr": "माझे पार्सल",
                        "te": "నమస్తే", "lv": "Sveiki, kur ir mans sūtījums?"}[lang])  # fmt: skip
    expect(page.locator(f"{WIDGET} .m.v .tick")).to_contain_text("✓")
    page.screenshot(path=str(artifacts / f"chat-widget-{lang}.png"))
    problems = page.locator(WIDGET).evaluate(OVERFLOW_JS)
    assert problems == []
    page.keyboard.press("Escape")
    expect(page.locator(f"{WIDGET} .panel")).to_be_hidden()
    ctx.close()


def test_an_admin_sets_up_the_chat_and_copies_the_snippet(
    browser: Browser, shop: Shop, artifacts: Path
) -> None:
    ctx = browser.new_context(viewport={"width": 1366, "height": 900})
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=shop.server.url)
    page = ctx.new_page()
    log_in(page, shop.server)
    page.goto(f"{shop.server.url}/t/{shop.workspace.slug}/settings/inboxes/")
    page.get_by_label("Channel").select_option("chat")
    page.get_by_label("Inbox name").fill("Hindi website")
    page.get_by_role("button", name="Create inbox").click()
    expect(page.locator("#chat-snippet")).to_contain_text("data-samadhan-inbox=")
    page.get_by_label("Websites allowed to show the chat").fill("https://shop.example.in")
    page.get_by_label("Greeting in हिन्दी").fill("नमस्ते! हम आपकी क्या मदद करें?")
    page.screenshot(path=str(artifacts / "chat-settings.png"), full_page=True)
    page.get_by_role("button", name="Copy the snippet").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert 'data-samadhan-inbox="' in copied
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/settings/inboxes/")
    saved = ChatSettings.objects.get(inbox__name="Hindi website")
    assert saved.allowed_origins == ["https://shop.example.in"]
    assert saved.greeting == {"hi": "नमस्ते! हम आपकी क्या मदद करें?"}
    ctx.close()
