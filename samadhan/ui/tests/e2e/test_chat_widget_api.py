"""The widget's JavaScript API on the host page: identify, events, unread, language, photos."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, WebSocketRoute, expect

from samadhan.accounts.models import Agent
from samadhan.channels.chat.models import ChatSettings
from samadhan.channels.chat.services import ChatSettingsChanges, chat_settings_update
from samadhan.channels.chat.tests.browser import (
    WIDGET,
    Shop,
    host_site,
    open_widget,
    shop,
    until,
)
from samadhan.testing.asgi_server import asgi_server, asgi_server_factory
from samadhan.testing.factories import make_token
from samadhan.tickets.models import Message, Ticket

__all__ = ["asgi_server", "asgi_server_factory", "host_site", "shop"]  # fixtures
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def api_reply(shop: Shop, token: str, number: int, text: str) -> None:
    """The agent answers through the server's REST API (so the server publishes it)."""
    request = urllib.request.Request(
        f"{shop.server.url}/api/v1/tickets/{number}/messages",
        data=json.dumps({"body": text, "kind": "reply"}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 201


def identify(page: Page, secret: str) -> None:
    user_hash = hmac.new(secret.encode(), b"cust-42", hashlib.sha256).hexdigest()
    page.wait_for_function("() => window.Samadhan && window.Samadhan.loaded")
    page.evaluate(
        "(h) => Samadhan.identify({user_id: 'cust-42', email: 'meera@example.in', "
        "name: 'Meera', user_hash: h})",
        user_hash,
    )


def test_identified_user_events_unread_badge_language_and_photos(
    browser: Browser, shop: Shop, tmp_path: Path, artifacts: Path
) -> None:
    secret = ChatSettings.objects.get(inbox=shop.inbox).identity_secret
    agent = Agent.objects.get(email="priya@shop.test")
    token = make_token(shop.workspace, agent)

    phone = browser.new_context(viewport={"width": 400, "height": 760}).new_page()
    open_widget(phone, shop.site, "en")
    identify(phone, secret)
    phone.locator(f"{WIDGET} textarea").fill("Written on my phone")
    phone.locator(f"{WIDGET} textarea").press("Enter")
    ticket = until(lambda: Ticket.objects.filter(workspace=shop.workspace).first())
    assert ticket.contact.name == "Meera"

    # The same signed-in user on a laptop sees the same conversation.
    laptop_ctx = browser.new_context(viewport={"width": 1200, "height": 800})
    laptop = laptop_ctx.new_page()
    laptop.goto(f"{shop.site.origin}/en.html")
    identify(laptop, secret)
    laptop.evaluate(
        "() => { window.seen = []; window.unread = [];"
        " Samadhan.on('message', m => seen.push(m.text));"
        " Samadhan.on('unread', n => unread.push(n));"
        " Samadhan.on('open', () => seen.push('opened')); }"
    )
    laptop.evaluate("() => Samadhan.open()")
    expect(laptop.locator(f"{WIDGET} .m.v")).to_contain_text("Written on my phone")
    laptop.evaluate("() => Samadhan.close()")
    expect(laptop.locator(f"{WIDGET} .panel")).to_be_hidden()

    # A reply while the panel is closed: an event, a badge, an unread count.
    api_reply(shop, token, ticket.number, "We found your parcel")
    expect(laptop.locator(f"{WIDGET} .badge")).to_have_text("1")
    assert laptop.evaluate("() => window.seen") == ["opened", "We found your parcel"]
    assert laptop.evaluate("() => window.unread")[-1] == 1
    laptop.screenshot(path=str(artifacts / "chat-widget-unread-badge.png"))
    laptop.locator(f"{WIDGET} .launch").click()
    expect(laptop.locator(f"{WIDGET} .badge")).to_be_hidden()
    assert laptop.evaluate("() => window.unread")[-1] == 0

    # setLanguage fetches the widget's strings in that language.
    laptop.evaluate("() => Samadhan.setLanguage('hi')")
    expect(laptop.locator(f"{WIDGET} .w")).to_have_attribute("lang", "hi")

    # A photo: uploaded, previewed, stored on the ticket.
    photo = tmp_path / "parcel.png"
    photo.write_bytes(PNG)
    laptop.locator(f"{WIDGET} input[type=file]").set_input_files(str(photo))
    expect(laptop.locator(f"{WIDGET} .m.v img")).to_have_count(1)
    until(
        lambda: Message.objects.filter(ticket=ticket, attachments__filename="parcel.png").exists()
    )
    laptop.reload()
    expect(laptop.locator(f"{WIDGET} .panel")).to_be_visible()  # open before, open again
    image = laptop.locator(f"{WIDGET} .m.v img")
    expect(image).to_have_count(1)
    loaded: Any = image.evaluate("img => img.complete && img.naturalWidth")
    assert loaded == 1
    laptop_ctx.close()


def test_without_websockets_the_widget_falls_back_to_http(
    browser: Browser, shop: Shop, artifacts: Path
) -> None:
    agent = Agent.objects.get(email="priya@shop.test")
    token = make_token(shop.workspace, agent)
    ctx = browser.new_context(viewport={"width": 400, "height": 760})
    ctx.set_default_timeout(30_000)
    page = ctx.new_page()
    closed: list[str] = []

    def refuse(ws: WebSocketRoute) -> None:
        # A proxy that will not carry websockets.
        closed.append(ws.url)
        ws.close(code=4000, reason="no websockets here")

    page.route_web_socket(re.compile(r"/ws/chat/"), refuse)
    open_widget(page, shop.site, "lv")
    page.locator(f"{WIDGET} textarea").fill("Sveiki! Kur ir mans sūtījums?")
    page.locator(f"{WIDGET} textarea").press("Enter")
    expect(page.locator(f"{WIDGET} .m.v .tick")).to_contain_text("✓")
    ticket = until(lambda: Ticket.objects.filter(workspace=shop.workspace).first())
    # It keeps trying (route handlers run while Playwright waits, not in time.sleep).
    page.wait_for_timeout(4000)
    assert len(closed) >= 2

    api_reply(shop, token, ticket.number, "Rīt būs klāt")
    expect(page.locator(f"{WIDGET} .m.a")).to_contain_text("Rīt būs klāt")
    assert Message.objects.filter(ticket=ticket).count() == 2
    ctx.close()


def test_pre_chat_form_then_the_conversation(browser: Browser, shop: Shop, artifacts: Path) -> None:
    settings = ChatSettings.objects.get(inbox=shop.inbox)
    chat_settings_update(
        chat_settings=settings, by=None, changes=ChatSettingsChanges(prechat_form=True)
    )
    ctx = browser.new_context(viewport={"width": 400, "height": 760})
    page = ctx.new_page()
    open_widget(page, shop.site, "mr")
    expect(page.locator(f"{WIDGET} textarea")).to_be_hidden()
    page.screenshot(path=str(artifacts / "chat-widget-prechat-mr.png"))
    page.locator(f"{WIDGET} #sm-name").fill("सुनीता पाटील")
    page.locator(f"{WIDGET} #sm-email").fill("sunita@example.in")
    page.locator(f"{WIDGET} #sm-email").press("Enter")
    expect(page.locator(f"{WIDGET} textarea")).to_be_visible()
    page.locator(f"{WIDGET} textarea").fill("माझे पार्सल आले नाही")
    page.locator(f"{WIDGET} textarea").press("Enter")
    ticket = until(lambda: Ticket.objects.filter(workspace=shop.workspace).first())
    assert ticket.contact.name == "सुनीता पाटील"
    assert ticket.contact.identities.filter(normalized="sunita@example.in").exists()
    ctx.close()
