"""Chat inboxes in the admin settings: create, configure the widget, copy the snippet, rotate."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from samadhan.channels.chat.models import ChatSettings
from samadhan.channels.email.services import email_inbox_create
from samadhan.channels.models import Inbox, InboxKind
from samadhan.conftest import Seat

pytestmark = pytest.mark.django_db


def test_an_admin_creates_and_configures_a_chat_inbox(seat: Seat) -> None:
    ws = seat.workspace
    client = Client()
    client.force_login(seat.agent)
    mail = email_inbox_create(workspace=ws, name="Mail", address="help@shop.example", by=None)
    created = client.post(
        f"/t/{ws.slug}/settings/inboxes/", {"kind": "chat", "name": "Website chat"}
    )
    assert created.status_code == 302
    inbox = Inbox.objects.get(workspace=ws, kind=InboxKind.CHAT)
    page = client.get(created["Location"]).content.decode()
    assert f"data-samadhan-inbox=&quot;{inbox.public_id}&quot;" in page
    assert "Copy the snippet" in page
    assert ChatSettings.objects.get(inbox=inbox).identity_secret not in page

    saved = client.post(
        created["Location"],
        {
            "name": "Website chat",
            "is_active": "on",
            "chat-allowed_origins": "https://shop.example.in\nhttps://www.shop.example.in/",
            "chat-color": "#aa3300",
            "chat-position": "left",
            "chat-greeting": "Hello!",
            "chat-greeting_te": "నమస్తే!",
            "chat-offline_email_inbox": str(mail.pk),
            "chat-expected_reply_minutes": "3",
            "chat-prechat_form": "on",
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    settings = ChatSettings.objects.get(inbox=inbox)
    assert settings.allowed_origins == ["https://shop.example.in", "https://www.shop.example.in"]
    assert (settings.color, settings.position, settings.prechat_form) == ("#aa3300", "left", True)
    assert settings.greeting == {"": "Hello!", "te": "నమస్తే!"}
    assert settings.offline_email_inbox == mail

    refused = client.post(
        created["Location"],
        {
            "name": "Website chat",
            "chat-allowed_origins": "not a website",
            "chat-color": "#aa3300",
            "chat-position": "left",
            "chat-expected_reply_minutes": "3",
        },
    )
    assert refused.status_code == 422
    assert "Not a website origin" in refused.content.decode()

    old = settings.identity_secret
    rotated = client.post(reverse("ui:settings_inbox_identity_secret", args=[ws.slug, inbox.pk]))
    settings.refresh_from_db()
    assert settings.identity_secret != old
    assert settings.identity_secret in rotated.content.decode()
