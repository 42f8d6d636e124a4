from __future__ import annotations

import io

from django.test import Client

from samadhan.accounts.models import Role
from samadhan.accounts.services import team_create
from samadhan.conftest import Seat
from samadhan.testing.factories import make_agent, make_ticket, make_workspace
from samadhan.tickets.models import MessageKind
from samadhan.tickets.services.message import attachment_upload, message_create
from samadhan.tickets.timeline import Author


def _client(agent: object) -> Client:
    client = Client()
    client.force_login(agent)  # type: ignore[arg-type]
    return client


def _attached(seat: Seat) -> tuple[int, int]:
    photo = attachment_upload(
        workspace_id=seat.workspace.pk,
        uploaded_by=seat.agent,
        filename="बिल.pdf",
        content_type="application/pdf",
        stream=io.BytesIO(b"%PDF-1.7 bill"),
        size=13,
    )
    ticket_obj = make_ticket(seat.workspace)
    message_create(
        ticket=ticket_obj,
        author=Author.of_agent(seat.agent),
        kind=MessageKind.NOTE,
        body_text="",
        attachment_ids=[photo.pk],
    )
    return ticket_obj.number, photo.pk


def test_an_attachment_downloads_from_the_ticket_page(seat: Seat) -> None:
    number, attachment_id = _attached(seat)
    client = _client(seat.agent)
    page = client.get(f"/t/{seat.workspace.slug}/{number}/").content.decode()
    link = f"/t/{seat.workspace.slug}/attachments/{attachment_id}"
    assert link in page
    response = client.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 bill"  # type: ignore[attr-defined]
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox"


def test_attachments_follow_ticket_visibility(seat: Seat) -> None:
    team = team_create(workspace=seat.workspace, name="Billing")
    _number, attachment_id = _attached(seat)  # a ticket of no team
    collaborator = make_agent(seat.workspace, role=Role.COLLABORATOR)
    team.members.add(collaborator)
    link = f"/t/{seat.workspace.slug}/attachments/{attachment_id}"
    assert _client(collaborator).get(link).status_code == 404
    stranger = make_agent(make_workspace(), role=Role.ADMIN)
    assert _client(stranger).get(link).status_code == 404
