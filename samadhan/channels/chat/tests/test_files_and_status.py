"""Attachments from visitors, and when the widget says the team is online."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from samadhan.accounts.models import Role
from samadhan.accounts.services import team_create
from samadhan.channels.chat.selectors import chat_status
from samadhan.channels.chat.tests.conftest import Chat, Visitor
from samadhan.channels.services import inbox_update
from samadhan.realtime.presence import PresenceStatus, presence_set
from samadhan.testing.factories import make_agent
from samadhan.tickets.models import Message
from samadhan.workspaces.services import workspace_update

pytestmark = pytest.mark.django_db
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def _upload(visitor: Visitor, name: str, data: bytes, content_type: str) -> object:
    return visitor.client.post(
        f"{visitor.chat.base}/uploads",
        {"file": SimpleUploadedFile(name, data, content_type=content_type)},
        headers={"Authorization": f"Bearer {visitor.token}"},
    )


def test_a_visitor_sends_a_photo_and_fetches_it_back(chat: Chat) -> None:
    visitor = Visitor(chat)
    visitor.start()
    uploaded = _upload(visitor, "parcel.png", PNG, "image/png")
    assert uploaded.status_code == 201  # type: ignore[attr-defined]
    token = uploaded.json()["upload"]  # type: ignore[attr-defined]

    # Another visitor cannot attach it to their own message.
    thief = Visitor(chat)
    thief.start()
    stolen = thief.post("messages", {"client_id": "t1", "text": "", "uploads": [token]})
    assert stolen.status_code == 422
    assert stolen.json()["message"] == "Unknown upload; attach the file again."

    sent = visitor.post("messages", {"client_id": "p1", "text": "", "uploads": [token]})
    assert sent.status_code == 201
    message = Message.objects.get(pk=sent.json()["message_id"])
    assert [a.filename for a in message.attachments.all()] == ["parcel.png"]
    assert message.body_text == "parcel.png"  # a ticket opens with a text: the file's name
    shown = visitor.get("messages").json()["messages"][0]["attachments"][0]
    assert (shown["filename"], shown["content_type"], shown["size"]) == (
        "parcel.png",
        "image/png",
        len(PNG),
    )
    image = visitor.client.get(shown["url"])
    assert image.status_code == 200
    assert b"".join(image.streaming_content) == PNG  # type: ignore[attr-defined]
    assert image["Content-Disposition"] == "inline"
    assert image["Content-Security-Policy"] == "sandbox"
    assert visitor.client.get(shown["url"] + "x").status_code == 404


def test_other_file_types_and_big_files_are_refused(chat: Chat, settings: object) -> None:
    visitor = Visitor(chat)
    visitor.start()
    script = _upload(visitor, "a.html", b"<script>alert(1)</script>", "text/html")
    assert script.status_code == 415  # type: ignore[attr-defined]
    assert script.json()["message"] == (  # type: ignore[attr-defined]
        "Send images (PNG, JPEG, GIF, WebP), PDF or plain text files."
    )
    settings.SAMADHAN = {**settings.SAMADHAN, "MAX_ATTACHMENT_BYTES": 10}  # type: ignore[attr-defined]
    big = _upload(visitor, "big.png", PNG, "image/png")
    assert big.status_code == 413  # type: ignore[attr-defined]


def test_online_needs_an_agent_of_the_team_online_within_business_hours(chat: Chat) -> None:
    settings = chat.settings
    assert chat_status(settings) == {"online": False, "reason": "away"}
    presence_set(
        workspace_id=chat.workspace.pk, agent_id=chat.agent.pk, status=PresenceStatus.ONLINE
    )
    assert chat_status(settings) == {"online": True, "reason": "open"}

    # With a team, only its members count.
    team = team_create(workspace=chat.workspace, name="Chat team")
    inbox_update(inbox=chat.inbox, by=None, default_team=team, set_default_team=True)
    settings.inbox.refresh_from_db()
    assert chat_status(settings) == {"online": False, "reason": "away"}
    member = make_agent(chat.workspace, role=Role.AGENT)
    team.members.add(member)
    presence_set(workspace_id=chat.workspace.pk, agent_id=member.pk, status=PresenceStatus.ONLINE)
    assert chat_status(settings) == {"online": True, "reason": "open"}

    workspace_update(
        workspace=chat.workspace,
        by=None,
        timezone="Asia/Kolkata",
        business_hours={"mon": [["09:00", "18:00"]]},
    )
    settings.inbox.workspace.refresh_from_db()
    monday_ist = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)  # 15:30 in Kolkata
    with time_machine.travel(monday_ist, tick=False):
        assert chat_status(settings)["online"] is True
    with time_machine.travel(monday_ist + datetime.timedelta(hours=3), tick=False):
        assert chat_status(settings) == {"online": False, "reason": "closed"}
