"""Bad input gets a clear error with a machine-readable code, never a crash."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django.http import HttpResponse
from pytest_django.fixtures import Settings

from samadhan.conftest import Seat
from samadhan.testing.api_client import body
from samadhan.testing.factories import make_ticket
from samadhan.tickets.models import FieldType, Ticket
from samadhan.tickets.services.custom_field import custom_field_create

CONTACT = {"name": "Asha"}


def _ticket_body(**extra: Any) -> dict[str, Any]:
    return {"subject": "Help", "body": "Please", "contact": CONTACT, **extra}


@pytest.mark.parametrize(
    "raw",
    [
        "{not json",
        '{"subject": "x",}',
        "",
        "\xff\xfe",
        '{"subject": "Help", "contact": {"name": "A"}, "priority": NaN}',
        '{"subject": "Help", "contact": {"name": "A"}, "custom_fields": {"n": Infinity}}',
        '{"subject": "Help", "body": "x", "contact": {"name": "A"}, "tags": [-Infinity]}',
        '{"subject": "Help", "body": "x", "contact": {"name": "A"}, "x": '
        + "[" * 5000
        + "]" * 5000
        + "}",
    ],
)
def test_malformed_json_is_400(seat: Seat, raw: str) -> None:
    response = seat.api.post("tickets", raw.encode("utf-8", "surrogateescape"))
    if raw == "":
        # An empty body is no body: the required fields are missing.
        assert response.status_code == 422
        assert body(response)["fields"] == {"body": ["Field required"]}
        return
    assert response.status_code == 400
    assert body(response) == {
        "code": "bad_request",
        "message": "The request body is not valid JSON.",
        "fields": {},
    }
    assert Ticket.objects.count() == 0


def test_nan_in_free_form_json_is_refused_not_stored(seat: Seat) -> None:
    response = seat.api.post("contacts", '{"name": "A", "attributes": {"score": NaN}}')
    assert (response.status_code, body(response)["code"]) == (400, "bad_request")


@pytest.mark.parametrize(
    ("path", "payload", "fields"),
    [
        ("tickets", _ticket_body(subject=5), {"subject": ["Input should be a valid string"]}),
        ("tickets", {"body": "x", "contact": CONTACT}, {"subject": ["Field required"]}),
        ("tickets", _ticket_body(spam=1), {"spam": ["Extra inputs are not permitted"]}),
        (
            "tickets",
            _ticket_body(contact={"name": "A", "shoe_size": 9}),
            {"contact.shoe_size": ["Extra inputs are not permitted"]},
        ),
        (
            "tickets",
            _ticket_body(contact={"email": ["a@b.c"]}),
            {"contact.email": ["Input should be a valid string"]},
        ),
        (
            "tickets",
            _ticket_body(priority="whenever"),
            {"priority": ["Input should be 'low', 'normal', 'high' or 'urgent'"]},
        ),
        (
            "tickets",
            _ticket_body(tags="vip"),
            {"tags": ["Input should be a valid list"]},
        ),
        (
            "tickets",
            _ticket_body(attachment_ids=[1, "two"]),
            {
                "attachment_ids.1": [
                    "Input should be a valid integer, unable to parse string as an integer"
                ]
            },
        ),
        (
            "tickets",
            _ticket_body(subject="a\x00b"),
            {"subject": ["Text must not contain NUL characters."]},
        ),
        (
            "tickets",
            _ticket_body(contact={"name": "A\x00"}),
            {"contact.name": ["Text must not contain NUL characters."]},
        ),
        (
            "contacts",
            {"name": "A", "attributes": {"note": ["ok", "bad\x00"]}},
            {"attributes.note.1": ["Text must not contain NUL characters."]},
        ),
        (
            "teams",
            {"name": "T", "member_ids": [99999999999999999999999]},
            {"member_ids.0": ["Input should be less than or equal to 4611686018427387904"]},
        ),
        (
            "macros",
            {"name": "M", "texts": {"x" * 17: "hi"}},
            {f"texts.{'x' * 17}.[key]": ["String should have at most 16 characters"]},
        ),
        ("webhooks", {"url": "http://[::1", "events": []}, {"url": ["not a valid URL"]}),
        ("webhooks", {"url": "http://h.test:99999/", "events": []}, {"url": ["not a valid URL"]}),
    ],
)
def test_invalid_fields_are_422_naming_the_field(
    seat: Seat, path: str, payload: dict[str, Any], fields: dict[str, list[str]]
) -> None:
    response = seat.api.post(path, payload)
    assert response.status_code == 422, response.content
    assert body(response)["code"] == "validation_error"
    assert body(response)["fields"] == fields


def test_a_lone_surrogate_is_422(seat: Seat) -> None:
    response = seat.api.post(
        "tickets", '{"subject": "\\ud800", "body": "x", "contact": {"name": "A"}}'
    )
    assert response.status_code == 422
    assert body(response)["fields"] == {"subject": ["Text must be valid Unicode."]}


def test_a_body_over_the_request_limit_is_413(seat: Seat, settings: Settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = seat.api.post("tickets", _ticket_body(body="x" * 1000))
    assert response.status_code == 413
    assert body(response) == {
        "code": "too_large",
        "message": "The request body is too large.",
        "fields": {},
    }
    assert seat.api.post("tickets", _ticket_body(body="x" * 100)).status_code == 201


def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!!",
        "%%%",
        _cursor("not a date|5"),
        _cursor("2026-01-01T00:00:00|5"),  # no time zone
        _cursor("2026-01-01T00:00:00+00:00|"),
        _cursor("2026-01-01T00:00:00+00:00|five"),
        _cursor("2026-01-01T00:00:00+00:00|-5"),
        _cursor("2026-01-01T00:00:00+00:00|99999999999999999999999"),
        _cursor("2026-01-01T00:00:00+00:00|²"),
        _cursor("9999-12-31T23:59:59-23:59|5"),
        _cursor("0001-01-01T00:00:00+23:59|5"),
        base64.urlsafe_b64encode(b"\xff\xfe|1").decode(),
    ],
)
def test_an_invalid_cursor_is_422(seat: Seat, cursor: str) -> None:
    make_ticket(seat.workspace)
    response = seat.api.get("tickets", {"cursor": cursor})
    assert response.status_code == 422
    assert body(response) == {
        "code": "validation_error",
        "message": "The cursor is not valid.",
        "fields": {"cursor": ["Invalid cursor."]},
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": ["open", "bogus"]}, "status.1"),
        ({"assignee": "someone"}, "assignee"),
        ({"assignee": "²"}, "assignee"),
        ({"assignee": "99999999999999999999"}, "assignee"),
        ({"team": "99999999999999999999999"}, "team"),
        ({"team": "0"}, "team"),
        ({"contact": "-1"}, "contact"),
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": "99999999999999999999999"}, "limit"),
        ({"updated_since": "2026-01-01T00:00:00"}, "updated_since"),
        ({"updated_since": "0001-01-01T00:00:00+14:00"}, "updated_since"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"q": "a\x00b"}, "q"),
        ({"q": "x" * 501}, "q"),
    ],
)
def test_invalid_list_filters_are_422(seat: Seat, params: dict[str, Any], field: str) -> None:
    response = seat.api.get("tickets", params)
    assert response.status_code == 422, response.content
    assert body(response)["code"] == "validation_error"
    assert list(body(response)["fields"]) == [field]


def test_too_many_query_parameters_is_400(seat: Seat) -> None:
    response = seat.api.get("tickets", {"status": ["open"] * 1500})
    assert response.status_code == 400
    assert body(response) == {
        "code": "bad_request",
        "message": "The request is malformed.",
        "fields": {},
    }


@pytest.mark.parametrize(
    ("content_type", "payload"),
    [
        # A part header that never ends (found by the fuzz test as a 500).
        ("multipart/form-data; boundary=b", b"--b\r\n" + b"x" * 20_000 + b"\r\n--b--\r\n"),
        ("multipart/form-data", b"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--"),
        ("multipart/form-data; boundary=", b"anything"),
    ],
)
def test_a_broken_multipart_body_is_400(seat: Seat, content_type: str, payload: bytes) -> None:
    response: HttpResponse = seat.api.client.post(  # type: ignore[assignment]
        "/api/v1/uploads", data=payload, content_type=content_type, **seat.api.headers
    )
    assert response.status_code == 400
    assert body(response) == {
        "code": "bad_request",
        "message": "The request is malformed.",
        "fields": {},
    }


@pytest.mark.parametrize(
    "path",
    [
        "tickets/99999999999999999999999",
        "tickets/9223372036854775808",
        "tickets/9223372036854775807",
        "tickets/0",
        "tickets/-1",
        "tickets/99999999999999999999999/messages",
        "tickets/99999999999999999999999/events",
        "tickets/99999999999999999999999/links",
        "contacts/99999999999999999999999",
        "organizations/99999999999999999999999",
        "webhooks/99999999999999999999999",
        "webhooks/99999999999999999999999/deliveries",
        "attachments/99999999999999999999999",
        "tickets/1e5",
        "tickets/abc",
    ],
)
def test_huge_or_odd_ids_in_paths_are_404_or_422(seat: Seat, path: str) -> None:
    make_ticket(seat.workspace)
    response = seat.api.get(path)
    assert response.status_code in (404, 422), (path, response.status_code)
    assert body(response)["code"] in ("not_found", "validation_error")


def test_huge_ids_in_posts_are_404_or_422(seat: Seat) -> None:
    number = make_ticket(seat.workspace).number
    huge = 99999999999999999999999
    responses = [
        seat.api.post(f"tickets/{number}/merge", {"target": huge}),
        seat.api.post(f"tickets/{number}/links", {"target": huge}),
        seat.api.post(f"tickets/{number}/messages/{huge}/split"),
        seat.api.post(f"tickets/{number}/macros/{huge}"),
        seat.api.post(f"tickets/{huge}/messages", {"body": "x"}),
        seat.api.patch(f"tickets/{number}", {"assignee_id": huge}),
        seat.api.post("contacts", {"name": "A", "organization_id": huge}),
    ]
    assert [r.status_code for r in responses] == [422, 422, 404, 404, 404, 422, 422]


def test_closed_tickets_cannot_reopen(seat: Seat) -> None:
    number = make_ticket(seat.workspace).number
    assert body(seat.api.patch(f"tickets/{number}", {"status": "closed"}))["status"] == "closed"
    for status in ("open", "new", "solved"):
        response = seat.api.patch(f"tickets/{number}", {"status": status})
        assert response.status_code == 422
        assert body(response) == {
            "code": "invalid_transition",
            "message": "A closed ticket cannot be changed; reply to it to open a follow-up.",
            "fields": {"status": ["Ticket is closed."]},
        }


def test_no_status_goes_back_to_new(seat: Seat) -> None:
    number = make_ticket(seat.workspace).number
    seat.api.patch(f"tickets/{number}", {"status": "open"})
    response = seat.api.patch(f"tickets/{number}", {"status": "new"})
    assert response.status_code == 422
    assert body(response) == {
        "code": "invalid_transition",
        "message": "A Open ticket cannot become New.",
        "fields": {"status": ["Not allowed from the current status."]},
    }


def test_unknown_or_mistyped_custom_fields_are_422(seat: Seat) -> None:
    custom_field_create(
        workspace=seat.workspace, key="order_no", label="Order", field_type=FieldType.NUMBER
    )
    custom_field_create(
        workspace=seat.workspace, key="gift", label="Gift", field_type=FieldType.CHECKBOX
    )
    response = seat.api.post(
        "tickets",
        _ticket_body(custom_fields={"colour": "red", "order_no": "twelve", "gift": "yes"}),
    )
    assert response.status_code == 422
    assert body(response) == {
        "code": "validation_error",
        "message": "Some custom fields are not valid.",
        "fields": {
            "custom_fields.colour": ["Unknown field."],
            "custom_fields.order_no": ["Enter a number."],
            "custom_fields.gift": ["Enter true or false."],
        },
    }
    number = make_ticket(seat.workspace).number
    response = seat.api.patch(f"tickets/{number}", {"custom_fields": {"order_no": True}})
    assert response.status_code == 422
    assert body(response)["fields"] == {"custom_fields.order_no": ["Enter a number."]}
    assert Ticket.objects.get(number=number, workspace=seat.workspace).custom_fields == {}
