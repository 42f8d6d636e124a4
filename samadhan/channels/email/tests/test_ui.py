"""The admin pages for email inboxes: create, configure, secrets never shown back."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from samadhan.accounts.models import Role
from samadhan.audit.models import AuditEntry
from samadhan.channels.email.models import EmailSettings
from samadhan.channels.email.services import email_ingest_secret_check
from samadhan.channels.email.tests.mailbuild import build, deliver, make_email_inbox
from samadhan.channels.models import Inbox, InboxKind
from samadhan.channels.services import inbox_create
from samadhan.conftest import Seat
from samadhan.testing.factories import make_agent, make_workspace
from samadhan.ui.tests import signed_in

pytestmark = pytest.mark.django_db


def settings_form(settings: EmailSettings, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": settings.inbox.name,
        "default_team": "",
        "is_active": "on",
        "email-address": settings.address,
        "email-subject_prefix": settings.subject_prefix,
        "email-plus_addressing": "on",
        "email-followup_after_days": settings.followup_after_days,
        "email-imap_port": settings.imap_port,
        "email-imap_security": settings.imap_security,
        "email-imap_folder": settings.imap_folder,
        "email-smtp_port": settings.smtp_port,
        "email-smtp_security": settings.smtp_security,
    }
    data.update({f"email-{k}": v for k, v in changes.items()})
    return data


def test_admin_creates_and_configures_an_email_inbox(seat: Seat) -> None:
    ws = seat.workspace
    client = signed_in(seat.agent)
    inboxes = f"/t/{ws.slug}/settings/inboxes/"
    missing = client.post(inboxes, {"kind": "email", "name": "Mail"})
    assert missing.status_code == 422
    assert "An email inbox needs its address." in missing.content.decode()
    created = client.post(
        inboxes, {"kind": "email", "name": "Mail", "address": "Help@Shop.example"}
    )
    inbox = Inbox.objects.get(workspace=ws, name="Mail")
    detail_url = reverse("ui:settings_inbox", args=[ws.slug, inbox.pk])
    assert (created.status_code, created["Location"]) == (302, detail_url)
    assert inbox.kind == InboxKind.EMAIL
    settings = EmailSettings.objects.get(inbox=inbox)
    assert settings.address == "help@shop.example"
    assert "help@shop.example" in client.get(inboxes).content.decode()

    page = client.get(detail_url).content.decode()
    assert f"/api/v1/inboxes/{inbox.pk}/raw-email" in page
    saved = client.post(
        detail_url,
        settings_form(
            settings, imap_host="imap.shop.example", imap_password="s3cret-imap", smtp_port=465
        ),
    )
    assert saved.status_code == 302, saved.content.decode()
    settings.refresh_from_db()
    assert (settings.imap_host, settings.imap_password, settings.smtp_port) == (
        "imap.shop.example",
        "s3cret-imap",
        465,
    )
    page = client.get(detail_url).content.decode()
    assert "s3cret-imap" not in page
    assert "IMAP password: saved." in page
    # Saving again without retyping keeps the password.
    client.post(detail_url, settings_form(settings, imap_folder="Support"))
    settings.refresh_from_db()
    assert (settings.imap_folder, settings.imap_password) == ("Support", "s3cret-imap")
    client.post(detail_url, settings_form(settings, clear_secrets="on"))
    settings.refresh_from_db()
    assert settings.imap_password == ""
    changes = AuditEntry.objects.filter(action="inbox.email_settings_updated")
    assert all("s3cret" not in str(e.changes) for e in changes)

    refused = client.post(detail_url, settings_form(settings, subject_prefix="[x]"))
    assert refused.status_code == 422
    assert "no brackets" in refused.content.decode()


def test_ingest_secret_is_shown_once(seat: Seat) -> None:
    ws = seat.workspace
    client = signed_in(seat.agent)
    client.post(
        f"/t/{ws.slug}/settings/inboxes/",
        {"kind": "email", "name": "Mail", "address": "help@shop.example"},
    )
    inbox = Inbox.objects.get(workspace=ws, name="Mail")
    response = client.post(reverse("ui:settings_inbox_ingest_secret", args=[ws.slug, inbox.pk]))
    assert response.status_code == 200
    match = re.search(r"<code>(sie_[\w-]+)</code>", response.content.decode())
    assert match is not None
    settings = EmailSettings.objects.get(inbox=inbox)
    assert email_ingest_secret_check(email_settings=settings, secret=match.group(1))
    page = client.get(reverse("ui:settings_inbox", args=[ws.slug, inbox.pk])).content.decode()
    assert match.group(1) not in page
    assert "An ingest secret is set." in page


def test_agents_cannot_reach_inbox_settings(seat: Seat) -> None:
    ws = seat.workspace
    agent = make_agent(ws, role=Role.AGENT)
    web = inbox_create(workspace=ws, kind=InboxKind.WEB_FORM, name="Form")
    client = signed_in(agent)
    response = client.post(reverse("ui:settings_inbox_ingest_secret", args=[ws.slug, web.pk]))
    assert response.status_code in (403, 404)
    admin = signed_in(seat.agent)
    not_email = admin.post(reverse("ui:settings_inbox_ingest_secret", args=[ws.slug, web.pk]))
    assert not_email.status_code == 404


def test_the_original_email_is_one_click_away(seat: Seat) -> None:
    ws = seat.workspace
    inbox = make_email_inbox(ws)
    raw_bytes = build(subject="Kettle", body="It broke.")
    raw = deliver(inbox, raw_bytes)
    assert raw.ticket is not None
    assert raw.result_message is not None
    client = signed_in(seat.agent)
    page = client.get(reverse("ui:ticket", args=[ws.slug, raw.ticket.number])).content.decode()
    link = reverse("ui:message_original", args=[ws.slug, raw.ticket.number, raw.result_message.pk])
    assert link in page
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "message/rfc822"
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content) == raw_bytes  # type: ignore[attr-defined]
    other = signed_in(make_agent(make_workspace(), role=Role.ADMIN))
    assert other.get(link).status_code in (403, 404)
    missing = reverse("ui:message_original", args=[ws.slug, raw.ticket.number, 999_999])
    assert client.get(missing).status_code == 404
