"""Merging, linking and splitting tickets."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation
from pytest_django import Settings

from samadhan.accounts.access import actor_for
from samadhan.core.errors import ValidationFailed
from samadhan.notifications.tests.catalog import write_catalog
from samadhan.testing.factories import make_contact, make_ticket, make_workspace
from samadhan.tickets.models import (
    LinkKind,
    Message,
    MessageKind,
    Status,
    Ticket,
    TicketEvent,
    TicketLink,
)
from samadhan.tickets.selectors import TicketFilters, ticket_page
from samadhan.tickets.services.merge import (
    message_split,
    ticket_link,
    ticket_merge,
    ticket_unlink,
)
from samadhan.tickets.services.message import message_create
from samadhan.tickets.services.ticket import TicketChanges, ticket_update
from samadhan.tickets.tags import ticket_tag_names
from samadhan.tickets.tests.conftest import Desk, events_of
from samadhan.tickets.timeline import CONTACT_AUTHOR


def _found(desk: Desk, query: str) -> list[int]:
    actor = actor_for(agent=desk.agent, workspace=desk.workspace)
    page = ticket_page(actor=actor, filters=TicketFilters(q=query))
    return [t.number for t in page.items]


def test_merge_moves_messages_events_tags_and_search(desk: Desk) -> None:
    target = make_ticket(desk.workspace, contact=desk.contact, subject="Order", tags=["order"])
    source = make_ticket(
        desk.workspace, contact=desk.contact, subject="Parcel", body="पार्सल टूटा", tags=["damage"]
    )
    message_create(
        ticket=source, author=CONTACT_AUTHOR, kind=MessageKind.INBOUND, body_text="ledusskapis"
    )
    source_events = list(TicketEvent.objects.filter(ticket=source).values_list("id", flat=True))
    assert _found(desk, "ledusskapis") == [source.number]

    ticket_merge(source=source, target=target, author=desk.author)

    assert list(target.messages.order_by("id").values_list("body_text", flat=True)) == [
        "It has not arrived yet.",
        "पार्सल टूटा",
        "ledusskapis",
    ]
    assert list(source.messages.values_list("kind", "body_text", "body_html")) == [
        (MessageKind.NOTE, f"Merged into #{target.number}", f"<p>Merged into #{target.number}</p>")
    ]
    assert set(source_events) <= set(
        TicketEvent.objects.filter(ticket=target).values_list("id", flat=True)
    )
    assert ticket_tag_names(target) == ["damage", "order"]
    source.refresh_from_db()
    assert (source.status, source.merged_into_id) == (Status.CLOSED, target.pk)
    assert source.closed_at is not None
    assert events_of(source) == [
        ("merged_into", "agent", desk.agent.pk, {"ticket_number": target.number}),
    ]
    assert events_of(target)[-1] == (
        "merged_from",
        "agent",
        desk.agent.pk,
        {"ticket_number": source.number, "message_count": 2},
    )
    # A word of a moved message now finds the target; the source keeps only its subject.
    assert _found(desk, "ledusskapis") == [target.number]
    assert _found(desk, "पार्सल") == [target.number]
    assert _found(desk, "Parcel") == [source.number]


@pytest.mark.parametrize("case", ["itself", "closed", "merged", "other_workspace"])
def test_merge_refusals(desk: Desk, case: str) -> None:
    source = make_ticket(desk.workspace, contact=desk.contact)
    target = make_ticket(desk.workspace, contact=desk.contact)
    if case == "itself":
        target = source
    elif case == "closed":
        ticket_update(
            ticket=target, author=desk.author, changes=TicketChanges(status=Status.CLOSED)
        )
    elif case == "merged":
        ticket_merge(source=target, target=make_ticket(desk.workspace), author=desk.author)
        target.refresh_from_db()
    else:
        target = make_ticket(make_workspace())
    before = list(Message.objects.filter(ticket=source).values_list("id", flat=True))

    with pytest.raises(ValidationFailed) as caught:
        ticket_merge(source=source, target=target, author=desk.author)

    expected = {
        "itself": "A ticket cannot be merged into itself.",
        "closed": "A closed or merged ticket cannot receive a merge.",
        "merged": "A closed or merged ticket cannot receive a merge.",
        "other_workspace": "Ticket not found.",
    }[case]
    assert caught.value.message == expected
    source.refresh_from_db()
    assert (source.merged_into_id, source.status) == (None, Status.NEW)
    assert list(Message.objects.filter(ticket=source).values_list("id", flat=True)) == before


def test_already_merged_source_is_refused(desk: Desk) -> None:
    source = make_ticket(desk.workspace, contact=desk.contact)
    first = make_ticket(desk.workspace, contact=desk.contact)
    ticket_merge(source=source, target=first, author=desk.author)
    source.refresh_from_db()
    with pytest.raises(ValidationFailed) as caught:
        ticket_merge(source=source, target=make_ticket(desk.workspace), author=desk.author)
    assert caught.value.message == "This ticket was already merged."


def test_link_and_unlink_write_events_on_both_tickets(desk: Desk) -> None:
    parent = make_ticket(desk.workspace, contact=desk.contact)
    child = make_ticket(desk.workspace, contact=desk.contact)

    link = ticket_link(source=parent, target=child, kind=LinkKind.PARENT_CHILD, author=desk.author)
    again = ticket_link(source=parent, target=child, kind=LinkKind.PARENT_CHILD, author=desk.author)

    assert again.pk == link.pk
    assert (link.source_id, link.target_id, link.kind) == (parent.pk, child.pk, "parent_child")
    assert events_of(parent)[1:] == [
        ("linked", "agent", desk.agent.pk, {"kind": "parent_child", "ticket_number": child.number}),
    ]
    assert events_of(child)[1:] == [
        (
            "linked",
            "agent",
            desk.agent.pk,
            {"kind": "parent_child", "ticket_number": parent.number},
        ),
    ]

    ticket_unlink(link=link, author=desk.author)

    assert TicketLink.objects.count() == 0
    assert events_of(parent)[-1] == (
        "unlinked",
        "agent",
        desk.agent.pk,
        {"kind": "parent_child", "ticket_number": child.number},
    )
    assert events_of(child)[-1] == (
        "unlinked",
        "agent",
        desk.agent.pk,
        {"kind": "parent_child", "ticket_number": parent.number},
    )


def test_link_to_itself_or_across_workspaces_is_refused(desk: Desk) -> None:
    ticket = make_ticket(desk.workspace, contact=desk.contact)
    foreign = make_ticket(make_workspace())
    for other in (ticket, foreign):
        with pytest.raises(ValidationFailed):
            ticket_link(source=ticket, target=other, kind=LinkKind.RELATED, author=desk.author)
    assert TicketLink.objects.count() == 0


def test_split_moves_one_customer_message_to_a_new_ticket(desk: Desk) -> None:
    ticket = make_ticket(desk.workspace, contact=desk.contact, subject="Two issues", tags=["x"])
    second = message_create(
        ticket=ticket,
        author=CONTACT_AUTHOR,
        kind=MessageKind.INBOUND,
        body_text="और मेरा पासवर्ड भी काम नहीं करता",
    )

    new = message_split(ticket=ticket, message=second, author=desk.author)

    assert new.number == 2
    assert (new.subject, new.contact_id, new.status) == ("Two issues", desk.contact.pk, Status.NEW)
    assert list(new.messages.values_list("id", flat=True)) == [second.pk]
    assert ticket.messages.count() == 1
    assert ticket_tag_names(new) == ["x"]
    assert events_of(new) == [
        ("created", "agent", desk.agent.pk, {}),
        (
            "split_from",
            "agent",
            desk.agent.pk,
            {"ticket_number": ticket.number, "message_id": second.pk},
        ),
    ]
    assert events_of(ticket)[-1] == (
        "split_to",
        "agent",
        desk.agent.pk,
        {"ticket_number": new.number, "message_id": second.pk},
    )
    link = TicketLink.objects.get()
    assert (link.source_id, link.target_id, link.kind) == (ticket.pk, new.pk, LinkKind.RELATED)
    assert _found(desk, "पासवर्ड") == [new.number]


def test_split_refusals(desk: Desk) -> None:
    ticket = make_ticket(desk.workspace, contact=desk.contact)
    only = ticket.messages.get()
    with pytest.raises(ValidationFailed) as caught:
        message_split(ticket=ticket, message=only, author=desk.author)
    assert caught.value.message == "A ticket's only message cannot be split off."

    reply = message_create(
        ticket=ticket, author=desk.author, kind=MessageKind.OUTBOUND, body_text="ok"
    )
    with pytest.raises(ValidationFailed) as caught:
        message_split(ticket=ticket, message=reply, author=desk.author)
    assert caught.value.fields == {"message_id": ["Not a customer message."]}

    elsewhere = make_ticket(desk.workspace, contact=make_contact(desk.workspace))
    with pytest.raises(ValidationFailed) as caught:
        message_split(ticket=elsewhere, message=only, author=desk.author)
    assert caught.value.fields == {"message_id": ["404"]}
    assert Ticket.objects.filter(workspace=desk.workspace).count() == 2


def test_opposite_merges_from_stale_reads_cannot_make_a_cycle(desk: Desk) -> None:
    # Two agents load A and B, then one merges A into B and the other B into A.
    a = make_ticket(desk.workspace, contact=desk.contact)
    b = make_ticket(desk.workspace, contact=desk.contact)
    a_seen_by_second, b_seen_by_second = Ticket.objects.get(pk=a.pk), Ticket.objects.get(pk=b.pk)
    ticket_merge(source=a, target=b, author=desk.author)

    with pytest.raises(ValidationFailed) as caught:
        ticket_merge(source=b_seen_by_second, target=a_seen_by_second, author=desk.author)

    assert caught.value.message == "A closed or merged ticket cannot receive a merge."
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.merged_into_id, a.status) == (b.pk, Status.CLOSED)
    assert (b.merged_into_id, b.status) == (None, Status.NEW)
    assert b.messages.count() == 2


def test_merge_note_is_in_the_workspace_language(
    desk: Desk, settings: Settings, tmp_path: Path
) -> None:
    write_catalog(tmp_path, "hi", {"Merged into #%(number)s": "#%(number)s में मिलाया गया"})
    settings.LOCALE_PATHS = [tmp_path]
    desk.workspace.default_language = "hi"
    desk.workspace.save()
    target = make_ticket(desk.workspace, contact=desk.contact)
    source = make_ticket(desk.workspace, contact=desk.contact)
    with translation.override("en"):  # the merging agent's own language does not matter
        ticket_merge(source=source, target=target, author=desk.author)
    assert list(source.messages.values_list("body_text", flat=True)) == [
        f"#{target.number} में मिलाया गया"
    ]


def test_customer_reply_to_a_merged_ticket_lands_on_the_target(desk: Desk) -> None:
    first = make_ticket(desk.workspace, contact=desk.contact)
    middle = make_ticket(desk.workspace, contact=desk.contact)
    final = make_ticket(desk.workspace, contact=desk.contact)
    ticket_merge(source=first, target=middle, author=desk.author)
    middle.refresh_from_db()
    ticket_merge(source=middle, target=final, author=desk.author)
    ticket_update(ticket=final, author=desk.author, changes=TicketChanges(status=Status.SOLVED))
    first.refresh_from_db()

    reply = message_create(
        ticket=first, author=CONTACT_AUTHOR, kind=MessageKind.INBOUND, body_text="Any news?"
    )

    assert reply.ticket_id == final.pk
    assert Ticket.objects.filter(workspace=desk.workspace).count() == 3  # no follow-up
    final.refresh_from_db()
    assert (final.status, final.reopened_count) == (Status.OPEN, 1)
    assert _found(desk, "news") == [final.number]
