"""The ticket page: the thread, its query counts, and 404s."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from samadhan.accounts.models import Agent
from samadhan.testing.factories import make_ticket, make_workspace
from samadhan.tickets.models import (
    MessageKind,
    Priority,
    Status,
    Ticket,
)
from samadhan.tickets.services.message import attachment_upload, message_create
from samadhan.tickets.timeline import CONTACT_AUTHOR, Author
from samadhan.ui.tests import change
from samadhan.ui.tests.ticket.support import T0, Desk, url

pytestmark = pytest.mark.django_db


def test_thread_shows_messages_notes_and_events_in_order(desk: Desk) -> None:
    agent = Author.of_agent(desk.seat.agent)
    with time_machine.travel(T0, tick=False):
        desk.ticket = make_ticket(desk.seat.workspace, contact=desk.ticket.contact)
    with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
        message_create(
            ticket=desk.ticket,
            author=agent,
            kind=MessageKind.OUTBOUND,
            body_text="FIRST-REPLY we are checking",
        )
    with time_machine.travel(T0 + timedelta(minutes=2), tick=False):
        message_create(
            ticket=desk.reload(),
            author=agent,
            kind=MessageKind.NOTE,
            body_text="SECOND-NOTE courier delayed",
        )
    with time_machine.travel(T0 + timedelta(minutes=3), tick=False):
        change(desk.ticket, desk.seat.agent, priority=Priority.HIGH)
    with time_machine.travel(T0 + timedelta(minutes=4), tick=False):
        message_create(
            ticket=desk.reload(),
            author=CONTACT_AUTHOR,
            kind=MessageKind.INBOUND,
            body_text="THIRD-INBOUND thank you",
        )
    response = desk.client.get(url(desk.seat, "ticket", desk.ticket.number))
    assert response.status_code == 200
    page = response.content.decode()
    markers = [
        "It has not arrived yet.",
        "FIRST-REPLY",
        "changed the status from New to Open.",
        "SECOND-NOTE",
        "changed the priority from Normal to High.",
        "THIRD-INBOUND",
    ]
    positions = [page.index(marker) for marker in markers]
    assert positions == sorted(positions)
    assert 'class="msg note"' in page
    assert 'class="msg outbound"' in page
    assert page.count('class="msg inbound"') == 2
    assert "Internal note" in page


def _add_messages(ticket: Ticket, agent: Agent, count: int) -> None:
    author = Author.of_agent(agent)
    for n in range(count):
        kind = (MessageKind.NOTE, MessageKind.OUTBOUND)[n % 2]
        message_create(ticket=ticket, author=author, kind=kind, body_text=f"message {n}")


def _page_queries(client: Client, path: str) -> tuple[int, str]:
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_a_long_thread_costs_the_same_queries(desk: Desk) -> None:
    path = url(desk.seat, "ticket", desk.ticket.number)
    ticket = desk.ticket
    upload = attachment_upload(
        workspace_id=desk.seat.workspace.pk,
        uploaded_by=desk.seat.agent,
        filename="photo.txt",
        content_type="text/plain",
        stream=SimpleUploadedFile("photo.txt", b"hello"),
        size=5,
    )
    message_create(
        ticket=ticket,
        author=Author.of_agent(desk.seat.agent),
        kind=MessageKind.NOTE,
        body_text="with a file",
        attachment_ids=[upload.pk],
    )
    _add_messages(ticket, desk.seat.agent, 9)
    change(ticket, desk.seat.agent, priority=Priority.HIGH)
    few, _page = _page_queries(desk.client, path)
    _add_messages(ticket, desk.colleague, 190)
    change(ticket, desk.seat.agent, priority=Priority.LOW, status=Status.PENDING)
    many, page = _page_queries(desk.client, path)
    assert page.count('class="msg ') == 201
    assert "message 189" in page
    assert "photo.txt" in page
    assert many == few


def test_a_ticket_of_another_workspace_or_none_at_all_is_404(desk: Desk) -> None:
    other = make_ticket(make_workspace(), subject="Secret")
    response = desk.client.get(url(desk.seat, "ticket", other.number + 100))
    assert response.status_code == 404
    assert "ui/ticket_missing.html" in [t.name for t in response.templates]
    assert desk.client.get(url(desk.seat, "ticket", 99999999999)).status_code == 404


def test_ticket_page_query_count_is_bounded(
    desk: Desk, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    path = url(desk.seat, "ticket", desk.ticket.number)
    desk.client.get(path)
    with django_assert_max_num_queries(25):
        desk.client.get(path)
