"""Reading tickets: visibility, timelines and their query cost."""

from __future__ import annotations

import io

import pytest
from pytest_django import DjangoAssertNumQueries

from samadhan.accounts.access import actor_for
from samadhan.accounts.models import Role
from samadhan.accounts.services import team_create
from samadhan.core.errors import NotFound
from samadhan.testing.factories import make_agent, make_ticket, make_workspace
from samadhan.tickets.access import access_ticket, tickets_visible_to
from samadhan.tickets.models import LinkKind, MessageKind
from samadhan.tickets.selectors import (
    TicketFilters,
    event_list,
    link_list,
    message_list,
    ticket_page,
)
from samadhan.tickets.services.merge import ticket_link
from samadhan.tickets.services.message import attachment_upload, message_create
from samadhan.tickets.tests.conftest import Desk


def test_messages_with_authors_and_attachments_in_two_queries(
    desk: Desk, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    ticket = make_ticket(desk.workspace, contact=desk.contact)
    for n in range(4):
        upload = attachment_upload(
            workspace_id=desk.workspace.pk,
            uploaded_by=desk.agent,
            filename=f"photo{n}.jpg",
            content_type="image/jpeg",
            stream=io.BytesIO(b"jpeg" * (n + 1)),
            size=4 * (n + 1),
        )
        message_create(
            ticket=ticket,
            author=desk.author,
            kind=MessageKind.OUTBOUND,
            body_text=f"reply {n}",
            attachment_ids=[upload.pk],
        )
    actor = actor_for(agent=desk.agent, workspace=desk.workspace)

    with django_assert_num_queries(2):
        rows = [
            (
                m.body_text,
                m.author_agent.name if m.author_agent else None,
                m.author_contact.name if m.author_contact else None,
                m.ticket.number,
                [a.filename for a in m.attachments.all()],
            )
            for m in message_list(actor=actor, ticket=ticket)
        ]
    assert rows == [
        ("It has not arrived yet.", None, "Ravi Kumar", 1, []),
        ("reply 0", "Asha Rao", None, 1, ["photo0.jpg"]),
        ("reply 1", "Asha Rao", None, 1, ["photo1.jpg"]),
        ("reply 2", "Asha Rao", None, 1, ["photo2.jpg"]),
        ("reply 3", "Asha Rao", None, 1, ["photo3.jpg"]),
    ]
    with django_assert_num_queries(1):
        assert [e.kind for e in event_list(actor=actor, ticket=ticket)] == [
            "created",
            "status_changed",
        ]


def test_other_workspaces_see_nothing(desk: Desk) -> None:
    ticket = make_ticket(desk.workspace, contact=desk.contact)
    other = make_ticket(desk.workspace, contact=desk.contact)
    ticket_link(source=ticket, target=other, kind=LinkKind.RELATED, author=desk.author)
    elsewhere = make_workspace()
    outsider = actor_for(agent=make_agent(elsewhere), workspace=elsewhere)

    assert list(tickets_visible_to(outsider)) == []
    with pytest.raises(NotFound):
        access_ticket(outsider, ticket.number)
    assert list(message_list(actor=outsider, ticket=ticket)) == []
    assert list(event_list(actor=outsider, ticket=ticket)) == []
    assert link_list(actor=outsider, ticket=ticket) == []
    assert ticket_page(actor=outsider, filters=TicketFilters()).items == []


def test_collaborators_see_only_their_teams_tickets(desk: Desk) -> None:
    helper = make_agent(desk.workspace, role=Role.COLLABORATOR)
    mine = team_create(workspace=desk.workspace, name="Returns", members=[helper])
    theirs = team_create(workspace=desk.workspace, name="Billing")
    visible = make_ticket(desk.workspace, contact=desk.contact, team_id=mine.pk)
    hidden = make_ticket(desk.workspace, contact=desk.contact, team_id=theirs.pk)
    unteamed = make_ticket(desk.workspace, contact=desk.contact)
    collaborator = actor_for(agent=helper, workspace=desk.workspace)
    agent = actor_for(agent=desk.agent, workspace=desk.workspace)

    assert [t.number for t in tickets_visible_to(collaborator)] == [visible.number]
    assert access_ticket(collaborator, visible.number).pk == visible.pk
    for number in (hidden.number, unteamed.number):
        with pytest.raises(NotFound):
            access_ticket(collaborator, number)
    assert sorted(t.number for t in tickets_visible_to(agent)) == [
        visible.number,
        hidden.number,
        unteamed.number,
    ]


@pytest.mark.parametrize(
    ("filters", "subjects"),
    [
        (TicketFilters(status=["open"]), ["replied"]),
        (TicketFilters(assignee="me"), ["mine"]),
        (TicketFilters(assignee="none"), ["new", "replied"]),
        (TicketFilters(tag="VIP"), ["new"]),
        (TicketFilters(tag="missing"), []),
        (TicketFilters(language="hi"), ["mine"]),
    ],
)
def test_filters(desk: Desk, filters: TicketFilters, subjects: list[str]) -> None:
    make_ticket(desk.workspace, contact=desk.contact, subject="new", tags=["vip"])
    replied = make_ticket(desk.workspace, contact=desk.contact, subject="replied")
    message_create(ticket=replied, author=desk.author, kind=MessageKind.OUTBOUND, body_text="hi")
    make_ticket(
        desk.workspace,
        contact=desk.contact,
        subject="mine",
        assignee_id=desk.agent.pk,
        language="hi",
    )
    actor = actor_for(agent=desk.agent, workspace=desk.workspace)
    page = ticket_page(actor=actor, filters=filters)
    assert sorted(t.subject for t in page.items) == subjects
