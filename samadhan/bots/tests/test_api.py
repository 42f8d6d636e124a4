"""``GET/PATCH /api/v1/inboxes/{id}/bot``: admins only, the API key never read back."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from samadhan.accounts.models import Role
from samadhan.audit.models import AuditEntry
from samadhan.bots.models import DEFAULT_THRESHOLD, BotSettings
from samadhan.channels.email.services import email_inbox_create
from samadhan.channels.models import InboxKind
from samadhan.channels.services import inbox_create
from samadhan.conftest import Seat
from samadhan.testing.api_client import body

pytestmark = pytest.mark.django_db


def test_get_and_patch_with_a_write_only_key(seat: Seat) -> None:
    inbox = email_inbox_create(
        workspace=seat.workspace, name="Support", address="help@acme.example", by=None
    )
    response = seat.api.get(f"inboxes/{inbox.pk}/bot")
    assert body(response) == {
        "inbox_id": inbox.pk,
        "enabled": False,
        "answer_chat": True,
        "answer_email": True,
        "threshold": DEFAULT_THRESHOLD,
        "max_articles": 3,
        "generative": False,
        "llm_url": "",
        "llm_model": "",
        "llm_api_key_set": False,
    }
    assert not BotSettings.objects.exists()  # reading creates nothing

    changed = seat.api.patch(
        f"inboxes/{inbox.pk}/bot",
        {
            "enabled": True,
            "threshold": 0.9,
            "generative": True,
            "llm_url": "https://llm.example/v1/",
            "llm_model": "small",
            "llm_api_key": "sk-secret",
        },
    )
    assert changed.status_code == 200, changed.content
    data = body(changed)
    assert (data["enabled"], data["threshold"], data["llm_url"]) == (
        True,
        0.9,
        "https://llm.example/v1",
    )
    assert data["llm_api_key_set"] is True
    assert "sk-secret" not in changed.content.decode()
    assert BotSettings.objects.get(inbox=inbox).llm_api_key == "sk-secret"
    entry = AuditEntry.objects.get(action="bot_settings.updated")
    assert entry.changes["llm_api_key"] == "***"
    # Absent fields stay as they are.
    again = body(seat.api.patch(f"inboxes/{inbox.pk}/bot", {"max_articles": 2}))
    assert (again["max_articles"], again["llm_api_key_set"], again["enabled"]) == (2, True, True)


def test_bad_values_and_other_inbox_kinds_are_refused(seat: Seat) -> None:
    inbox = email_inbox_create(
        workspace=seat.workspace, name="Support", address="help@acme.example", by=None
    )
    for payload in ({"threshold": 3}, {"max_articles": 9}, {"llm_url": "ftp://x"}, {"x": 1}):
        response = seat.api.patch(f"inboxes/{inbox.pk}/bot", payload)
        assert response.status_code == 422, payload
    form = inbox_create(workspace=seat.workspace, kind=InboxKind.WEB_FORM, name="Form", by=None)
    refused = seat.api.patch(f"inboxes/{form.pk}/bot", {"enabled": True})
    assert (refused.status_code, body(refused)["code"]) == (422, "validation_error")


def test_agents_may_not_read_or_change_it(seat_factory: Callable[..., Seat]) -> None:
    admin = seat_factory()
    agent = seat_factory(workspace=admin.workspace, role=Role.AGENT)
    inbox = email_inbox_create(
        workspace=admin.workspace, name="Support", address="help@acme.example", by=None
    )
    assert agent.api.get(f"inboxes/{inbox.pk}/bot").status_code == 403
    assert agent.api.patch(f"inboxes/{inbox.pk}/bot", {"enabled": True}).status_code == 403
