from __future__ import annotations

from django.test import Client

from samadhan.accounts.models import Role
from samadhan.conftest import Seat
from samadhan.notifications.models import Notification
from samadhan.testing.factories import make_agent, make_ticket
from samadhan.tickets.models import MessageKind
from samadhan.tickets.services.message import message_create
from samadhan.tickets.timeline import Author


def _client(agent: object) -> Client:
    client = Client()
    client.force_login(agent)  # type: ignore[arg-type]
    return client


def test_a_mention_shows_in_the_bell_and_opens_the_message(seat: Seat) -> None:
    colleague = make_agent(seat.workspace, role=Role.AGENT, name="Lakshmi Reddy")
    ticket = make_ticket(seat.workspace)
    note = message_create(
        ticket=ticket,
        author=Author.of_agent(seat.agent),
        kind=MessageKind.NOTE,
        body_text=f"@{colleague.handle} దయచేసి చూడండి",
    )
    client = _client(colleague)
    inbox = client.get(f"/t/{seat.workspace.slug}/").content.decode()
    assert 'class="badge status-new"' in inbox
    page = client.get(f"/t/{seat.workspace.slug}/notifications/").content.decode()
    notification = Notification.objects.get(agent=colleague, message=note)
    assert f"#{ticket.number}" in page
    response = client.get(f"/t/{seat.workspace.slug}/notifications/{notification.pk}/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{ticket.number}/#m{note.pk}")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_notifications_are_private(seat: Seat) -> None:
    colleague = make_agent(seat.workspace, role=Role.AGENT)
    ticket = make_ticket(seat.workspace)
    message_create(
        ticket=ticket,
        author=Author.of_agent(seat.agent),
        kind=MessageKind.NOTE,
        body_text=f"@{colleague.handle} look",
    )
    notification = Notification.objects.get(agent=colleague)
    other = _client(seat.agent)
    url = f"/t/{seat.workspace.slug}/notifications/{notification.pk}/"
    assert other.get(url).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read(seat: Seat) -> None:
    colleague = make_agent(seat.workspace, role=Role.AGENT)
    for _n in range(3):
        message_create(
            ticket=make_ticket(seat.workspace),
            author=Author.of_agent(seat.agent),
            kind=MessageKind.NOTE,
            body_text=f"@{colleague.handle} look",
        )
    client = _client(colleague)
    client.post(f"/t/{seat.workspace.slug}/notifications/read")
    assert not Notification.objects.filter(agent=colleague, read_at__isnull=True).exists()
