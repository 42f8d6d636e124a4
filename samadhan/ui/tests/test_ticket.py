"""The ticket page: thread, composer, properties, macros, merge/link/split, new tickets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries, Settings

from samadhan.accounts.models import Agent, Role, Team
from samadhan.accounts.services import team_create
from samadhan.conftest import Seat
from samadhan.contacts.models import Contact
from samadhan.notifications.models import Notification
from samadhan.testing.factories import make_agent, make_contact, make_ticket, make_workspace
from samadhan.tickets.models import (
    FieldType,
    Message,
    MessageKind,
    Priority,
    Status,
    Ticket,
    TicketLink,
)
from samadhan.tickets.services.custom_field import custom_field_create
from samadhan.tickets.services.macro import macro_create
from samadhan.tickets.services.message import attachment_upload, message_create
from samadhan.tickets.timeline import CONTACT_AUTHOR, Author
from samadhan.ui.tests import change, flashes, signed_in

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def url(seat: Seat, name: str, *args: object) -> str:
    return reverse(f"ui:{name}", args=[seat.workspace.slug, *args])


@dataclass
class Desk:
    seat: Seat
    client: Client
    colleague: Agent
    team: Team
    ticket: Ticket

    def post(self, name: str, data: dict[str, Any] | None = None, *args: object) -> Any:
        return self.client.post(
            url(self.seat, name, self.ticket.number, *args), data or {}, follow=True
        )

    def reload(self) -> Ticket:
        self.ticket.refresh_from_db()
        return self.ticket


@pytest.fixture
def desk(seat: Seat, settings: Settings, tmp_path: Path) -> Desk:
    settings.MEDIA_ROOT = tmp_path
    colleague = make_agent(seat.workspace, name="Lakshmi Devi", email="lakshmi@example.test")
    team = team_create(workspace=seat.workspace, name="Field", members=[colleague])
    contact = make_contact(seat.workspace, email="ravi@example.test", name="Ravi Kumar")
    ticket = make_ticket(seat.workspace, contact=contact, subject="Seeds did not arrive")
    return Desk(seat, signed_in(seat.agent), colleague, team, ticket)


def test_thread_shows_messages_notes_and_events_in_order(desk: Desk) -> None:
    agent = Author.of_agent(desk.seat.agent)
    with time_machine.travel(T0, tick=False):
        desk.ticket = make_ticket(desk.seat.workspace, contact=desk.ticket.contact)
    with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
        message_create(
            ticket=desk.ticket,
            author=agent,
            kind=MessageKind.OUTBOUND,
            body_text="FIRST-REPLY we are checking",
        )
    with time_machine.travel(T0 + timedelta(minutes=2), tick=False):
        message_create(
            ticket=desk.reload(),
            author=agent,
            kind=MessageKind.NOTE,
            body_text="SECOND-NOTE courier delayed",
        )
    with time_machine.travel(T0 + timedelta(minutes=3), tick=False):
        change(desk.ticket, desk.seat.agent, priority=Priority.HIGH)
    with time_machine.travel(T0 + timedelta(minutes=4), tick=False):
        message_create(
            ticket=desk.reload(),
            author=CONTACT_AUTHOR,
            kind=MessageKind.INBOUND,
            body_text="THIRD-INBOUND thank you",
        )
    response = desk.client.get(url(desk.seat, "ticket", desk.ticket.number))
    assert response.status_code == 200
    page = response.content.decode()
    markers = [
        "It has not arrived yet.",
        "FIRST-REPLY",
        "changed the status from New to Open.",
        "SECOND-NOTE",
        "changed the priority from Normal to High.",
        "THIRD-INBOUND",
    ]
    positions = [page.index(marker) for marker in markers]
    assert positions == sorted(positions)
    assert 'class="msg note"' in page
    assert 'class="msg outbound"' in page
    assert page.count('class="msg inbound"') == 2
    assert "Internal note" in page


def _add_messages(ticket: Ticket, agent: Agent, count: int) -> None:
    author = Author.of_agent(agent)
    for n in range(count):
        kind = (MessageKind.NOTE, MessageKind.OUTBOUND)[n % 2]
        message_create(ticket=ticket, author=author, kind=kind, body_text=f"message {n}")


def _page_queries(client: Client, path: str) -> tuple[int, str]:
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_a_long_thread_costs_the_same_queries(desk: Desk) -> None:
    path = url(desk.seat, "ticket", desk.ticket.number)
    ticket = desk.ticket
    upload = attachment_upload(
        workspace_id=desk.seat.workspace.pk,
        uploaded_by=desk.seat.agent,
        filename="photo.txt",
        content_type="text/plain",
        stream=SimpleUploadedFile("photo.txt", b"hello"),
        size=5,
    )
    message_create(
        ticket=ticket,
        author=Author.of_agent(desk.seat.agent),
        kind=MessageKind.NOTE,
        body_text="with a file",
        attachment_ids=[upload.pk],
    )
    _add_messages(ticket, desk.seat.agent, 9)
    change(ticket, desk.seat.agent, priority=Priority.HIGH)
    few, _page = _page_queries(desk.client, path)
    _add_messages(ticket, desk.colleague, 190)
    change(ticket, desk.seat.agent, priority=Priority.LOW, status=Status.PENDING)
    many, page = _page_queries(desk.client, path)
    assert page.count('class="msg ') == 201
    assert "message 189" in page
    assert "photo.txt" in page
    assert many == few


def test_a_ticket_of_another_workspace_or_none_at_all_is_404(desk: Desk) -> None:
    other = make_ticket(make_workspace(), subject="Secret")
    response = desk.client.get(url(desk.seat, "ticket", other.number + 100))
    assert response.status_code == 404
    assert "ui/ticket_missing.html" in [t.name for t in response.templates]
    assert desk.client.get(url(desk.seat, "ticket", 99999999999)).status_code == 404


def test_reply_with_status(desk: Desk) -> None:
    response = desk.post(
        "ticket_message", {"kind": "reply", "body": "నమస్కారం, పంపాము", "then_status": "pending"}
    )
    assert flashes(response) == ["Reply sent."]
    assert response.redirect_chain[-1][0] == url(desk.seat, "ticket", desk.ticket.number)
    reply = Message.objects.filter(ticket=desk.ticket, kind=MessageKind.OUTBOUND).get()
    assert reply.body_text == "నమస్కారం, పంపాము"
    assert reply.author_agent_id == desk.seat.agent.pk
    assert desk.reload().status == Status.PENDING
    assert desk.ticket.first_response_at is not None


def test_note_with_a_mention_notifies_the_colleague(desk: Desk) -> None:
    handle = desk.colleague.handle
    response = desk.post("ticket_message", {"kind": "note", "body": f"@{handle} can you call him?"})
    assert flashes(response) == ["Note added."]
    note = Message.objects.get(ticket=desk.ticket, kind=MessageKind.NOTE)
    notification = Notification.objects.get()
    assert (notification.agent_id, notification.ticket_id, notification.message_id) == (
        desk.colleague.pk,
        desk.ticket.pk,
        note.pk,
    )
    assert notification.actor_id == desk.seat.agent.pk
    # The composer offers the colleagues to mention, not oneself.
    page = desk.client.get(url(desk.seat, "ticket", desk.ticket.number)).content.decode()
    assert f"&quot;handle&quot;: &quot;{handle}&quot;" in page
    assert f"&quot;{desk.seat.agent.handle}&quot;" not in page


def test_a_reply_does_not_notify_mentions(desk: Desk) -> None:
    desk.post("ticket_message", {"kind": "reply", "body": f"@{desk.colleague.handle} hi"})
    assert not Notification.objects.exists()


def test_attachments(desk: Desk) -> None:
    files = [
        SimpleUploadedFile("bill.txt", b"rupees 450", content_type="text/plain"),
        SimpleUploadedFile("photo.png", b"\x89PNG....", content_type="image/png"),
    ]
    response = desk.post("ticket_message", {"kind": "note", "body": "Bill", "files": files})
    assert flashes(response) == ["Note added."]
    note = Message.objects.get(ticket=desk.ticket, kind=MessageKind.NOTE)
    assert sorted(a.filename for a in note.attachments.all()) == ["bill.txt", "photo.png"]
    page = response.content.decode()
    assert "bill.txt" in page
    assert "photo.png" in page


def test_a_file_without_text_is_a_message_of_its_own(desk: Desk) -> None:
    # A photo of the damaged parcel needs no words.
    photo = SimpleUploadedFile("photo.png", b"\x89PNG....", content_type="image/png")
    response = desk.post("ticket_message", {"kind": "note", "body": "", "files": [photo]})
    assert response.status_code == 200
    note = Message.objects.get(ticket=desk.ticket, kind=MessageKind.NOTE)
    assert note.body_text == ""
    assert [a.filename for a in note.attachments.all()] == ["photo.png"]
    assert "photo.png" in response.content.decode()


def test_a_refused_message_keeps_the_draft(desk: Desk) -> None:
    bad = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = desk.post("ticket_message", {"kind": "reply", "body": "draft కోసం", "files": [bad]})
    assert response.status_code == 200
    assert any("Files of this type are not accepted." in m for m in flashes(response))
    assert ">draft కోసం</textarea>" in response.content.decode()
    assert not Message.objects.filter(ticket=desk.ticket, kind=MessageKind.OUTBOUND).exists()
    # Shown once: the next load has an empty composer.
    page = desk.client.get(url(desk.seat, "ticket", desk.ticket.number)).content.decode()
    assert "draft కోసం" not in page


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("   ", "Write something or attach a file first."),
        ("x" * 200_001, "The message is longer than 200000 characters."),
    ],
)
def test_empty_or_huge_message_is_an_error(desk: Desk, body: str, error: str) -> None:
    response = desk.post("ticket_message", {"kind": "reply", "body": body})
    assert response.status_code == 200
    assert any(error in m for m in flashes(response))
    assert Message.objects.filter(ticket=desk.ticket).count() == 1


def test_collaborator_can_only_add_notes(desk: Desk) -> None:
    collaborator = make_agent(desk.seat.workspace, role=Role.COLLABORATOR)
    desk.team.members.add(collaborator)
    ticket = change(desk.ticket, desk.seat.agent, team_id=desk.team.pk, set_team=True)
    client = signed_in(collaborator)
    page = client.get(url(desk.seat, "ticket", ticket.number)).content.decode()
    assert 'value="reply"' not in page
    assert 'id="p-status"' not in page
    assert 'id="macro-select"' not in page
    assert 'id="merge-target"' not in page

    def post(name: str, data: dict[str, Any], *args: object) -> Any:
        return client.post(url(desk.seat, name, ticket.number, *args), data, follow=True)

    response = post("ticket_message", {"kind": "reply", "body": "Sneaky reply"})
    assert flashes(response) == ["Collaborators can only add internal notes."]
    response = post(
        "ticket_message", {"kind": "note", "body": "A note is fine", "then_status": "solved"}
    )
    assert flashes(response)[0] == "Note added."
    assert "Collaborators can only add internal notes." in flashes(response)
    response = post("ticket_properties", {"status": "solved", "priority": "urgent"})
    assert flashes(response) == ["Collaborators can only add internal notes."]
    for name in ("ticket_assign_me", "ticket_macro", "ticket_merge", "ticket_link"):
        assert client.post(url(desk.seat, name, ticket.number), {}).status_code == 403
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW
    assert ticket.priority == Priority.NORMAL
    assert list(Message.objects.filter(ticket=ticket).values_list("kind", flat=True)) == [
        "inbound",
        "note",
    ]
    # A ticket outside their teams does not exist for them.
    other = make_ticket(desk.seat.workspace)
    assert client.get(url(desk.seat, "ticket", other.number)).status_code == 404
    response = client.post(
        url(desk.seat, "ticket_message", other.number), {"kind": "note", "body": "x"}, follow=True
    )
    assert flashes(response) == ["Ticket not found."]


def test_properties_form(desk: Desk) -> None:
    ws = desk.seat.workspace
    custom_field_create(
        workspace=ws,
        key="plan",
        label="Plan",
        field_type=FieldType.DROPDOWN,
        options=[{"value": "gold"}, {"value": "basic"}],
    )
    custom_field_create(workspace=ws, key="acres", label="Acres", field_type=FieldType.NUMBER)
    custom_field_create(workspace=ws, key="insured", label="Insured", field_type=FieldType.CHECKBOX)
    page = desk.client.get(url(desk.seat, "ticket", desk.ticket.number)).content.decode()
    for field in (
        "p-status",
        "p-priority",
        "p-assignee",
        "p-team",
        "p-tags",
        "cf-plan",
        "cf-acres",
    ):
        assert f'<label for="{field}"' in page
    response = desk.post(
        "ticket_properties",
        {
            "status": "pending",
            "priority": "high",
            "assignee": str(desk.colleague.pk),
            "team": str(desk.team.pk),
            "tags": "Seeds, Courier ,, ",
            "cf_plan": "gold",
            "cf_acres": "2.5",
            "cf_insured": "1",
        },
    )
    assert flashes(response) == ["Ticket updated."]
    ticket = desk.reload()
    assert (ticket.status, ticket.priority, ticket.assignee_id, ticket.team_id) == (
        Status.PENDING,
        Priority.HIGH,
        desk.colleague.pk,
        desk.team.pk,
    )
    assert sorted(t.name for t in ticket.tags.all()) == ["courier", "seeds"]
    assert ticket.custom_fields == {"plan": "gold", "acres": 2.5, "insured": True}

    # Clearing: nobody, no team, no tags, the checkbox unticked, the number emptied.
    desk.post(
        "ticket_properties",
        {
            "status": "pending",
            "priority": "high",
            "assignee": "",
            "team": "",
            "tags": "",
            "cf_plan": "gold",
            "cf_acres": "",
        },
    )
    ticket = desk.reload()
    assert ticket.assignee_id is None
    assert ticket.team_id is None
    assert list(ticket.tags.all()) == []
    assert ticket.custom_fields.get("insured") is False
    assert ticket.custom_fields.get("acres") is None


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"cf_acres": "many"}, "Enter a number."),
        ({"cf_plan": "platinum"}, None),
        ({"assignee": "424242"}, "The assignee is not an agent of this workspace."),
        ({"assignee": "99999999999999999999999"}, "Invalid value."),
        ({"assignee": "abc"}, "Invalid value."),
        ({"team": "424242"}, "The team does not exist in this workspace."),
        ({"team": "99999999999999999999999"}, "Invalid value."),
        ({"status": "closed_forever"}, "bad status ignored"),
    ],
)
def test_properties_with_a_bad_value_shows_an_error(
    desk: Desk, data: dict[str, str], error: str | None
) -> None:
    custom_field_create(
        workspace=desk.seat.workspace,
        key="plan",
        label="Plan",
        field_type=FieldType.DROPDOWN,
        options=[{"value": "gold"}],
    )
    custom_field_create(
        workspace=desk.seat.workspace, key="acres", label="Acres", field_type=FieldType.NUMBER
    )
    response = desk.post("ticket_properties", {"priority": "urgent", **data})
    assert response.status_code == 200
    ticket = desk.reload()
    if error == "bad status ignored":
        # An unknown status is left alone; the rest of the form still applies.
        assert ticket.status == Status.NEW
        assert ticket.priority == Priority.URGENT
        return
    assert len(flashes(response)) == 1
    assert "Ticket updated." not in flashes(response)
    if error:
        assert error in flashes(response)[0]
    assert ticket.priority == Priority.NORMAL


def test_a_closed_ticket_refuses_changes_with_a_message(desk: Desk) -> None:
    change(desk.ticket, desk.seat.agent, status=Status.CLOSED)
    response = desk.post("ticket_properties", {"status": "open"})
    assert flashes(response) == [
        "A closed ticket cannot be changed; reply to it to open a follow-up. Ticket is closed."
    ]
    assert desk.reload().status == Status.CLOSED


def test_assign_to_me(desk: Desk) -> None:
    response = desk.post("ticket_assign_me")
    assert flashes(response) == ["The ticket is assigned to you."]
    assert desk.reload().assignee_id == desk.seat.agent.pk


def test_macro_in_telugu(desk: Desk) -> None:
    macro = macro_create(
        workspace=desk.seat.workspace,
        name="Seeds on the way",
        actions={"status": "pending", "add_tags": ["seeds"]},
        texts={
            "en": "Hello {{ contact.first_name }}, your seeds are on the way.",
            "te": "నమస్కారం {{ contact.first_name }}, మీ విత్తనాలు దారిలో ఉన్నాయి.",
        },
    )
    telugu = make_ticket(desk.seat.workspace, contact=desk.ticket.contact, language="te")
    response = desk.client.post(
        url(desk.seat, "ticket_macro", telugu.number), {"macro": str(macro.pk)}, follow=True
    )
    assert flashes(response) == ["Macro “Seeds on the way” applied."]
    reply = Message.objects.get(ticket=telugu, kind=MessageKind.OUTBOUND)
    assert reply.body_text == "నమస్కారం Ravi, మీ విత్తనాలు దారిలో ఉన్నాయి."
    telugu.refresh_from_db()
    assert telugu.status == Status.PENDING
    assert [t.name for t in telugu.tags.all()] == ["seeds"]
    assert "applied the macro “Seeds on the way”." in response.content.decode()
    # The English ticket gets the English text.
    desk.post("ticket_macro", {"macro": str(macro.pk)})
    english = Message.objects.get(ticket=desk.ticket, kind=MessageKind.OUTBOUND)
    assert english.body_text == "Hello Ravi, your seeds are on the way."


@pytest.mark.parametrize("value", ["", "abc", "424242", "99999999999999999999999"])
def test_macro_bad_choice_is_a_message(desk: Desk, value: str) -> None:
    other = macro_create(workspace=make_workspace(), name="Foreign", texts={"en": "x"})
    value = str(other.pk) if value == "424242" else value
    response = desk.post("ticket_macro", {"macro": value})
    assert response.status_code == 200
    assert flashes(response) in (["Choose a macro."], ["Macro not found."])


def test_merge(desk: Desk) -> None:
    target = make_ticket(desk.seat.workspace, subject="Also about seeds")
    response = desk.post("ticket_merge", {"target": f"#{target.number}"})
    assert response.redirect_chain[-1][0] == url(desk.seat, "ticket", target.number)
    assert flashes(response) == [f"Ticket #{desk.ticket.number} merged into this one."]
    assert desk.reload().merged_into_id == target.pk
    assert f"merged ticket #{desk.ticket.number} into this one." in response.content.decode()


@pytest.mark.parametrize("target", ["", "self", "abc", "999999", "foreign", "9" * 30])
def test_merge_refusals(desk: Desk, target: str) -> None:
    foreign = make_ticket(make_workspace())
    Ticket.objects.filter(pk=foreign.pk).update(number=777)
    value = {"self": str(desk.ticket.number), "foreign": "777"}.get(target, target)
    response = desk.post("ticket_merge", {"target": value})
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == url(desk.seat, "ticket", desk.ticket.number)
    assert flashes(response) in (["Give the number of another ticket."], ["Ticket not found."])
    assert desk.reload().merged_into_id is None


def test_link(desk: Desk) -> None:
    other = make_ticket(desk.seat.workspace)
    response = desk.post("ticket_link", {"target": str(other.number), "kind": "related"})
    assert flashes(response) == ["Tickets linked."]
    link = TicketLink.objects.get()
    assert (link.source_id, link.target_id) == (desk.ticket.pk, other.pk)
    assert reverse("ui:ticket", args=[desk.seat.workspace.slug, other.number]) in (
        response.content.decode()
    )
    response = desk.post("ticket_link", {"target": str(other.number), "kind": "sibling"})
    assert flashes(response) == ["Choose how the tickets are linked."]
    response = desk.post("ticket_link", {"target": "99999", "kind": "related"})
    assert flashes(response) == ["Ticket not found."]
    assert TicketLink.objects.count() == 1


def test_split(desk: Desk) -> None:
    second = message_create(
        ticket=desk.ticket,
        author=CONTACT_AUTHOR,
        kind=MessageKind.INBOUND,
        body_text="Also, my pump is broken",
    )
    response = desk.post("ticket_split", {}, second.pk)
    new = Ticket.objects.exclude(pk=desk.ticket.pk).get()
    assert flashes(response) == [f"The message is now ticket #{new.number}."]
    assert response.redirect_chain[-1][0] == url(desk.seat, "ticket", new.number)
    assert "Also, my pump is broken" in response.content.decode()
    other = make_ticket(desk.seat.workspace)
    foreign_message = Message.objects.filter(ticket=other).get()
    response = desk.post("ticket_split", {}, foreign_message.pk)
    assert flashes(response) == ["That message is not on this ticket."]


def test_new_ticket(desk: Desk) -> None:
    path = url(desk.seat, "ticket_new")
    page = desk.client.get(path).content.decode()
    for field in ("email", "phone", "name", "subject", "body", "priority", "language"):
        assert f'<label for="id_{field}">' in page
    response = desk.client.post(
        path,
        {
            "email": "Sita@Example.test",
            "name": "Sita",
            "subject": "बीज नहीं मिले",
            "body": "फ़ोन पर बताया",
            "priority": "high",
            "language": "hi",
        },
        follow=True,
    )
    ticket = Ticket.objects.get(subject="बीज नहीं मिले")
    assert flashes(response) == [f"Ticket #{ticket.number} created."]
    assert response.redirect_chain[-1][0] == url(desk.seat, "ticket", ticket.number)
    assert (ticket.priority, ticket.language) == (Priority.HIGH, "hi")
    assert ticket.contact.name == "Sita"
    assert ticket.contact.identities.get().normalized == "sita@example.test"
    # The same customer again is the same contact.
    desk.client.post(
        path, {"email": "sita@example.test", "subject": "Again", "body": "Hi", "priority": "normal"}
    )
    assert Ticket.objects.get(subject="Again").contact_id == ticket.contact_id
    assert Contact.objects.filter(workspace=desk.seat.workspace, name="Sita").count() == 1


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"subject": "No one"}, "Give the customer&#x27;s email, phone or name."),
        ({"subject": "Bad mail", "email": "not-an-email"}, "Enter a valid email address."),
        ({"subject": "Bad phone", "phone": "call me"}, "is not a valid phone number."),
        ({"email": "a@example.test", "body": "Hi"}, "This field is required."),
        ({"email": "a@example.test", "subject": "No body", "body": ""}, "This field is required."),
        ({"subject": "x", "name": "A", "priority": "whenever"}, "Select a valid choice."),
    ],
)
def test_new_ticket_errors_stay_on_the_form(desk: Desk, data: dict[str, str], error: str) -> None:
    response = desk.client.post(
        url(desk.seat, "ticket_new"), {"priority": "normal", "body": "Hi", **data}
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert Ticket.objects.count() == 1


def test_new_ticket_is_for_agents(seat_factory: Callable[..., Seat]) -> None:
    admin = seat_factory()
    collaborator = seat_factory(workspace=admin.workspace, role=Role.COLLABORATOR)
    response = signed_in(collaborator.agent).get(url(admin, "ticket_new"))
    assert response.status_code == 403


def test_ticket_page_query_count_is_bounded(
    desk: Desk, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    path = url(desk.seat, "ticket", desk.ticket.number)
    desk.client.get(path)
    with django_assert_max_num_queries(25):
        desk.client.get(path)


def test_nul_characters_are_not_a_500(desk: Desk) -> None:
    # PostgreSQL refuses NUL in text and JSON; a browser never sends it, a script might.
    custom_field_create(
        workspace=desk.seat.workspace, key="note", label="Note", field_type=FieldType.TEXT
    )
    nul = "a\x00b"
    for name, data in [
        ("ticket_message", {"kind": "note", "body": nul}),
        ("ticket_message", {"kind": "reply", "body": nul}),
        ("ticket_properties", {"tags": nul, "cf_note": nul}),
        ("ticket_link", {"target": nul, "kind": nul}),
        ("ticket_merge", {"target": nul}),
        ("ticket_macro", {"macro": nul}),
    ]:
        assert desk.post(name, data).status_code == 200, name
    response = desk.client.post(
        url(desk.seat, "ticket_new"),
        {"name": nul, "subject": nul, "body": nul, "priority": "normal", "email": nul},
    )
    assert response.status_code == 200
