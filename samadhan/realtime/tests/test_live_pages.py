"""What the live pages fetch: one message partial, access-checked like the ticket page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from samadhan.accounts.models import Role
from samadhan.accounts.services import team_create
from samadhan.testing.factories import make_agent, make_ticket, make_workspace

pytestmark = pytest.mark.django_db


def test_message_partial_is_the_thread_item_and_needs_access() -> None:
    ws = make_workspace()
    agent = make_agent(ws, name="Asha")
    collaborator = make_agent(ws, role=Role.COLLABORATOR)
    team_create(workspace=ws, name="Billing", members=[collaborator])
    ticket = make_ticket(ws, body="Parcel never came")
    message = ticket.messages.get()
    url = reverse("ui:ticket_message_item", args=[ws.slug, ticket.number, message.pk])

    client = Client()
    client.force_login(agent)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<li class="msg inbound" id="m{message.pk}">')
    assert "Parcel never came" in html

    client.force_login(collaborator)  # the ticket has no team: not theirs
    assert client.get(url).status_code == 404
    client.force_login(make_agent(make_workspace()))
    assert client.get(url).status_code == 404
    client.force_login(agent)
    other = reverse("ui:ticket_message_item", args=[ws.slug, ticket.number, message.pk + 999])
    assert client.get(other).status_code == 404


def test_pages_carry_the_socket_and_its_sentences() -> None:
    ws = make_workspace()
    agent = make_agent(ws)
    ticket = make_ticket(ws)
    client = Client()
    client.force_login(agent)
    page = client.get(reverse("ui:ticket", args=[ws.slug, ticket.number])).content.decode()
    assert f'data-ws-path="/ws/agent/{ws.slug}/"' in page
    assert f'data-agent-id="{agent.pk}"' in page
    assert f'data-ticket-id="{ticket.pk}"' in page
    assert 'data-t-typing-reply="{name} is typing a reply…"' in page
    assert 'id="live-announcer"' in page
    inbox = client.get(reverse("ui:inbox", args=[ws.slug])).content.decode()
    assert "data-live-inbox" in inbox
    assert "realtime-counts from:body" in inbox
