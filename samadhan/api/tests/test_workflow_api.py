"""Macros, uploads and custom fields through HTTP."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django.fixtures import Settings

from samadhan.accounts.models import Role
from samadhan.api.tests.conftest import upload
from samadhan.conftest import Seat
from samadhan.contacts.services import contact_update
from samadhan.testing.api_client import body
from samadhan.testing.factories import make_contact, make_ticket
from samadhan.tickets.models import Attachment

TEXTS = {
    "en": "Hi {{contact.first_name}}, about #{{ticket.number}}: on its way. {{agent.first_name}}",
    "hi": "नमस्ते {{ contact.first_name }} जी, टिकट #{{ticket.number}} का ऑर्डर रास्ते में है।",
    "lv": "Sveiki, {{contact.name}}! Pieteikums #{{ticket.number}}: sūtījums ir ceļā.",
}


def _macro(seat: Seat, **payload: Any) -> dict[str, Any]:
    response = seat.api.post("macros", payload)
    assert response.status_code == 201, response.content
    return body(response)  # type: ignore[no-any-return]


def test_macros_are_created_listed_and_applied_in_the_tickets_language(seat: Seat) -> None:
    seat.agent.name = "Meera Rao"
    seat.agent.save()
    macro = _macro(
        seat,
        name="Shipped",
        actions={"status": "pending", "add_tags": ["shipped"], "priority": "low"},
        texts=TEXTS,
    )
    assert macro == {
        "id": macro["id"],
        "name": "Shipped",
        "actions": {"status": "pending", "add_tags": ["shipped"], "priority": "low"},
        "texts": TEXTS,
    }
    note_macro = _macro(
        seat,
        name="Escalate quietly",
        actions={"reply_kind": "note"},
        texts={"en": "Escalating {{ticket.subject}}"},
    )
    assert [m["name"] for m in body(seat.api.get("macros"))] == ["Escalate quietly", "Shipped"]

    asha = make_contact(seat.workspace, name="Asha Patil", email="asha@example.test")
    hindi = make_ticket(seat.workspace, contact=asha, language="hi")
    response = seat.api.post(f"tickets/{hindi.number}/macros/{macro['id']}")
    assert response.status_code == 200, response.content
    applied = body(response)
    assert (
        applied["message"]["body_text"] == f"नमस्ते Asha जी, टिकट #{hindi.number} का ऑर्डर रास्ते में है।"
    )
    assert (applied["message"]["kind"], applied["message"]["author_agent_id"]) == (
        "outbound",
        seat.agent.pk,
    )
    assert (
        applied["ticket"]["status"],
        applied["ticket"]["priority"],
        applied["ticket"]["tags"],
    ) == ("pending", "low", ["shipped"])
    macro_events = [
        e
        for e in body(seat.api.get(f"tickets/{hindi.number}/events"))
        if e["kind"] == "macro_applied"
    ]
    assert [e["data"] for e in macro_events] == [
        {"macro_id": macro["id"], "name": "Shipped", "language": "hi"}
    ]

    # No ticket language: the contact's; neither: the workspace's default (en).
    ilze = make_contact(seat.workspace, name="Ilze Ozola")
    contact_update(contact=ilze, language="lv")
    latvian = make_ticket(seat.workspace, contact=ilze)
    assert latvian.language == "lv"
    text = body(seat.api.post(f"tickets/{latvian.number}/macros/{macro['id']}"))["message"][
        "body_text"
    ]
    assert text == f"Sveiki, Ilze Ozola! Pieteikums #{latvian.number}: sūtījums ir ceļā."
    telugu = make_ticket(
        seat.workspace, contact=make_contact(seat.workspace, name="Ravi Kumar"), language="te"
    )
    text = body(seat.api.post(f"tickets/{telugu.number}/macros/{macro['id']}"))["message"][
        "body_text"
    ]
    assert text == f"Hi Ravi, about #{telugu.number}: on its way. Meera"

    note = body(seat.api.post(f"tickets/{telugu.number}/macros/{note_macro['id']}"))
    assert (note["message"]["kind"], note["message"]["body_text"]) == (
        "note",
        "Escalating Where is my order?",
    )


def test_macro_errors(seat: Seat, seat_factory: Callable[..., Seat]) -> None:
    agent = seat_factory(workspace=seat.workspace, role=Role.AGENT)
    refused = agent.api.post("macros", {"name": "Mine"})
    assert (refused.status_code, body(refused)["code"]) == (403, "permission_denied")
    unknown = seat.api.post("macros", {"name": "Leaky", "texts": {"en": "{{ contact.password }}"}})
    assert unknown.status_code == 422
    assert list(body(unknown)["fields"]) == ["texts.en"]
    bad_action = seat.api.post(
        "macros", {"name": "Bad", "actions": {"status": "gone", "delete": True}}
    )
    assert body(bad_action)["fields"] == {
        "actions.delete": ["Unknown action."],
        "actions.status": ["Unknown status."],
    }
    _macro(seat, name="Once")
    twice = seat.api.post("macros", {"name": "Once"})
    assert body(twice)["fields"] == {"name": ["Already taken."]}
    for actions in ({"assignee_id": 99999999999999999999999}, {"team_id": 0}, {"team_id": True}):
        response = seat.api.post("macros", {"name": "Ghost", "actions": actions})
        assert body(response)["fields"] == {
            f"actions.{next(iter(actions))}": ["Give an id or null."]
        }
    # An assignee that is no agent here fails when applied, with a clear error.
    ghost = _macro(seat, name="Ghost", actions={"assignee_id": 2**62})
    number = make_ticket(seat.workspace).number
    applied = seat.api.post(f"tickets/{number}/macros/{ghost['id']}")
    assert (applied.status_code, body(applied)["fields"]) == (
        422,
        {"assignee_id": ["Unknown agent."]},
    )
    assert agent.api.get("macros").status_code == 200


def test_uploads_attach_and_download(seat: Seat) -> None:
    number = make_ticket(seat.workspace).number
    receipt = "रसीद ०१.pdf".encode()
    uploaded = upload(seat, "../../etc/रसीद ०१.pdf", receipt, content_type="application/pdf")
    assert uploaded == {
        "id": uploaded["id"],
        "filename": "रसीद ०१.pdf",
        "content_type": "application/pdf",
        "size": len(receipt),
    }
    # Until attached, only the uploader can fetch it.
    assert seat.api.get(f"attachments/{uploaded['id']}").status_code == 200

    response = seat.api.post(
        f"tickets/{number}/messages",
        {"body": "Your receipt", "attachment_ids": [uploaded["id"]]},
    )
    assert response.status_code == 201
    assert body(response)["attachments"] == [uploaded]
    listed = body(seat.api.get(f"tickets/{number}/messages"))
    assert listed[-1]["attachments"] == [uploaded]

    download = seat.api.get(f"attachments/{uploaded['id']}")
    assert download.status_code == 200
    assert download.getvalue() == receipt
    assert download["Content-Type"] == "application/pdf"
    # RFC 6266: non-ASCII names travel percent-encoded UTF-8.
    assert download["Content-Disposition"] == "attachment; filename*=utf-8''" + quote("रसीद ०१.pdf")

    reused = seat.api.post(
        f"tickets/{number}/messages", {"body": "again", "attachment_ids": [uploaded["id"]]}
    )
    assert (reused.status_code, body(reused)["fields"]) == (
        422,
        {"attachment_ids": ["Unknown or used attachment."]},
    )
    # The failed message was not kept either.
    assert len(body(seat.api.get(f"tickets/{number}/messages"))) == 2

    created = seat.api.post(
        "tickets",
        {
            "subject": "With photo",
            "body": "see photo",
            "contact": {"name": "A"},
            "attachment_ids": [upload(seat, "photo.jpg", b"\xff\xd8\xff", "image/jpeg")["id"]],
        },
    )
    first = body(seat.api.get(f"tickets/{body(created)['number']}/messages"))[0]
    assert [(a["filename"], a["size"]) for a in first["attachments"]] == [("photo.jpg", 3)]


def test_attachments_are_visible_only_through_their_ticket(
    seat: Seat, seat_factory: Callable[..., Seat]
) -> None:
    colleague = seat_factory(workspace=seat.workspace, role=Role.AGENT)
    collaborator = seat_factory(workspace=seat.workspace, role=Role.COLLABORATOR)
    pending = upload(seat, "draft.txt", b"draft")
    # An upload not yet on a message belongs to its uploader alone.
    for other in (colleague, collaborator):
        response = other.api.get(f"attachments/{pending['id']}")
        assert (response.status_code, body(response)["code"]) == (404, "not_found")
    # Nor can another agent attach it to a message and read it there.
    stolen = [
        colleague.api.post(
            f"tickets/{make_ticket(seat.workspace).number}/messages",
            {"body": "mine", "attachment_ids": [pending["id"]]},
        ),
        colleague.api.post(
            "tickets",
            {
                "subject": "s",
                "body": "b",
                "contact": {"name": "C"},
                "attachment_ids": [pending["id"]],
            },
        ),
    ]
    assert [(r.status_code, body(r)["fields"]) for r in stolen] == [
        (422, {"attachment_ids": ["Unknown or used attachment."]})
    ] * 2
    assert Attachment.objects.get(pk=pending["id"]).message_id is None

    number = make_ticket(seat.workspace).number
    sent = upload(seat, "sent.txt", b"sent")
    seat.api.post(f"tickets/{number}/messages", {"body": "x", "attachment_ids": [sent["id"]]})
    assert colleague.api.get(f"attachments/{sent['id']}").getvalue() == b"sent"
    # The collaborator is in no team, so the ticket and its files are out of sight.
    hidden = collaborator.api.get(f"attachments/{sent['id']}")
    assert (hidden.status_code, body(hidden)["code"]) == (404, "not_found")


def test_uploads_of_blocked_types_are_415(seat: Seat) -> None:
    for name, content_type in (
        ("setup.exe", "application/octet-stream"),
        ("INVOICE.PDF.EXE", "application/pdf"),
        ("invoice.pdf", "application/x-msdownload"),
        ("run.sh", "text/plain"),
        ("app.js", "text/javascript; charset=utf-8"),
    ):
        response = seat.api.upload(
            "uploads", {"file": SimpleUploadedFile(name, b"MZ\x90\x00", content_type=content_type)}
        )
        assert response.status_code == 415, name
        assert body(response) == {
            "code": "unsupported_media_type",
            "message": "Files of this type are not accepted.",
            "fields": {"file": ["Type not allowed."]},
        }
    assert Attachment.objects.count() == 0


def test_uploads_over_the_limit_are_413(seat: Seat, settings: Settings) -> None:
    settings.SAMADHAN = {**settings.SAMADHAN, "MAX_ATTACHMENT_BYTES": 1000}
    response = seat.api.upload("uploads", {"file": SimpleUploadedFile("big.bin", b"x" * 1001)})
    assert response.status_code == 413
    assert body(response) == {
        "code": "too_large",
        "message": "The file is larger than 1000 bytes.",
        "fields": {"file": ["Too large."]},
    }
    assert upload(seat, "ok.bin", b"x" * 1000)["size"] == 1000
    assert Attachment.objects.count() == 1


def test_uploads_without_a_file_or_with_odd_headers(seat: Seat) -> None:
    missing = seat.api.upload("uploads", {"other": "value"})
    assert (missing.status_code, body(missing)["fields"]) == (422, {"file": ["Field required"]})
    long_type = "application/" + "x" * 300
    odd = upload(seat, "notes.txt", b"hello", content_type=long_type)
    assert (odd["content_type"], odd["filename"]) == ("application/octet-stream", "notes.txt")
    odd_name = upload(seat, "re\x00port.txt", b"hello", content_type="text/plain")
    assert odd_name["filename"] == "report.txt"


def test_custom_fields_are_defined_and_used(seat: Seat, seat_factory: Callable[..., Seat]) -> None:
    definitions: list[dict[str, Any]] = [
        {"key": "order_no", "label": "Order number", "field_type": "number"},
        {"key": "delivery", "label": "Delivery date", "field_type": "date"},
        {
            "key": "reason",
            "label": "Reason",
            "field_type": "dropdown",
            "options": [{"value": "late", "label": "देर से"}, {"value": "damaged"}],
        },
        {"key": "gift", "label": "Gift", "field_type": "checkbox"},
        {"key": "city", "label": "City", "field_type": "text", "required": True},
    ]
    created: list[dict[str, Any]] = []
    for definition in definitions:
        response = seat.api.post("custom-fields", definition)
        assert response.status_code == 201, response.content
        created.append(body(response))
    assert created[2] == {
        "id": created[2]["id"],
        "key": "reason",
        "label": "Reason",
        "field_type": "dropdown",
        "options": [{"value": "late", "label": "देर से"}, {"value": "damaged", "label": "damaged"}],
        "required": False,
    }
    assert [f["key"] for f in body(seat.api.get("custom-fields"))] == [
        d["key"] for d in definitions
    ]

    missing = seat.api.post("tickets", {"subject": "s", "body": "b", "contact": {"name": "A"}})
    assert body(missing)["fields"] == {"custom_fields.city": ["This field is required."]}
    response = seat.api.post(
        "tickets",
        {
            "subject": "s",
            "body": "b",
            "contact": {"name": "A"},
            "custom_fields": {
                "order_no": "1200",
                "delivery": "2026-05-04",
                "reason": "late",
                "gift": False,
                "city": "पुणे",
            },
        },
    )
    assert response.status_code == 201, response.content
    ticket = body(response)
    assert ticket["custom_fields"] == {
        "order_no": 1200,
        "delivery": "2026-05-04",
        "reason": "late",
        "gift": False,
        "city": "पुणे",
    }
    patched = seat.api.patch(
        f"tickets/{ticket['number']}", {"custom_fields": {"order_no": 12.5, "reason": None}}
    )
    assert body(patched)["custom_fields"] == {
        "order_no": 12.5,
        "delivery": "2026-05-04",
        "gift": False,
        "city": "पुणे",
    }
    wrong = seat.api.patch(
        f"tickets/{ticket['number']}",
        {"custom_fields": {"reason": "lost", "delivery": "04/05/2026", "city": None}},
    )
    assert body(wrong)["fields"] == {
        "custom_fields.reason": ["Choose one of the listed options."],
        "custom_fields.delivery": ["Enter a date as YYYY-MM-DD."],
        "custom_fields.city": ["This field is required."],
    }

    for payload, fields in (
        ({"key": "order_no", "label": "Again", "field_type": "text"}, {"key": ["Already taken."]}),
        (
            {"key": "Bad Key", "label": "x", "field_type": "text"},
            {"key": ["String should match pattern '^[a-z0-9_]+$'"]},
        ),
        (
            {"key": "pick", "label": "x", "field_type": "dropdown"},
            {"options": ["Give options with distinct values."]},
        ),
        (
            {"key": "t", "label": "x", "field_type": "text", "options": [{"value": "a"}]},
            {"options": ["Not allowed."]},
        ),
        (
            {"key": "t", "label": "x", "field_type": "colour"},
            {"field_type": ["Input should be 'text', 'number', 'date', 'dropdown' or 'checkbox'"]},
        ),
    ):
        response = seat.api.post("custom-fields", payload)
        assert (response.status_code, body(response)["fields"]) == (422, fields), payload
    manager = seat_factory(workspace=seat.workspace, role=Role.MANAGER)
    refused = manager.api.post("custom-fields", {"key": "m", "label": "m", "field_type": "text"})
    assert (refused.status_code, body(refused)["code"]) == (403, "permission_denied")
