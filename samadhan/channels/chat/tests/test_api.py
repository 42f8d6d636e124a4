"""Chat inboxes over the inbox API: options in and out, the identity secret write-only."""

from __future__ import annotations

import pytest

from samadhan.channels.chat.models import ChatSettings
from samadhan.conftest import Seat
from samadhan.testing.api_client import body

pytestmark = pytest.mark.django_db


def test_create_read_patch_a_chat_inbox_and_rotate_its_secret(seat: Seat) -> None:
    created = seat.api.post(
        "inboxes",
        {
            "kind": "chat",
            "name": "Website chat",
            "chat": {
                "allowed_origins": ["https://Shop.Example.in/any/page", "http://localhost:3000"],
                "color": "#0a7d5a",
                "greeting": {"": "Hello!", "hi": "नमस्ते!"},
            },
        },
    )
    assert created.status_code == 201, created.content
    inbox = body(created)
    chat = inbox["chat"]
    assert inbox["kind"] == "chat"
    assert chat["allowed_origins"] == ["https://shop.example.in", "http://localhost:3000"]
    assert chat["greeting"] == {"": "Hello!", "hi": "नमस्ते!"}
    assert chat["identity_secret_set"] is True
    assert "secret" not in str(chat).replace("identity_secret_set", "")
    assert f'data-samadhan-inbox="{chat["public_id"]}"' in chat["snippet"]

    patched = seat.api.patch(
        f"inboxes/{inbox['id']}", {"chat": {"position": "left", "prechat_form": True}}
    )
    assert (body(patched)["chat"]["position"], body(patched)["chat"]["prechat_form"]) == (
        "left",
        True,
    )
    refused = seat.api.patch(f"inboxes/{inbox['id']}", {"chat": {"color": "green"}})
    assert refused.status_code == 422
    assert body(refused)["fields"] == {"chat.color": ["Give a colour as #RRGGBB."]}

    rotated = seat.api.post(f"inboxes/{inbox['id']}/identity-secret")
    assert rotated.status_code == 201
    secret = body(rotated)["secret"]
    assert ChatSettings.objects.get(inbox_id=inbox["id"]).identity_secret == secret
    assert secret not in seat.api.get(f"inboxes/{inbox['id']}").content.decode()


def test_chat_options_only_on_chat_inboxes(seat: Seat) -> None:
    refused = seat.api.post("inboxes", {"kind": "web_form", "name": "Form", "chat": {}})
    assert refused.status_code == 422
    form = body(seat.api.post("inboxes", {"kind": "web_form", "name": "Form"}))
    assert form["chat"] is None
    assert seat.api.post(f"inboxes/{form['id']}/identity-secret").status_code == 422
