"""Email inboxes over the API: configuration with write-only secrets, and raw email ingest."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from samadhan.accounts.models import Role
from samadhan.audit.models import AuditEntry
from samadhan.channels.email.models import EmailSettings, RawEmail
from samadhan.channels.email.tests.mailbuild import build
from samadhan.conftest import Seat
from samadhan.testing.api_client import body

pytestmark = pytest.mark.django_db

NEW = {
    "kind": "email",
    "name": "Support mail",
    "address": "Support@Shop.example",
    "subject_prefix": "T-",
    "imap": {"host": "imap.shop.example", "username": "support", "password": "hunter2-imap"},
    "smtp": {
        "host": "smtp.shop.example",
        "port": 587,
        "security": "starttls",
        "username": "support",
        "password": "hunter2-smtp",
    },
}


def create(seat: Seat, data: dict[str, Any] | None = None) -> dict[str, Any]:
    response = seat.api.post("inboxes", data or NEW)
    assert response.status_code == 201, response.content
    result: dict[str, Any] = body(response)
    return result


def test_create_and_read_an_email_inbox_without_its_secrets(seat: Seat) -> None:
    created = create(seat)
    assert (created["kind"], created["address"]) == ("email", "support@shop.example")
    imap, smtp, email = created["imap"], created["smtp"], created["email"]
    assert (imap["password_set"], smtp["password_set"]) == (True, True)
    assert (imap["oauth2_token_set"], email["ingest_secret_set"]) == (False, False)
    assert (email["subject_prefix"], imap["folder"], email["followup_after_days"]) == (
        "T-",
        "INBOX",
        14,
    )
    assert smtp == {
        "host": "smtp.shop.example",
        "port": 587,
        "security": "starttls",
        "username": "support",
        "password_set": True,
    }
    fetched = seat.api.get(f"inboxes/{created['id']}")
    text = fetched.content.decode()
    assert "hunter2" not in text
    assert body(fetched) == created
    stored = EmailSettings.objects.get(inbox_id=created["id"])
    assert (stored.imap_password, stored.smtp_password) == ("hunter2-imap", "hunter2-smtp")
    audit = AuditEntry.objects.filter(workspace=seat.workspace).values_list("changes", flat=True)
    assert all("hunter2" not in str(changes) for changes in audit)
    listed = body(seat.api.get("inboxes"))
    assert [i["id"] for i in listed] == [created["id"]]


def test_patch_changes_settings_and_keeps_unsent_secrets(seat: Seat) -> None:
    created = create(seat)
    response = seat.api.patch(
        f"inboxes/{created['id']}",
        {"name": "Help", "is_active": False, "smtp": {"port": 465}, "imap": {"idle": False}},
    )
    assert response.status_code == 200, response.content
    data = body(response)
    assert (data["name"], data["is_active"]) == ("Help", False)
    assert (data["smtp"]["port"], data["imap"]["idle"]) == (465, False)
    stored = EmailSettings.objects.get(inbox_id=created["id"])
    assert stored.smtp_password == "hunter2-smtp"
    cleared = seat.api.patch(f"inboxes/{created['id']}", {"smtp": {"password": ""}})
    assert body(cleared)["smtp"]["password_set"] is False
    moved = seat.api.patch(f"inboxes/{created['id']}", {"address": "help@shop.example"})
    assert body(moved)["address"] == "help@shop.example"


@pytest.mark.parametrize(
    ("email", "field"),
    [
        ({"address": "not an address"}, "address"),
        ({"address": "support+x@shop.example"}, "address"),
        ({"address": "a@shop.example", "subject_prefix": "[#]"}, "subject_prefix"),
        ({"address": "a@shop.example", "imap": {"security": "tls13"}}, "imap.security"),
        ({"address": "a@shop.example", "smtp": {"port": 0}}, "smtp.port"),
        ({"address": "a@shop.example", "smtp": {"pasword": "typo"}}, "smtp.pasword"),
    ],
)
def test_invalid_settings_are_refused(seat: Seat, email: dict[str, Any], field: str) -> None:
    response = seat.api.post("inboxes", {"kind": "email", "name": "X", **email})
    assert response.status_code == 422, response.content
    assert field in body(response)["fields"]


def test_email_kind_needs_settings_and_others_refuse_them(seat: Seat) -> None:
    response = seat.api.post("inboxes", {"kind": "email", "name": "X"})
    assert (response.status_code, list(body(response)["fields"])) == (422, ["address"])
    response = seat.api.post(
        "inboxes", {"kind": "web_form", "name": "Y", "smtp": {"host": "smtp.b.example"}}
    )
    assert response.status_code == 422
    form = create(seat, {"kind": "web_form", "name": "Form"})
    assert (form["address"], form["email"], form["imap"], form["smtp"]) == (None,) * 4
    refused = seat.api.patch(f"inboxes/{form['id']}", {"address": "a@b.example"})
    assert refused.status_code == 422


def test_only_admins_manage_inboxes(seat_factory: Any) -> None:
    admin = seat_factory()
    agent = seat_factory(workspace=admin.workspace, role=Role.AGENT)
    created = create(admin)
    for response in (
        agent.api.get("inboxes"),
        agent.api.get(f"inboxes/{created['id']}"),
        agent.api.post("inboxes", NEW),
        agent.api.post(f"inboxes/{created['id']}/raw-email", {}),
    ):
        assert response.status_code == 403, response.content


def post_raw(
    client: Client, inbox_id: int, raw: bytes, content_type: str = "message/rfc822", **headers: Any
) -> Any:
    return client.generic(
        "POST", f"/api/v1/inboxes/{inbox_id}/raw-email", raw, content_type, **headers
    )


def test_raw_email_with_token_is_stored_and_deduplicated(seat: Seat) -> None:
    inbox_id = create(seat)["id"]
    raw = build(message_id="<api1@customer.example>")
    first = post_raw(seat.api.client, inbox_id, raw, **seat.api.headers)
    assert first.status_code == 202, first.content
    data = body(first)
    assert (data["status"], data["message_id"], data["size"]) == (
        "received",
        "api1@customer.example",
        len(raw),
    )
    again = post_raw(seat.api.client, inbox_id, raw, **seat.api.headers)
    assert (again.status_code, body(again)["id"]) == (202, data["id"])
    assert RawEmail.objects.get().source == "http"


def test_raw_email_with_the_ingest_secret_only_for_its_inbox(seat: Seat) -> None:
    inbox_id = create(seat)["id"]
    other_id = create(seat, {**NEW, "name": "Other"})["id"]
    response = seat.api.post(f"inboxes/{inbox_id}/ingest-secret")
    assert response.status_code == 201
    secret = body(response)["secret"]
    assert body(seat.api.get(f"inboxes/{inbox_id}"))["email"]["ingest_secret_set"] is True
    assert secret not in seat.api.get(f"inboxes/{inbox_id}").content.decode()
    client = Client()
    header = {"HTTP_X_SAMADHAN_INGEST_SECRET": secret}
    ok = post_raw(client, inbox_id, build(), **header)
    assert ok.status_code == 202, ok.content
    assert post_raw(client, other_id, build(), **header).status_code == 401
    wrong = {"HTTP_X_SAMADHAN_INGEST_SECRET": secret + "x"}
    assert post_raw(client, inbox_id, build(), **wrong).status_code == 401
    assert post_raw(client, inbox_id, build()).status_code == 401
    assert RawEmail.objects.count() == 1


def test_raw_email_refusals(seat: Seat, settings: Any) -> None:
    inbox_id = create(seat)["id"]
    form_id = create(seat, {"kind": "web_form", "name": "Form"})["id"]
    h = seat.api.headers
    client = seat.api.client
    assert post_raw(client, inbox_id, build(), "application/json", **h).status_code == 415
    assert post_raw(client, inbox_id, b"  ", **h).status_code == 422
    assert post_raw(client, form_id, build(), **h).status_code == 422
    assert post_raw(client, 999_999, build(), **h).status_code == 404
    settings.SAMADHAN = {**settings.SAMADHAN, "MAX_EMAIL_BYTES": 1000}
    too_big = post_raw(client, inbox_id, build(body="x" * 2000), **h)
    assert (too_big.status_code, body(too_big)["code"]) == (413, "too_large")
    assert RawEmail.objects.count() == 0


def test_raw_email_larger_than_a_request_body_is_still_accepted(seat: Seat, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    inbox_id = create(seat)["id"]
    response = post_raw(seat.api.client, inbox_id, build(body="y" * 5000), **seat.api.headers)
    assert response.status_code == 202, response.content
