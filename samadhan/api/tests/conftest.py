from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django.fixtures import Settings

from samadhan.accounts.models import Agent, Role, Team
from samadhan.accounts.services import team_create
from samadhan.channels.email.services import email_inbox_create
from samadhan.channels.models import Inbox
from samadhan.conftest import Seat
from samadhan.contacts.models import Contact, Organization
from samadhan.contacts.services import organization_create
from samadhan.kb.models import Article, ArticleVersion
from samadhan.kb.services import article_create, article_translation_save
from samadhan.testing.api_client import body
from samadhan.testing.factories import make_agent, make_contact, make_ticket
from samadhan.tickets.models import Attachment, FieldType, Macro, Message, MessageKind, Ticket
from samadhan.tickets.services.custom_field import custom_field_create
from samadhan.tickets.services.macro import macro_create
from samadhan.tickets.services.message import message_create
from samadhan.tickets.timeline import CONTACT_AUTHOR
from samadhan.webhooks.models import WebhookSubscription
from samadhan.webhooks.services import webhook_create


def upload(seat: Seat, name: str, data: bytes, content_type: str = "text/plain") -> Any:
    response = seat.api.upload(
        "uploads", {"file": SimpleUploadedFile(name, data, content_type=content_type)}
    )
    assert response.status_code == 201, response.content
    return body(response)


@dataclass
class Tenant:
    """One workspace with one of every kind of object the API addresses."""

    seat: Seat
    other_agent: Agent
    team: Team
    contact: Contact
    organization: Organization
    ticket: Ticket
    message: Message
    second_message: Message
    macro: Macro
    webhook: WebhookSubscription
    attachment: Attachment
    pending_attachment: Attachment
    inbox: Inbox
    article: Article
    kb_version: ArticleVersion


@pytest.fixture
def allow_private_webhooks(settings: Settings) -> None:
    # There is no DNS here; loopback targets need the private-network switch.
    settings.SAMADHAN = {**settings.SAMADHAN, "WEBHOOK_ALLOW_PRIVATE_NETWORKS": True}


@pytest.fixture
def tenant_factory(
    seat_factory: Callable[..., Seat], allow_private_webhooks: None
) -> Callable[..., Tenant]:
    def make(label: str, *, earlier_tickets: int = 0) -> Tenant:
        """``earlier_tickets`` shifts the ticket's number past the other tenant's."""
        seat = seat_factory(role=Role.ADMIN)
        workspace = seat.workspace
        for i in range(earlier_tickets):
            make_ticket(workspace, subject=f"Earlier {i}")
        other = make_agent(workspace, name=f"Colleague {label}")
        team = team_create(workspace=workspace, name=f"Team {label}", members=[other])
        organization = organization_create(
            workspace=workspace, name=f"Org {label}", domains=[f"{label}.example.test"]
        )
        contact = make_contact(
            workspace, email=f"buyer-{label}@example.test", name=f"Buyer {label}"
        )
        ticket = make_ticket(
            workspace,
            contact=contact,
            subject=f"Parcel {label} missing",
            body=f"secretword{label} please help",
            team_id=team.pk,
            assignee_id=other.pk,
            tags=[f"tag-{label}"],
        )
        second = message_create(
            ticket=ticket,
            author=CONTACT_AUTHOR,
            kind=MessageKind.INBOUND,
            body_text=f"Second message {label}",
        )
        macro = macro_create(
            workspace=workspace, name=f"Macro {label}", texts={"en": "Hello {{contact.name}}"}
        )
        custom_field_create(
            workspace=workspace, key=f"field_{label}", label=label, field_type=FieldType.TEXT
        )
        webhook = webhook_create(
            workspace=workspace, url=f"http://127.0.0.1:9/{label}", events=["ticket.created"]
        )
        attached = upload(seat, f"{label}.txt", f"file of {label}".encode())
        response = seat.api.post(
            f"tickets/{ticket.number}/messages",
            {"body": "see attached", "kind": "note", "attachment_ids": [attached["id"]]},
        )
        assert response.status_code == 201, response.content
        pending = upload(seat, f"{label}-pending.txt", b"not used yet")
        inbox = email_inbox_create(
            workspace=workspace, name=f"Mail {label}", address=f"help@{label}.example.test", by=None
        )
        article = article_create(workspace=workspace, key=f"article-{label}", source_language="en")
        translation = article_translation_save(
            article=article,
            language="en",
            title=f"Returns {label}",
            body_markdown=f"How to return, {label}.",
            keywords=[],
            status="published",
            author=None,
        )
        return Tenant(
            seat=seat,
            other_agent=other,
            team=team,
            contact=contact,
            organization=organization,
            ticket=ticket,
            message=ticket.messages.order_by("id").first() or second,
            second_message=second,
            macro=macro,
            webhook=webhook,
            attachment=Attachment.objects.get(pk=attached["id"]),
            pending_attachment=Attachment.objects.get(pk=pending["id"]),
            inbox=inbox,
            article=article,
            kb_version=translation.versions.get(),
        )

    return make
