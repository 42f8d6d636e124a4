"""Contacts, identities, contact merge and organizations through HTTP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import time_machine

from samadhan.accounts.models import Role
from samadhan.conftest import Seat
from samadhan.contacts.models import Contact, Identity
from samadhan.testing.api_client import body
from samadhan.testing.factories import make_contact, make_ticket

T0 = dt.datetime(2026, 6, 1, 8, 30, tzinfo=dt.UTC)


def _post(seat: Seat, path: str, payload: dict[str, Any], status: int = 201) -> Any:
    response = seat.api.post(path, payload)
    assert response.status_code == status, response.content
    return body(response)


def test_create_and_read_a_contact(seat: Seat) -> None:
    org = _post(seat, "organizations", {"name": "Kirana Mart", "domains": ["Kirana.Example"]})
    with time_machine.travel(T0, tick=False):
        created = _post(
            seat,
            "contacts",
            {
                "name": "  Asha Patil ",
                "email": "Asha@Example.TEST",
                "phone": "+91 98765 43210",
                "identities": [{"kind": "whatsapp", "value": "+919876543210"}],
                "language": "mr",
                "timezone": "Asia/Kolkata",
                "birthday": "1990-02-28",
                "organization_id": org["id"],
                "attributes": {"plan": "gold", "orders": 12},
            },
        )
    identity_ids = list(
        Identity.objects.filter(contact_id=created["id"])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    assert created == {
        "id": created["id"],
        "name": "Asha Patil",
        "language": "mr",
        "timezone": "Asia/Kolkata",
        "birthday": "1990-02-28",
        "attributes": {"plan": "gold", "orders": 12},
        "organization_id": org["id"],
        "identities": [
            {"id": identity_ids[0], "kind": "whatsapp", "value": "+919876543210"},
            {"id": identity_ids[1], "kind": "email", "value": "Asha@Example.TEST"},
            {"id": identity_ids[2], "kind": "phone", "value": "+91 98765 43210"},
        ],
        "created_at": "2026-06-01T08:30:00Z",
        "updated_at": "2026-06-01T08:30:00Z",
    }
    assert body(seat.api.get(f"contacts/{created['id']}")) == created
    assert sorted(Identity.objects.values_list("normalized", flat=True)) == [
        "+919876543210",
        "+919876543210",
        "asha@example.test",
    ]


def test_create_refuses_bad_or_taken_identities(seat: Seat) -> None:
    _post(seat, "contacts", {"name": "First", "email": "shared@example.test"})
    taken = seat.api.post("contacts", {"name": "Second", "email": "SHARED@example.test"})
    assert (taken.status_code, body(taken)) == (
        422,
        {
            "code": "validation_error",
            "message": "This Email already belongs to another contact; merge the contacts instead.",
            "fields": {"email": ["Already taken."]},
        },
    )
    invalid = seat.api.post("contacts", {"name": "X", "email": "not-an-email"})
    assert body(invalid)["fields"] == {"email": ["Enter a valid email address."]}
    phone = seat.api.post("contacts", {"name": "X", "phone": "call me"})
    assert body(phone)["fields"] == {"phone": ["Enter a phone number in international format."]}
    kind = seat.api.post("contacts", {"name": "X", "identities": [{"kind": "fax", "value": "1"}]})
    assert list(body(kind)["fields"]) == ["identities.0.kind"]
    birthday = seat.api.post("contacts", {"name": "X", "birthday": "1990-02-30"})
    assert list(body(birthday)["fields"]) == ["birthday"]
    # Nothing half-made is left behind.
    assert list(Contact.objects.values_list("name", flat=True)) == ["First"]


def test_list_search_and_page_contacts(seat: Seat) -> None:
    ids = [
        _post(seat, "contacts", {"name": f"Customer {i:02d}", "email": f"c{i}@example.test"})["id"]
        for i in range(30)
    ]
    ravi = _post(seat, "contacts", {"name": "रवि कुमार", "phone": "+91 90000 00001"})["id"]
    ids.append(ravi)
    first = body(seat.api.get("contacts", {"limit": 25}))
    assert [c["id"] for c in first["items"]] == sorted(ids, reverse=True)[:25]
    assert first["next_cursor"] == str(first["items"][-1]["id"])
    second = body(seat.api.get("contacts", {"limit": 25, "cursor": first["next_cursor"]}))
    assert [c["id"] for c in second["items"]] == sorted(ids, reverse=True)[25:]
    assert second["next_cursor"] is None

    def found(q: str) -> list[int]:
        return [c["id"] for c in body(seat.api.get("contacts", {"q": q, "limit": 100}))["items"]]

    assert found("रवि") == [ravi]
    assert found("customer 07") == [ids[7]]
    assert found("C12@EXAMPLE") == [ids[12]]
    assert found("+919000") == [ravi]
    assert found("nobody") == []
    assert found("%") == []


def test_update_a_contact(seat: Seat) -> None:
    org = _post(seat, "organizations", {"name": "Acme"})
    contact = _post(
        seat, "contacts", {"name": "Ilze", "attributes": {"tier": "silver", "city": "Rīga"}}
    )
    path = f"contacts/{contact['id']}"
    patched = body(
        seat.api.patch(
            path,
            {
                "name": "Ilze Ozola",
                "language": "lv",
                "timezone": "Europe/Riga",
                "birthday": "1985-11-18",
                "organization_id": org["id"],
                "attributes": {"tier": "gold"},
            },
        )
    )
    assert {k: patched[k] for k in ("name", "language", "timezone", "birthday")} == {
        "name": "Ilze Ozola",
        "language": "lv",
        "timezone": "Europe/Riga",
        "birthday": "1985-11-18",
    }
    assert (patched["organization_id"], patched["attributes"]) == (
        org["id"],
        {"tier": "gold", "city": "Rīga"},
    )
    # Leaving organization_id out keeps it; null clears it.
    assert body(seat.api.patch(path, {"name": "Ilze O."}))["organization_id"] == org["id"]
    assert body(seat.api.patch(path, {"organization_id": None}))["organization_id"] is None
    missing = seat.api.patch(path, {"organization_id": 999999})
    assert (missing.status_code, body(missing)["code"]) == (404, "not_found")
    extra = seat.api.patch(path, {"email": "x@example.test"})
    assert body(extra)["fields"] == {"email": ["Extra inputs are not permitted"]}


def test_identities_are_added_once(seat: Seat) -> None:
    contact = _post(seat, "contacts", {"name": "Ravi"})
    other = _post(seat, "contacts", {"name": "Other", "email": "other@example.test"})
    path = f"contacts/{contact['id']}/identities"
    added = _post(seat, path, {"kind": "whatsapp", "value": "+91 90000-00002"})
    assert (added["kind"], added["value"]) == ("whatsapp", "+91 90000-00002")
    again = _post(seat, path, {"kind": "whatsapp", "value": "+919000000002"})
    assert again == added
    taken = seat.api.post(path, {"kind": "email", "value": "OTHER@example.test"})
    assert (taken.status_code, body(taken)["fields"]) == (422, {"email": ["Already taken."]})
    chat = _post(seat, path, {"kind": "chat_visitor", "value": "visitor-7f3a"})
    identities = body(seat.api.get(f"contacts/{contact['id']}"))["identities"]
    assert identities == [added, chat]
    assert body(seat.api.get(f"contacts/{other['id']}"))["identities"][0]["kind"] == "email"


def test_merge_contacts(seat: Seat) -> None:
    # The kept contact has no name yet; the merged one fills the gaps.
    keep = Contact.objects.get(pk=_post(seat, "contacts", {"email": "keep@example.test"})["id"])
    gone = make_contact(seat.workspace, email="gone@example.test", name="Asha Patil")
    seat.api.patch(f"contacts/{gone.pk}", {"language": "hi", "attributes": {"vip": True}})
    tickets = [make_ticket(seat.workspace, contact=gone), make_ticket(seat.workspace, contact=keep)]

    response = seat.api.post(f"contacts/{gone.pk}/merge", {"into": keep.pk})
    assert response.status_code == 200, response.content
    merged = body(response)
    assert (merged["id"], merged["name"], merged["language"], merged["attributes"]) == (
        keep.pk,
        "Asha Patil",
        "hi",
        {"vip": True},
    )
    assert sorted(i["value"] for i in merged["identities"]) == [
        "gone@example.test",
        "keep@example.test",
    ]
    assert seat.api.get(f"contacts/{gone.pk}").status_code == 404
    assert [c["id"] for c in body(seat.api.get("contacts"))["items"]] == [keep.pk]
    numbers = sorted(
        t["number"] for t in body(seat.api.get("tickets", {"contact": keep.pk}))["items"]
    )
    assert numbers == sorted(t.number for t in tickets)
    # The merged-away contact's email now opens tickets for the kept one.
    created = _post(
        seat, "tickets", {"subject": "Hi", "body": "x", "contact": {"email": "GONE@example.test"}}
    )
    assert created["contact"]["id"] == keep.pk

    itself = seat.api.post(f"contacts/{keep.pk}/merge", {"into": keep.pk})
    assert (itself.status_code, body(itself)["fields"]) == (422, {"into": ["same contact"]})
    into_gone = seat.api.post(f"contacts/{keep.pk}/merge", {"into": gone.pk})
    assert into_gone.status_code == 404


def test_organizations(seat: Seat) -> None:
    acme = _post(
        seat, "organizations", {"name": " Acme ", "domains": ["ACME.example", "acme.test"]}
    )
    assert (acme["name"], acme["domains"]) == ("Acme", ["acme.example", "acme.test"])
    kirana = _post(seat, "organizations", {"name": "किराना"})
    assert [o["name"] for o in body(seat.api.get("organizations"))] == ["Acme", "किराना"]
    assert body(seat.api.get(f"organizations/{kirana['id']}")) == kirana

    renamed = seat.api.patch(
        f"organizations/{kirana['id']}", {"name": "Kirana", "domains": ["K.IN"]}
    )
    assert (body(renamed)["name"], body(renamed)["domains"]) == ("Kirana", ["k.in"])
    same = seat.api.patch(f"organizations/{acme['id']}", {"name": "Acme"})
    assert same.status_code == 200
    for method, path, payload in (
        ("post", "organizations", {"name": "Acme"}),
        ("patch", f"organizations/{kirana['id']}", {"name": "Acme"}),
        ("patch", f"organizations/{kirana['id']}", {"name": "   "}),
        ("post", "organizations", {"name": " "}),
    ):
        response = getattr(seat.api, method)(path, payload)
        assert response.status_code == 422, (path, payload)
        assert list(body(response)["fields"]) == ["name"]
    assert [o["name"] for o in body(seat.api.get("organizations"))] == ["Acme", "Kirana"]


def test_collaborators_read_contacts_but_do_not_change_them(
    seat: Seat, seat_factory: Callable[..., Seat]
) -> None:
    collaborator = seat_factory(workspace=seat.workspace, role=Role.COLLABORATOR)
    contact = _post(seat, "contacts", {"name": "Asha"})
    assert body(collaborator.api.get(f"contacts/{contact['id']}"))["name"] == "Asha"
    for response in (
        collaborator.api.post("contacts", {"name": "New"}),
        collaborator.api.patch(f"contacts/{contact['id']}", {"name": "Changed"}),
        collaborator.api.post(
            f"contacts/{contact['id']}/identities", {"kind": "email", "value": "a@b.test"}
        ),
        collaborator.api.post("organizations", {"name": "Org"}),
    ):
        assert (response.status_code, body(response)["code"]) == (403, "permission_denied")
    assert body(seat.api.get(f"contacts/{contact['id']}"))["name"] == "Asha"
