"""The ticket page's composer: replies, notes, mentions, attachments, refusals."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from samadhan.accounts.models import Role
from samadhan.notifications.models import Notification
from samadhan.testing.factories import make_agent, make_ticket
from samadhan.tickets.models import (
    Message,
    MessageKind,
    Priority,
    Status,
)
from samadhan.ui.tests import change, flashes, signed_in
from samadhan.ui.tests.ticket.support import Desk, url

pytestmark = pytest.mark.django_db


def test_reply_with_status(desk: Desk) -> None:
    response = desk.post(
        "ticket_message", {"kind": "reply", "body": "నమస్కారం, పంపాము", "then_status": "pending"}
    )
    assert flashes(response) == ["Reply sent."]
    assert response.redirect_chain[-1][0] == url(desk.seat, "ticket", desk.ticket.number)
    reply = Message.objects.filter(ticket=desk.ticket, kind=MessageKind.OUTBOUND).get()
    assert reply.body_text == "నమస్కారం, పంపాము"
    assert reply.author_agent_id == desk.seat.agent.pk
    assert desk.reload().status == Status.PENDING
    assert desk.ticket.first_response_at is not None


def test_note_with_a_mention_notifies_the_colleague(desk: Desk) -> None:
    handle = desk.colleague.handle
    response = desk.post("ticket_message", {"kind": "note", "body": f"@{handle} can you call him?"})
    assert flashes(response) == ["Note added."]
    note = Message.objects.get(ticket=desk.ticket, kind=MessageKind.NOTE)
    notification = Notification.objects.get()
    assert (notification.agent_id, notification.ticket_id, notification.message_id) == (
        desk.colleague.pk,
        desk.ticket.pk,
        note.pk,
    )
    assert notification.actor_id == desk.seat.agent.pk
    # The composer offers the colleagues to mention, not oneself.
    page = desk.client.get(url(desk.seat, "ticket", desk.ticket.number)).content.decode()
    assert f"&quot;handle&quot;: &quot;{handle}&quot;" in page
    assert f"&quot;{desk.seat.agent.handle}&quot;" not in page


def test_a_reply_does_not_notify_mentions(desk: Desk) -> None:
    desk.post("ticket_message", {"kind": "reply", "body": f"@{desk.colleague.handle} hi"})
    assert not Notification.objects.exists()


def test_attachments(desk: Desk) -> None:
    files = [
        SimpleUploadedFile("bill.txt", b"rupees 450", content_type="text/plain"),
        SimpleUploadedFile("photo.png", b"\x89PNG....", content_type="image/png"),
    ]
    response = desk.post("ticket_message", {"kind": "note", "body": "Bill", "files": files})
    assert flashes(response) == ["Note added."]
    note = Message.objects.get(ticket=desk.ticket, kind=MessageKind.NOTE)
    assert sorted(a.filename for a in note.attachments.all()) == ["bill.txt", "photo.png"]
    page = response.content.decode()
    assert "bill.txt" in page
    assert "photo.png" in page


def test_a_file_without_text_is_a_message_of_its_own(desk: Desk) -> None:
    # A photo of the damaged parcel needs no words.
    photo = SimpleUploadedFile("photo.png", b"\x89PNG....", content_type="image/png")
    response = desk.post("ticket_message", {"kind": "note", "body": "", "files": [photo]})
    assert response.status_code == 200
    note = Message.objects.get(ticket=desk.ticket, kind=MessageKind.NOTE)
    assert note.body_text == ""
    assert [a.filename for a in note.attachments.all()] == ["photo.png"]
    assert "photo.png" in response.content.decode()


def test_a_refused_message_keeps_the_draft(desk: Desk) -> None:
    bad = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = desk.post("ticket_message", {"kind": "reply", "body": "draft కోసం", "files": [bad]})
    assert response.status_code == 200
    assert any("Files of this type are not accepted." in m for m in flashes(response))
    assert ">draft కోసం</textarea>" in response.content.decode()
    assert not Message.objects.filter(ticket=desk.ticket, kind=MessageKind.OUTBOUND).exists()
    # Shown once: the next load has an empty composer.
    page = desk.client.get(url(desk.seat, "ticket", desk.ticket.number)).content.decode()
    assert "draft కోసం" not in page


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("   ", "Write something or attach a file first."),
        ("x" * 200_001, "The message is longer than 200000 characters."),
    ],
)
def test_empty_or_huge_message_is_an_error(desk: Desk, body: str, error: str) -> None:
    response = desk.post("ticket_message", {"kind": "reply", "body": body})
    assert response.status_code == 200
    assert any(error in m for m in flashes(response))
    assert Message.objects.filter(ticket=desk.ticket).count() == 1


def test_collaborator_can_only_add_notes(desk: Desk) -> None:
    collaborator = make_agent(desk.seat.workspace, role=Role.COLLABORATOR)
    desk.team.members.add(collaborator)
    ticket = change(desk.ticket, desk.seat.agent, team_id=desk.team.pk, set_team=True)
    client = signed_in(collaborator)
    page = client.get(url(desk.seat, "ticket", ticket.number)).content.decode()
    assert 'value="reply"' not in page
    assert 'id="p-status"' not in page
    assert 'id="macro-select"' not in page
    assert 'id="merge-target"' not in page

    def post(name: str, data: dict[str, Any], *args: object) -> Any:
        return client.post(url(desk.seat, name, ticket.number, *args), data, follow=True)

    response = post("ticket_message", {"kind": "reply", "body": "Sneaky reply"})
    assert flashes(response) == ["Collaborators can only add internal notes."]
    response = post(
        "ticket_message", {"kind": "note", "body": "A note is fine", "then_status": "solved"}
    )
    assert flashes(response)[0] == "Note added."
    assert "Collaborators can only add internal notes." in flashes(response)
    response = post("ticket_properties", {"status": "solved", "priority": "urgent"})
    assert flashes(response) == ["Collaborators can only add internal notes."]
    for name in ("ticket_assign_me", "ticket_macro", "ticket_merge", "ticket_link"):
        assert client.post(url(desk.seat, name, ticket.number), {}).status_code == 403
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW
    assert ticket.priority == Priority.NORMAL
    assert list(Message.objects.filter(ticket=ticket).values_list("kind", flat=True)) == [
        "inbound",
        "note",
    ]
    # A ticket outside their teams does not exist for them.
    other = make_ticket(desk.seat.workspace)
    assert client.get(url(desk.seat, "ticket", other.number)).status_code == 404
    response = client.post(
        url(desk.seat, "ticket_message", other.number), {"kind": "note", "body": "x"}, follow=True
    )
    assert flashes(response) == ["Ticket not found."]
