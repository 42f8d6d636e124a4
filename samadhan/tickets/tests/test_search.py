"""Ticket search on the real database: SQLite FTS5 or PostgreSQL token arrays.

Both databases index the same ``core.text.tokens``; the one designed
difference is that SQLite matches the last query word as a prefix while
PostgreSQL matches whole tokens only. Each test asserts what must hold on both,
and the prefix test asserts each database's own behaviour.
"""

from __future__ import annotations

import pytest
from django.db import connection
from pytest_django import DjangoAssertNumQueries

from samadhan.accounts.access import actor_for
from samadhan.testing.factories import make_agent, make_contact, make_ticket, make_workspace
from samadhan.tickets.models import MessageKind, Ticket
from samadhan.tickets.search import filter_tickets
from samadhan.tickets.selectors import TicketFilters, ticket_page
from samadhan.tickets.services.message import message_create
from samadhan.tickets.services.ticket import TicketChanges, ticket_update
from samadhan.tickets.tests.conftest import Desk
from samadhan.tickets.timeline import CONTACT_AUTHOR


def _search(desk: Desk, query: str) -> list[str]:
    qs = filter_tickets(
        Ticket.objects.filter(workspace=desk.workspace), workspace_id=desk.workspace.pk, query=query
    )
    return sorted(qs.values_list("subject", flat=True))


@pytest.fixture
def corpus(desk: Desk) -> Desk:
    texts = {
        "hindi-book": "मेरी किताब अभी तक नहीं आई",
        "hindi-work": "यह काम नहीं करता",
        "telugu": "నా ఆర్డర్ ౪౫౬ ఇంకా రాలేదు",
        "marathi": "माझी ऑर्डर ४५६ अजून आली नाही",
        "latvian": "Ķēdes ir salūzušas, ledusskapis ir salūzis",
        "joiner": "मैं\u200dने भुगतान किया",
        "english": "Order 789 arrived broken",
    }
    for subject, body in texts.items():
        make_ticket(desk.workspace, contact=desk.contact, subject=subject, body=body)
    return desk


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("किताब", ["hindi-book"]),
        ("ఆర్డర్", ["telugu"]),
        ("ऑर्डर", ["marathi"]),
        # Indic digits and ASCII digits are the same order number.
        ("456", ["marathi", "telugu"]),
        ("४५६", ["marathi", "telugu"]),
        ("౪౫౬", ["marathi", "telugu"]),
        # Latin diacritics fold both ways.
        ("kedes", ["latvian"]),
        ("ĶĒDES", ["latvian"]),
        ("ledusskapis saluzis", ["latvian"]),
        # Folding is not stemming: a different word does not match.
        ("ledusskapis ir salauzts", []),
        # Hindi vowel signs are never stripped: कम (less) is not काम (work).
        ("कम", []),
        ("काम", ["hindi-work"]),
        # Joiners do not split or change a word, in the text or the query.
        ("मैंने", ["joiner"]),
        ("मैं\u200cने", ["joiner"]),
        # Every word must match; case does not matter.
        ("ORDER 789", ["english"]),
        ("order 790", []),
        ("नहीं", ["hindi-book", "hindi-work"]),
        # Subjects are searchable too.
        ("telugu", ["telugu"]),
        # Punctuation and FTS syntax are just separators, never query syntax.
        ('"किताब" OR NEAR(*', []),
        ("किताब*", ["hindi-book"]),
        ("", []),
        ("!!!", []),
    ],
)
def test_search_on_both_databases(corpus: Desk, query: str, found: list[str]) -> None:
    assert _search(corpus, query) == found


def test_last_word_prefix_is_sqlite_only(corpus: Desk) -> None:
    if connection.vendor == "sqlite":
        assert _search(corpus, "ledussk") == ["latvian"]
        assert _search(corpus, "किता") == ["hindi-book"]
        # Only the last word is a prefix.
        assert _search(corpus, "ledussk ir") == []
    else:
        assert connection.vendor == "postgresql"
        assert _search(corpus, "ledussk") == []
        assert _search(corpus, "किता") == []
    # Whole words match on both.
    assert _search(corpus, "ledusskapis") == ["latvian"]


def test_search_is_scoped_to_the_workspace(corpus: Desk) -> None:
    other = make_workspace()
    make_ticket(other, subject="foreign", body="मेरी किताब भी नहीं आई")
    assert _search(corpus, "किताब") == ["hindi-book"]
    agent = make_agent(other)
    page = ticket_page(
        actor=actor_for(agent=agent, workspace=other), filters=TicketFilters(q="किताब")
    )
    assert [t.subject for t in page.items] == ["foreign"]


def test_new_messages_and_subject_changes_are_indexed(desk: Desk) -> None:
    ticket = make_ticket(desk.workspace, contact=desk.contact, subject="Fridge")
    message_create(
        ticket=ticket, author=CONTACT_AUTHOR, kind=MessageKind.INBOUND, body_text="ఫ్రిజ్ పని చేయడం లేదు"
    )
    message_create(ticket=ticket, author=desk.author, kind=MessageKind.NOTE, body_text="warranty")
    ticket_update(ticket=ticket, author=desk.author, changes=TicketChanges(subject="Ledusskapis"))

    assert _search(desk, "ఫ్రిజ్") == ["Ledusskapis"]
    assert _search(desk, "warranty") == ["Ledusskapis"]
    assert _search(desk, "ledusskapis") == ["Ledusskapis"]
    # The old subject is no longer indexed.
    assert _search(desk, "fridge") == []


def test_search_page_costs_two_queries_whatever_the_size(
    corpus: Desk, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    contact = make_contact(corpus.workspace)
    for n in range(5):
        make_ticket(
            corpus.workspace, contact=contact, subject=f"more {n}", body="किताब", tags=["a", "b"]
        )
    actor = actor_for(agent=corpus.agent, workspace=corpus.workspace)
    filters = TicketFilters(q="किताब", contact_id=contact.pk)
    # One query for the page (search is a subquery), one for all the tags.
    with django_assert_num_queries(2):
        page = ticket_page(actor=actor, filters=filters, limit=3)
        rows = [(t.subject, [tag.name for tag in t.tags.all()]) for t in page.items]
    assert rows == [("more 4", ["a", "b"]), ("more 3", ["a", "b"]), ("more 2", ["a", "b"])]
    assert page.next_cursor is not None
    with django_assert_num_queries(2):
        rest = ticket_page(actor=actor, filters=filters, cursor=page.next_cursor, limit=3)
        assert [t.subject for t in rest.items] == ["more 1", "more 0"]
    assert rest.next_cursor is None
