"""The answer bot's settings page, linked from the inbox's page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samadhan.accounts.models import Role
from samadhan.bots.models import BotSettings
from samadhan.channels.email.services import email_inbox_create
from samadhan.channels.models import InboxKind
from samadhan.channels.services import inbox_create
from samadhan.conftest import Seat
from samadhan.testing.factories import make_agent
from samadhan.ui.tests import flashes, signed_in

pytestmark = pytest.mark.django_db


def test_an_admin_turns_the_bot_on_and_the_key_stays_hidden(seat: Seat) -> None:
    ws = seat.workspace
    inbox = email_inbox_create(workspace=ws, name="Support", address="help@acme.example", by=None)
    client = signed_in(seat.agent)
    page = reverse("ui:settings_inbox_bot", args=[ws.slug, inbox.pk])
    detail = client.get(reverse("ui:settings_inbox", args=[ws.slug, inbox.pk]))
    assert f'href="{page}"' in detail.content.decode()

    shown = client.get(page)
    assert shown.status_code == 200
    assert "Measured default: 0." in shown.content.decode()
    form = {
        "enabled": "on",
        "answer_email": "on",
        "threshold": "0.9",
        "max_articles": "2",
        "generative": "on",
        "llm_url": "https://llm.example/v1",
        "llm_model": "small",
        "llm_api_key": "sk-secret",
    }
    saved = client.post(page, form, follow=True)
    assert flashes(saved) == ["The answer bot's settings are saved."]
    bot = BotSettings.objects.get(inbox=inbox)
    assert (bot.enabled, bot.answer_chat, bot.answer_email, bot.threshold) == (
        True,
        False,
        True,
        0.9,
    )
    assert (bot.max_articles, bot.generative, bot.llm_api_key) == (2, True, "sk-secret")
    html = saved.content.decode()
    assert "sk-secret" not in html
    assert "API key: saved." in html
    # An empty key field keeps the saved key.
    client.post(page, {**form, "llm_api_key": ""})
    assert BotSettings.objects.get(inbox=inbox).llm_api_key == "sk-secret"
    refused = client.post(page, {**form, "threshold": "5"})
    assert refused.status_code == 422


def test_only_admins_and_only_chat_or_email_inboxes(seat: Seat) -> None:
    ws = seat.workspace
    form = inbox_create(workspace=ws, kind=InboxKind.WEB_FORM, name="Form", by=None)
    client = signed_in(seat.agent)
    assert client.get(reverse("ui:settings_inbox_bot", args=[ws.slug, form.pk])).status_code == 404
    email = email_inbox_create(workspace=ws, name="Support", address="help@acme.example", by=None)
    agent = signed_in(make_agent(ws, role=Role.AGENT))
    response = agent.get(reverse("ui:settings_inbox_bot", args=[ws.slug, email.pk]))
    assert response.status_code in (403, 404)
