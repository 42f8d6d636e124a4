from __future__ import annotations

import re

import pytest
from django.test import Client

from samadhan.channels.models import Inbox, InboxKind
from samadhan.channels.services import inbox_create
from samadhan.channels.web_form.views import SUBMISSIONS_PER_HOUR
from samadhan.testing.factories import make_workspace
from samadhan.tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db


def _csrf(client: Client, url: str, language: str = "en") -> str:
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert match is not None
    return match.group(1)


@pytest.fixture
def inbox() -> Inbox:
    return inbox_create(workspace=make_workspace("acme"), kind=InboxKind.WEB_FORM, name="Website")


def _post(client: Client, url: str, **fields: str) -> tuple[int, str]:
    data = {
        "name": "सुनीता पाटील",
        "email": "Sunita@Example.in",
        "subject": "पार्सल मिळाले नाही",
        "message": "माझे पार्सल अजून मिळाले नाही.\nकृपया मदत करा.",
        "website": "",
        "csrfmiddlewaretoken": _csrf(client, url),
        **fields,
    }
    response = client.post(url, data)
    return response.status_code, response.content.decode()


def test_a_customer_opens_a_ticket_through_the_form(inbox: Inbox) -> None:
    client = Client(enforce_csrf_checks=True)
    url = f"/forms/{inbox.public_id}/"

    status, page = _post(client, url)

    assert status == 200
    ticket = Ticket.objects.get(workspace=inbox.workspace)
    assert f"#{ticket.number}" in page
    assert ticket.subject == "पार्सल मिळाले नाही"
    assert ticket.channel == "web_form"
    assert ticket.inbox == inbox
    assert ticket.contact.name == "सुनीता पाटील"
    assert ticket.contact.identities.get().normalized == "sunita@example.in"
    message = Message.objects.get(ticket=ticket)
    assert message.body_text == "माझे पार्सल अजून मिळाले नाही.\nकृपया मदत करा."


def test_the_form_refuses_a_post_without_csrf_token(inbox: Inbox) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/forms/{inbox.public_id}/", {"name": "x"})
    assert response.status_code == 403
    assert not Ticket.objects.exists()


def test_invalid_input_is_shown_again_with_errors_and_nothing_is_created(inbox: Inbox) -> None:
    client = Client(enforce_csrf_checks=True)
    status, page = _post(client, f"/forms/{inbox.public_id}/", email="not-an-email")
    assert status == 422
    assert 'id="id_email-error"' in page
    assert "पार्सल मिळाले नाही" in page  # what the customer typed is kept
    assert not Ticket.objects.exists()


def test_the_honeypot_keeps_bots_out_silently(inbox: Inbox) -> None:
    client = Client(enforce_csrf_checks=True)
    status, _page = _post(client, f"/forms/{inbox.public_id}/", website="http://spam.example")
    assert status == 200
    assert not Ticket.objects.exists()


def test_submissions_are_rate_limited_per_address(inbox: Inbox) -> None:
    client = Client(enforce_csrf_checks=True)
    url = f"/forms/{inbox.public_id}/"
    statuses = [
        _post(client, url, subject=f"request {i}")[0] for i in range(SUBMISSIONS_PER_HOUR + 1)
    ]
    assert statuses == [200] * SUBMISSIONS_PER_HOUR + [429]
    assert Ticket.objects.count() == SUBMISSIONS_PER_HOUR


def test_unknown_or_non_form_inboxes_are_not_found(inbox: Inbox) -> None:
    api_inbox = inbox_create(workspace=inbox.workspace, kind=InboxKind.API, name="API")
    client = Client()
    assert client.get("/forms/nope/").status_code == 404
    assert client.get(f"/forms/{api_inbox.public_id}/").status_code == 404
