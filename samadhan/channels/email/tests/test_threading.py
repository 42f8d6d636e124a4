"""Which ticket a mail joins: headers, reply tokens, subject numbers — and who may use them."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samadhan.channels.email.headers import reply_address
from samadhan.channels.email.models import RawEmailStatus
from samadhan.channels.email.services import EmailSettingsChanges, email_settings_update
from samadhan.channels.email.tests.mailbuild import build, deliver, make_email_inbox
from samadhan.channels.models import Inbox
from samadhan.testing.factories import make_agent, make_workspace
from samadhan.tickets.models import (
    LinkKind,
    Message,
    MessageKind,
    Status,
    Ticket,
    TicketLink,
    TicketParticipant,
)
from samadhan.tickets.services.message import message_create
from samadhan.tickets.services.ticket import TicketChanges, ticket_update
from samadhan.tickets.timeline import SYSTEM, Author

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
QUOTED = (
    "Thanks, found it!\n\n"
    "On Mon, 2 Mar 2026 at 09:00, Support <support@shop.example> wrote:\n"
    "> Look in the shed.\n"
)


@pytest.fixture
def inbox() -> Inbox:
    return make_email_inbox(make_workspace())


def first_ticket(
    inbox: Inbox, *, to: str = "support@shop.example", cc: str | None = None
) -> Ticket:
    raw = deliver(inbox, build(message_id="<first@customer.example>", to=to, cc=cc))
    assert raw.ticket is not None
    return raw.ticket


def agent_reply(ticket: Ticket, external_id: str) -> Message:
    agent = make_agent(ticket.workspace)
    return message_create(
        ticket=ticket,
        author=Author.of_agent(agent),
        kind=MessageKind.OUTBOUND,
        body_text="Look in the shed.",
        inbox=ticket.inbox,
        external_id=external_id,
    )


def test_reply_to_the_customers_own_message_joins_the_ticket(inbox: Inbox) -> None:
    ticket = first_ticket(inbox)
    raw = deliver(
        inbox, build(subject="Re: My parcel", body=QUOTED, in_reply_to="<first@customer.example>")
    )
    assert raw.ticket_id == ticket.pk
    message = raw.result_message
    assert message is not None
    assert (message.kind, message.body_text) == (MessageKind.INBOUND, "Thanks, found it!")
    assert Ticket.objects.count() == 1


def test_reply_referencing_our_outbound_message_joins_and_reopens(inbox: Inbox) -> None:
    ticket = first_ticket(inbox)
    agent_reply(ticket, "ours.1@shop.example")
    ticket_update(ticket=ticket, author=SYSTEM, changes=TicketChanges(status=Status.SOLVED))
    raw = deliver(
        inbox,
        build(subject="Re: something else", references="<unknown@x> <ours.1@shop.example>"),
    )
    assert raw.ticket_id == ticket.pk
    ticket.refresh_from_db()
    assert (ticket.status, ticket.reopened_count) == (Status.OPEN, 1)


def test_plus_address_token_threads_and_a_forged_one_does_not(inbox: Inbox) -> None:
    ticket = first_ticket(inbox)
    good = reply_address("support@shop.example", ticket.pk)
    raw = deliver(inbox, build(to=good, subject="totally new words", sender="x@elsewhere.example"))
    assert raw.ticket_id == ticket.pk
    forged = f"support+{ticket.pk}-aaaaaaaaaa@shop.example"
    raw = deliver(inbox, build(to=forged, subject="new words"))
    assert raw.ticket_id != ticket.pk
    assert Ticket.objects.count() == 2


def test_subject_number_only_counts_for_people_in_the_ticket(inbox: Inbox) -> None:
    ticket = first_ticket(inbox, cc="Ravi <ravi@customer.example>")
    subject = f"Re: [#{ticket.number}] My parcel"
    from_contact = deliver(inbox, build(subject=subject))
    from_cc = deliver(inbox, build(subject=subject, sender="ravi@customer.example"))
    from_stranger = deliver(inbox, build(subject=subject, sender="eve@attacker.example"))
    assert from_contact.ticket_id == ticket.pk
    assert from_cc.ticket_id == ticket.pk
    assert from_stranger.ticket_id != ticket.pk
    assert from_stranger.ticket is not None
    assert from_stranger.ticket.contact.name == ""


def test_cc_and_to_become_participants_but_not_our_addresses(inbox: Inbox) -> None:
    make_email_inbox(inbox.workspace, "sales@shop.example")
    ticket = first_ticket(
        inbox,
        to="support@shop.example, Sales <sales+x@shop.example>, Boss <boss@customer.example>",
        cc="Ravi <RAVI@customer.example>, asha@customer.example",
    )
    assert sorted(TicketParticipant.objects.filter(ticket=ticket).values_list("email", "name")) == [
        ("boss@customer.example", "Boss"),
        ("ravi@customer.example", "Ravi"),
    ]


def test_message_to_a_closed_ticket_opens_a_linked_follow_up(inbox: Inbox) -> None:
    ticket = first_ticket(inbox)
    ticket_update(ticket=ticket, author=SYSTEM, changes=TicketChanges(status=Status.SOLVED))
    ticket_update(ticket=ticket, author=SYSTEM, changes=TicketChanges(status=Status.CLOSED))
    raw = deliver(inbox, build(in_reply_to="<first@customer.example>"))
    assert raw.ticket_id != ticket.pk
    assert TicketLink.objects.filter(
        source=ticket, target_id=raw.ticket_id, kind=LinkKind.FOLLOW_UP
    ).exists()


def test_reply_long_after_solving_opens_a_follow_up_not_a_reopen(inbox: Inbox) -> None:
    with time_machine.travel(T0, tick=False):
        ticket = first_ticket(inbox)
        ticket_update(ticket=ticket, author=SYSTEM, changes=TicketChanges(status=Status.SOLVED))
    with time_machine.travel(T0 + timedelta(days=13), tick=False):
        soon = deliver(inbox, build(in_reply_to="<first@customer.example>"))
        assert soon.ticket_id == ticket.pk
        again = Ticket.objects.get(pk=ticket.pk)
        ticket_update(ticket=again, author=SYSTEM, changes=TicketChanges(status=Status.SOLVED))
    with time_machine.travel(T0 + timedelta(days=13 + 15), tick=False):
        late = deliver(inbox, build(in_reply_to="<first@customer.example>"))
    assert late.ticket_id != ticket.pk
    assert late.ticket is not None
    assert late.ticket.subject == ticket.subject
    assert TicketLink.objects.filter(
        source=ticket, target=late.ticket, kind=LinkKind.FOLLOW_UP
    ).exists()
    assert Ticket.objects.get(pk=ticket.pk).status == Status.SOLVED


def test_auto_reply_is_a_note_on_the_ticket_and_ignored_elsewhere(inbox: Inbox) -> None:
    ticket = first_ticket(inbox)
    agent_reply(ticket, "ours.2@shop.example")
    ticket_update(ticket=ticket, author=SYSTEM, changes=TicketChanges(status=Status.PENDING))
    ooo = {"Auto-Submitted": "auto-replied"}
    raw = deliver(
        inbox, build(subject="Out of office", in_reply_to="<ours.2@shop.example>", headers=ooo)
    )
    assert raw.status == RawEmailStatus.PROCESSED
    assert raw.result_message is not None
    assert raw.result_message.kind == MessageKind.NOTE
    assert raw.result_message.body_text.startswith("Automatic reply from asha@customer.example:")
    assert Ticket.objects.get(pk=ticket.pk).status == Status.PENDING
    lonely = deliver(inbox, build(subject="Out of office", headers=ooo))
    assert (lonely.status, lonely.ticket_id) == (RawEmailStatus.IGNORED, None)
    assert Ticket.objects.count() == 1


def test_our_own_message_coming_back_is_ignored(inbox: Inbox) -> None:
    ticket = first_ticket(inbox)
    agent_reply(ticket, "ours.3@shop.example")
    echo = deliver(inbox, build(message_id="<ours.3@shop.example>", sender="support@shop.example"))
    assert echo.status == RawEmailStatus.IGNORED
    from_us = deliver(inbox, build(sender="Support <Support@shop.example>"))
    assert from_us.status == RawEmailStatus.IGNORED
    assert Message.objects.filter(ticket=ticket).count() == 2


def test_agent_answering_by_mail_leaves_an_internal_note(inbox: Inbox) -> None:
    ticket = first_ticket(inbox)
    agent = make_agent(inbox.workspace, email="priya@shop.example")
    raw = deliver(
        inbox,
        build(
            sender="Priya <priya@shop.example>", body=QUOTED, in_reply_to="<first@customer.example>"
        ),
    )
    message = raw.result_message
    assert message is not None
    assert (message.kind, message.author_agent_id, message.ticket_id) == (
        MessageKind.NOTE,
        agent.pk,
        ticket.pk,
    )


_ids = itertools.count(1)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    sender=st.sampled_from(["contact", "participant", "stranger"]),
    header=st.sampled_from(["none", "valid", "bogus"]),
    token=st.sampled_from(["none", "valid", "forged", "other_inbox"]),
    subject=st.sampled_from(["none", "this", "other"]),
)
def test_never_joins_a_ticket_the_sender_is_not_in_unless_proven(
    inbox: Inbox, sender: str, header: str, token: str, subject: str
) -> None:
    """Property: a mail lands on ticket T only if headers or a token prove it, or the
    sender takes part in T."""
    n = next(_ids)
    target = deliver(
        inbox,
        build(
            sender=f"owner{n}@customer.example",
            cc=f"cc{n}@customer.example",
            message_id=f"<root{n}@customer.example>",
        ),
    ).ticket
    other = deliver(inbox, build(sender=f"other{n}@customer.example")).ticket
    assert target is not None
    assert other is not None
    address = {
        "contact": f"owner{n}@customer.example",
        "participant": f"cc{n}@customer.example",
        "stranger": f"stranger{n}@attacker.example",
    }[sender]
    to = {
        "none": "support@shop.example",
        "valid": reply_address("support@shop.example", target.pk),
        "forged": f"support+{target.pk}-abcdefghij@shop.example",
        "other_inbox": reply_address("sales@shop.example", target.pk),
    }[token]
    refs = {"none": None, "valid": f"<root{n}@customer.example>", "bogus": f"<nope{n}@x>"}[header]
    number = {"none": "", "this": f"[#{target.number}] ", "other": f"[#{other.number}] "}[subject]
    raw = deliver(inbox, build(sender=address, to=to, subject=f"{number}hello", references=refs))
    assert raw.ticket is not None
    proven = header == "valid" or token == "valid"
    if raw.ticket.pk == target.pk:
        assert proven or sender in ("contact", "participant")
    # Only other's contact may use its number, and they never write here.
    assert raw.ticket.pk != other.pk
    if proven:
        assert raw.ticket.pk == target.pk
    if not proven and subject == "this" and sender != "stranger":
        assert raw.ticket.pk == target.pk
    if not proven and sender == "stranger":
        assert raw.ticket.pk not in (target.pk, other.pk)


def test_a_mail_loop_is_cut_off_per_contact(inbox: Inbox, settings: Any) -> None:
    settings.SAMADHAN = {**settings.SAMADHAN, "EMAIL_CONTACT_LIMIT_PER_HOUR": 3}
    results = [deliver(inbox, build(subject=f"loop {i}")) for i in range(5)]
    assert [r.status for r in results] == ["processed"] * 3 + ["ignored"] * 2
    assert results[-1].error == "too many mails from this sender (loop?)"
    other = deliver(inbox, build(sender="someone@else.example"))
    assert other.status == RawEmailStatus.PROCESSED
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        later = deliver(inbox, build(subject="later"))
    assert later.status == RawEmailStatus.PROCESSED


def test_reply_to_names_the_sender_when_from_is_missing(inbox: Inbox) -> None:
    raw = build(headers={"Reply-To": "Kiran <kiran@customer.example>"})
    no_from = raw.replace(b"From: Asha <asha@customer.example>\n", b"")
    assert b"Asha" not in no_from
    result = deliver(inbox, no_from)
    assert result.ticket is not None
    assert result.ticket.contact.name == "Kiran"


def test_agent_forward_becomes_a_ticket_for_the_original_sender_when_configured(
    inbox: Inbox,
) -> None:
    make_agent(inbox.workspace, email="priya@shop.example")

    def forward() -> bytes:
        return build(
            sender="Priya <priya@shop.example>",
            subject="Fwd: Broken kettle",
            body=(
                "Can we help her?\n\n---------- Forwarded message ---------\n"
                "From: Meena Iyer <meena@customer.example>\nDate: Mon, 2 Mar 2026\n"
                "Subject: Broken kettle\n\nMy kettle broke.\n"
            ),
        )

    plain = deliver(inbox, forward())
    assert plain.ticket is not None
    assert plain.ticket.contact.name == "Priya"
    settings = inbox.email
    email_settings_update(
        email_settings=settings,
        by=None,
        changes=EmailSettingsChanges(create_tickets_from_agent_forwards=True),
    )
    fresh = deliver(inbox, forward())
    assert fresh.ticket is not None
    assert fresh.ticket.contact.name == "Meena Iyer"
    assert fresh.result_message is not None
    assert "My kettle broke." in fresh.result_message.body_text
