"""Migration 0008: index rows written before fold() learnt Indic variants still match."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection

from samadhan.testing.factories import make_ticket, make_workspace
from samadhan.tickets.models import Ticket
from samadhan.tickets.search import filter_tickets

refold_migration = importlib.import_module(
    "samadhan.tickets.migrations.0008_ticket_search_indic_variants"
)


def _write_old_tokens(ticket: Ticket, words: list[str]) -> None:
    """The index row as the previous fold() wrote it: candrabindu and nukta kept."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "UPDATE ticket_search SET body = %s WHERE rowid = %s", [" ".join(words), -ticket.pk]
            )
        else:
            cursor.execute(
                "UPDATE ticket_search SET tokens = %s WHERE ticket_id = %s AND message_id = 0",
                [words, ticket.pk],
            )


@pytest.mark.django_db
def test_rows_indexed_before_the_variants_are_refolded() -> None:
    workspace = make_workspace()
    ticket = make_ticket(workspace, subject="ऑर्डर कहाँ है क़ीमत")
    _write_old_tokens(ticket, ["ऑर्डर", "कहाँ", "है", "क\u093cीमत"])
    found = filter_tickets(Ticket.objects.all(), workspace_id=workspace.pk, query="कहाँ")
    assert list(found) == []

    refold_migration.refold(None, SimpleNamespace(connection=connection))

    for query in ("कहाँ", "कहां", "क़ीमत", "कीमत"):
        found = filter_tickets(Ticket.objects.all(), workspace_id=workspace.pk, query=query)
        assert list(found) == [ticket], query
