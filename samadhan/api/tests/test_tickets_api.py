"""Ticket flows end to end through HTTP: create, list, search, page, change, timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import time_machine

from samadhan.accounts.models import Role
from samadhan.accounts.services import team_create
from samadhan.conftest import Seat
from samadhan.contacts.models import Contact
from samadhan.testing.api_client import body
from samadhan.testing.factories import make_agent, make_contact, make_ticket
from samadhan.tickets.models import FieldType, Ticket
from samadhan.tickets.services.custom_field import custom_field_create

T0 = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)


def _create(seat: Seat, **payload: Any) -> dict[str, Any]:
    payload.setdefault("subject", "Where is my order?")
    payload.setdefault("body", "It has not arrived.")
    response = seat.api.post("tickets", payload)
    assert response.status_code == 201, response.content
    return body(response)  # type: ignore[no-any-return]


def _numbers(seat: Seat, **params: Any) -> list[int]:
    response = seat.api.get("tickets", params)
    assert response.status_code == 200, response.content
    return [t["number"] for t in body(response)["items"]]


def test_create_returns_the_whole_ticket(seat: Seat) -> None:
    colleague = make_agent(seat.workspace, name="Meera Rao")
    team = team_create(workspace=seat.workspace, name="Billing", members=[colleague])
    with time_machine.travel(T0, tick=False):
        ticket = _create(
            seat,
            subject="  Refund for order 123  ",
            contact={"email": "asha@example.test", "name": "Asha Patil"},
            priority="high",
            tags=["Refund", "VIP customer", "refund"],
            language="mr",
            assignee_id=colleague.pk,
            team_id=team.pk,
        )
    contact = Contact.objects.get(workspace=seat.workspace)
    assert ticket == {
        "id": ticket["id"],
        "number": 1,
        "subject": "Refund for order 123",
        "status": "new",
        "priority": "high",
        "language": "mr",
        "channel": "api",
        "contact": {"id": contact.pk, "name": "Asha Patil"},
        "assignee": {"id": colleague.pk, "name": "Meera Rao"},
        "team": {"id": team.pk, "name": "Billing"},
        "tags": ["refund", "vip-customer"],
        "custom_fields": {},
        "first_response_at": None,
        "solved_at": None,
        "reopened_count": 0,
        "escalation_level": 0,
        "merged_into_id": None,
        "created_at": "2026-05-01T09:00:00Z",
        "updated_at": "2026-05-01T09:00:00Z",
    }
    assert body(seat.api.get("tickets/1")) == ticket
    assert contact.language == "mr"


def test_create_finds_contacts_by_email_and_phone_and_makes_new_ones_by_name(seat: Seat) -> None:
    first = _create(seat, contact={"email": "Asha.Patil@Example.TEST", "name": "Asha"})
    again = _create(seat, contact={"email": "asha.patil@example.test", "name": "Someone else"})
    assert again["contact"] == first["contact"] == {"id": first["contact"]["id"], "name": "Asha"}

    by_phone = _create(seat, contact={"phone": "+91 98765-43210", "name": "Ravi"})
    by_phone_again = _create(seat, contact={"phone": "+919876543210"})
    assert by_phone_again["contact"] == by_phone["contact"]
    assert by_phone["contact"]["id"] != first["contact"]["id"]

    named = _create(seat, contact={"name": "Walk-in customer"})
    named_again = _create(seat, contact={"name": "Walk-in customer"})
    assert named["contact"]["id"] != named_again["contact"]["id"]
    assert Contact.objects.filter(workspace=seat.workspace).count() == 4
    identities = sorted(
        (i["kind"], i["value"])
        for c in body(seat.api.get("contacts"))["items"]
        for i in c["identities"]
    )
    assert identities == [("email", "Asha.Patil@Example.TEST"), ("phone", "+91 98765-43210")]


def test_list_filters(seat: Seat, seat_factory: Callable[..., Seat]) -> None:
    workspace = seat.workspace
    colleague = make_agent(workspace)
    team = team_create(workspace=workspace, name="Returns", members=[colleague])
    asha = make_contact(workspace, email="asha@example.test")
    with time_machine.travel(T0, tick=False):
        t1 = make_ticket(workspace, contact=asha, tags=["refund"], language="hi")
        t2 = make_ticket(workspace, assignee_id=seat.agent.pk, language="te")
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        t3 = make_ticket(workspace, assignee_id=colleague.pk, team_id=team.pk, tags=["VIP"])
        t4 = make_ticket(workspace, contact=asha, language="hi")
    seat.api.patch(f"tickets/{t2.number}", {"status": "pending"})
    seat.api.patch(f"tickets/{t3.number}", {"status": "open"})
    seat.api.patch(f"tickets/{t4.number}", {"status": "solved"})
    n1, n2, n3, n4 = t1.number, t2.number, t3.number, t4.number

    assert sorted(_numbers(seat)) == [n1, n2, n3, n4]
    assert _numbers(seat, status="new") == [n1]
    assert sorted(_numbers(seat, status=["pending", "open"])) == [n2, n3]
    assert sorted(_numbers(seat, status=["new", "solved", "closed"])) == [n1, n4]
    assert _numbers(seat, assignee="me") == [n2]
    assert sorted(_numbers(seat, assignee="none")) == [n1, n4]
    assert _numbers(seat, assignee=str(colleague.pk)) == [n3]
    assert _numbers(seat, team=team.pk) == [n3]
    assert _numbers(seat, tag="refund") == [n1]
    assert _numbers(seat, tag="vip") == [n3]
    assert _numbers(seat, tag="unknown") == []
    assert sorted(_numbers(seat, contact=asha.pk)) == [n1, n4]
    assert sorted(_numbers(seat, language="hi")) == [n1, n4]
    assert sorted(_numbers(seat, language="hi", status="solved")) == [n4]
    # The PATCHes above ran at real time (after T0 + 1h): only t1 was left behind.
    since = (T0 + dt.timedelta(minutes=30)).isoformat()
    assert sorted(_numbers(seat, updated_since=since)) == [n2, n3, n4]
    assert _numbers(seat, updated_since="2999-01-01T00:00:00+05:30") == []
    assert _numbers(seat, assignee="me", status="open") == []
    # Another agent's "me" is themselves.
    other = seat_factory(workspace=workspace, role=Role.AGENT)
    assert _numbers(other, assignee="me") == []


def test_text_search(seat: Seat) -> None:
    workspace = seat.workspace
    hindi = make_ticket(workspace, subject="ऑर्डर की स्थिति", body="मेरा ऑर्डर अभी तक नहीं आया")
    telugu = make_ticket(workspace, subject="డెలివరీ", body="మీ ఆర్డర్ ఎక్కడ ఉంది?")
    latvian = make_ticket(workspace, subject="Piegāde", body="Mana pasūtījuma piegāde kavējas")
    english = make_ticket(workspace, subject="Invoice", body="Please send the invoice again")
    seat.api.post(
        f"tickets/{english.number}/messages",
        {"body": "दूसरा संदेश: बिल चाहिए", "kind": "inbound"},
    )

    assert _numbers(seat, q="नहीं") == [hindi.number]
    assert _numbers(seat, q="ऑर्डर") == [hindi.number]
    assert _numbers(seat, q="ऑर्डर नहीं") == [hindi.number]
    assert _numbers(seat, q="ఎక్కడ") == [telugu.number]
    assert _numbers(seat, q="ఆర్డర్") == [telugu.number]
    assert _numbers(seat, q="pasutijuma") == [latvian.number]
    assert _numbers(seat, q="PIEGADE") == [latvian.number]
    assert _numbers(seat, q="piegāde kavējas") == [latvian.number]
    assert _numbers(seat, q="invoice") == [english.number]
    assert _numbers(seat, q="बिल") == [english.number]
    assert _numbers(seat, q="नहीं invoice") == []
    assert _numbers(seat, q="refund") == []
    assert _numbers(seat, q="!!! ---") == []
    assert _numbers(seat, q='"OR" * NEAR( )') == []


def test_keyset_pagination_walks_every_ticket_once_in_order(seat: Seat) -> None:
    created: list[tuple[dt.datetime, Ticket]] = []
    for i in range(60):
        # Three tickets per second: equal timestamps are ordered by id.
        moment = T0 + dt.timedelta(seconds=i // 3)
        with time_machine.travel(moment, tick=False):
            created.append((moment, make_ticket(seat.workspace, subject=f"ticket {i}")))
    bumped = {5: 100, 17: 100, 42: 101}
    for index, seconds in bumped.items():
        moment = T0 + dt.timedelta(seconds=seconds)
        with time_machine.travel(moment, tick=False):
            response = seat.api.patch(f"tickets/{created[index][1].number}", {"priority": "high"})
            assert response.status_code == 200
        created[index] = (moment, created[index][1])
    expected = [t.number for _m, t in sorted(created, key=lambda c: (c[0], c[1].pk), reverse=True)]
    assert expected[:3] == [created[42][1].number, created[17][1].number, created[5][1].number]

    seen: list[int] = []
    updated: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 25}
        if cursor:
            params["cursor"] = cursor
        page = body(seat.api.get("tickets", params))
        pages += 1
        seen += [t["number"] for t in page["items"]]
        updated += [t["updated_at"] for t in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert seen == expected
    assert len(set(seen)) == 60
    assert updated == sorted(updated, reverse=True)
    # The same walk with a filter narrows it and keeps the order.
    high = body(seat.api.get("tickets", {"limit": 2, "q": "ticket"}))
    assert [t["number"] for t in high["items"]] == expected[:2]
    rest = body(
        seat.api.get("tickets", {"limit": 100, "q": "ticket", "cursor": high["next_cursor"]})
    )
    assert [t["number"] for t in rest["items"]] == expected[2:]
    assert rest["next_cursor"] is None


def test_patch_each_property_and_the_timeline_shows_who(seat: Seat) -> None:
    colleague = make_agent(seat.workspace, name="Colleague")
    team = team_create(workspace=seat.workspace, name="Tier 2")
    custom_field_create(
        workspace=seat.workspace, key="order_no", label="Order", field_type=FieldType.NUMBER
    )
    number = make_ticket(seat.workspace, tags=["old"]).number
    me = seat.agent.pk

    def patch(**changes: Any) -> dict[str, Any]:
        response = seat.api.patch(f"tickets/{number}", changes)
        assert response.status_code == 200, response.content
        return body(response)  # type: ignore[no-any-return]

    assert patch(subject="New subject")["subject"] == "New subject"
    assert patch(priority="urgent")["priority"] == "urgent"
    assert patch(language="lv")["language"] == "lv"
    assert patch(assignee_id=colleague.pk)["assignee"] == {"id": colleague.pk, "name": "Colleague"}
    assert patch(assignee_id=None)["assignee"] is None
    assert patch(team_id=team.pk)["team"] == {"id": team.pk, "name": "Tier 2"}
    assert patch(tags=["a", "b"])["tags"] == ["a", "b"]
    assert patch(add_tags=["c"], remove_tags=["a"])["tags"] == ["b", "c"]
    assert patch(custom_fields={"order_no": "42"})["custom_fields"] == {"order_no": 42}
    assert patch(escalation_level=2)["escalation_level"] == 2
    solved = patch(status="solved")
    assert (solved["status"], solved["solved_at"] is not None) == ("solved", True)
    reopened = patch(status="open")
    assert (reopened["status"], reopened["reopened_count"], reopened["solved_at"]) == (
        "open",
        1,
        None,
    )
    # Saying what is already true records nothing.
    patch(priority="urgent", subject="New subject")

    events = body(seat.api.get(f"tickets/{number}/events"))
    rows = [(e["kind"], e["actor_kind"], e["actor_agent_id"], e["data"]) for e in events]
    assert rows == [
        ("created", "contact", None, {"status": "new", "priority": "normal"}),
        ("subject_changed", "agent", me, {"from": "Where is my order?", "to": "New subject"}),
        ("priority_changed", "agent", me, {"from": "normal", "to": "urgent"}),
        ("language_changed", "agent", me, {"from": "", "to": "lv"}),
        ("assignee_changed", "agent", me, {"from": None, "to": colleague.pk}),
        ("assignee_changed", "agent", me, {"from": colleague.pk, "to": None}),
        ("team_changed", "agent", me, {"from": None, "to": team.pk}),
        ("tags_changed", "agent", me, {"added": ["a", "b"], "removed": ["old"]}),
        ("tags_changed", "agent", me, {"added": ["c"], "removed": ["a"]}),
        ("field_changed", "agent", me, {"from": {}, "to": {"order_no": 42}}),
        ("escalated", "agent", me, {"from": 0, "to": 2}),
        ("status_changed", "agent", me, {"from": "new", "to": "solved"}),
        ("reopened", "agent", me, {}),
        ("status_changed", "agent", me, {"from": "solved", "to": "open"}),
    ]


def test_messages_reply_note_inbound_move_the_ticket(seat: Seat) -> None:
    with time_machine.travel(T0, tick=False):
        number = make_ticket(seat.workspace).number
    me = seat.agent.pk

    def post(kind: str, text: str, minutes: int) -> dict[str, Any]:
        with time_machine.travel(T0 + dt.timedelta(minutes=minutes), tick=False):
            response = seat.api.post(f"tickets/{number}/messages", {"body": text, "kind": kind})
        assert response.status_code == 201, response.content
        return body(response)  # type: ignore[no-any-return]

    note = post("note", "Checking with the courier", 3)
    assert body(seat.api.get(f"tickets/{number}"))["status"] == "new"
    reply = post("reply", "Your parcel is on its way", 7)
    after_reply = body(seat.api.get(f"tickets/{number}"))
    assert (after_reply["status"], after_reply["first_response_at"]) == (
        "open",
        "2026-05-01T09:07:00Z",
    )
    with time_machine.travel(T0 + dt.timedelta(minutes=8), tick=False):
        seat.api.patch(f"tickets/{number}", {"status": "pending"})
    inbound = post("inbound", "Still nothing", 9)
    assert body(seat.api.get(f"tickets/{number}"))["status"] == "open"
    assert reply["created_at"] == "2026-05-01T09:07:00Z"

    for message, kind, author in (
        (note, "note", "agent"),
        (reply, "outbound", "agent"),
        (inbound, "inbound", "contact"),
    ):
        assert (message["kind"], message["author_kind"]) == (kind, author)
    assert note["author_agent_id"] == reply["author_agent_id"] == me
    assert inbound["author_agent_id"] is None
    assert inbound["author_contact_id"] == after_reply["contact"]["id"]
    listed = body(seat.api.get(f"tickets/{number}/messages"))
    assert [m["body_text"] for m in listed] == [
        "It has not arrived yet.",
        "Checking with the courier",
        "Your parcel is on its way",
        "Still nothing",
    ]
    statuses = [
        (e["data"]["from"], e["data"]["to"], e["actor_kind"])
        for e in body(seat.api.get(f"tickets/{number}/events"))
        if e["kind"] == "status_changed"
    ]
    assert statuses == [
        ("new", "open", "agent"),
        ("open", "pending", "agent"),
        ("pending", "open", "contact"),
    ]


def test_a_customer_message_on_a_closed_ticket_opens_a_linked_follow_up(seat: Seat) -> None:
    closed = make_ticket(seat.workspace, subject="Broken kettle")
    seat.api.patch(f"tickets/{closed.number}", {"status": "closed"})
    response = seat.api.post(
        f"tickets/{closed.number}/messages", {"body": "It broke again", "kind": "inbound"}
    )
    assert response.status_code == 201
    [link] = body(seat.api.get(f"tickets/{closed.number}/links"))
    assert (link["kind"], link["source_number"]) == ("follow_up", closed.number)
    follow_up = body(seat.api.get(f"tickets/{link['target_number']}"))
    assert (follow_up["subject"], follow_up["status"], follow_up["contact"]["id"]) == (
        "Broken kettle",
        "new",
        closed.contact_id,
    )
    messages = body(seat.api.get(f"tickets/{link['target_number']}/messages"))
    assert [m["id"] for m in messages] == [body(response)["id"]]
    assert body(seat.api.get(f"tickets/{closed.number}"))["status"] == "closed"


def test_an_empty_message_is_422(seat: Seat) -> None:
    number = make_ticket(seat.workspace).number
    response = seat.api.post(f"tickets/{number}/messages", {"body": "   ", "kind": "reply"})
    assert response.status_code == 422
    assert body(response)["fields"] == {"body": ["This field is required."]}


def test_merge_moves_messages_and_closes_the_source(seat: Seat) -> None:
    source = make_ticket(seat.workspace, subject="Duplicate", body="first copy", tags=["x"])
    target = make_ticket(seat.workspace, subject="Original", body="original", tags=["y"])
    seat.api.post(f"tickets/{source.number}/messages", {"body": "more details", "kind": "inbound"})

    response = seat.api.post(f"tickets/{source.number}/merge", {"target": target.number})
    assert response.status_code == 200, response.content
    merged = body(response)
    assert (merged["number"], merged["tags"], merged["status"]) == (
        target.number,
        ["x", "y"],
        "new",
    )

    closed = body(seat.api.get(f"tickets/{source.number}"))
    assert (closed["status"], closed["merged_into_id"]) == ("closed", target.pk)
    # The moved messages keep their own times among the target's.
    assert [m["body_text"] for m in body(seat.api.get(f"tickets/{target.number}/messages"))] == [
        "first copy",
        "original",
        "more details",
    ]
    assert [m["body_text"] for m in body(seat.api.get(f"tickets/{source.number}/messages"))] == [
        f"Merged into #{target.number}"
    ]
    kinds = [e["kind"] for e in body(seat.api.get(f"tickets/{target.number}/events"))]
    assert kinds.count("merged_from") == 1
    source_events = body(seat.api.get(f"tickets/{source.number}/events"))
    assert [(e["kind"], e["data"]) for e in source_events] == [
        ("merged_into", {"ticket_number": target.number})
    ]
    # A merged ticket cannot be merged again, nor merged into itself.
    again = seat.api.post(f"tickets/{source.number}/merge", {"target": target.number})
    assert (again.status_code, body(again)["code"]) == (422, "validation_error")
    itself = seat.api.post(f"tickets/{target.number}/merge", {"target": target.number})
    assert body(itself)["fields"] == {"target": ["Choose another ticket."]}
    assert seat.api.get("tickets", {"q": "details"}).status_code == 200
    assert _numbers(seat, q="details") == [target.number]


def test_links_and_split(seat: Seat) -> None:
    a = make_ticket(seat.workspace, subject="Parent")
    b = make_ticket(seat.workspace, subject="Child")
    created = seat.api.post(
        f"tickets/{a.number}/links", {"target": b.number, "kind": "parent_child"}
    )
    assert created.status_code == 201
    link = body(created)
    assert link == {
        "id": link["id"],
        "kind": "parent_child",
        "source_number": a.number,
        "target_number": b.number,
    }
    # Linking twice is idempotent; both ends list the link.
    assert (
        body(
            seat.api.post(f"tickets/{a.number}/links", {"target": b.number, "kind": "parent_child"})
        )["id"]
        == link["id"]
    )
    assert body(seat.api.get(f"tickets/{a.number}/links")) == [link]
    assert body(seat.api.get(f"tickets/{b.number}/links")) == [link]
    itself = seat.api.post(f"tickets/{a.number}/links", {"target": a.number})
    assert (itself.status_code, body(itself)["fields"]) == (
        422,
        {"target": ["Choose another ticket."]},
    )

    later = body(
        seat.api.post(
            f"tickets/{a.number}/messages", {"body": "Also, a new question", "kind": "inbound"}
        )
    )
    only = body(seat.api.get(f"tickets/{b.number}/messages"))[0]["id"]
    refused = seat.api.post(f"tickets/{b.number}/messages/{only}/split")
    assert (refused.status_code, body(refused)["message"]) == (
        422,
        "A ticket's only message cannot be split off.",
    )
    split = seat.api.post(f"tickets/{a.number}/messages/{later['id']}/split")
    assert split.status_code == 201, split.content
    new = body(split)
    assert (new["subject"], new["status"], new["contact"]) == (
        "Parent",
        "new",
        body(seat.api.get(f"tickets/{a.number}"))["contact"],
    )
    assert [m["id"] for m in body(seat.api.get(f"tickets/{new['number']}/messages"))] == [
        later["id"]
    ]
    assert [m["body_text"] for m in body(seat.api.get(f"tickets/{a.number}/messages"))] == [
        "It has not arrived yet."
    ]
    assert sorted(
        (lk["kind"], lk["source_number"], lk["target_number"])
        for lk in body(seat.api.get(f"tickets/{a.number}/links"))
    ) == [
        ("parent_child", a.number, b.number),
        ("related", a.number, new["number"]),
    ]
    # A message of another ticket cannot be split through this one.
    other = seat.api.post(f"tickets/{b.number}/messages/{later['id']}/split")
    assert (other.status_code, body(other)["code"]) == (404, "not_found")
