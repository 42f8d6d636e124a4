"""Full-text index of ticket subjects and messages.

SQLite: an FTS5 table whose tokenizer keeps marks (``L* N* Co M*``).
PostgreSQL: a table of token arrays with a GIN index. Both are fed the same
``core.text.tokens`` so search behaves the same on either database.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from samadhan.core.text import tokens
from samadhan.tickets.models import Ticket

MAX_QUERY_TOKENS = 8
_SQLITE_MATCH = (
    "SELECT ticket_id FROM ticket_search WHERE ticket_search MATCH %s AND workspace_id = %s"
)
_POSTGRES_MATCH = (
    "SELECT ticket_id FROM ticket_search WHERE tokens @> %s::text[] AND workspace_id = %s"
)
# Row key for the subject entry of a ticket: message ids are positive.
_SUBJECT = 0


def _sqlite() -> bool:
    return connection.vendor == "sqlite"


def index_entries(entries: list[tuple[int, int, int, str]]) -> None:
    """Index (workspace_id, ticket_id, message_id or 0 for the subject, text)."""
    rows = [(ws, ticket, key, " ".join(tokens(text))) for ws, ticket, key, text in entries]
    rows = [r for r in rows if r[3]]
    if not rows:
        return
    with connection.cursor() as cursor:
        if _sqlite():
            # rowid = message id, or -ticket id for the subject: updates hit one row.
            cursor.executemany(
                "INSERT INTO ticket_search (rowid, workspace_id, ticket_id, message_id, body) "
                "VALUES (%s, %s, %s, %s, %s)",
                [(m or -t, ws, t, m, body) for ws, t, m, body in rows],
            )
        else:
            cursor.executemany(
                "INSERT INTO ticket_search (workspace_id, ticket_id, message_id, tokens) "
                "VALUES (%s, %s, %s, %s)",
                [(ws, t, m, sorted(set(body.split()))) for ws, t, m, body in rows],
            )


def index_subject(*, ticket: Ticket) -> None:
    with connection.cursor() as cursor:
        if _sqlite():
            cursor.execute("DELETE FROM ticket_search WHERE rowid = %s", [-ticket.pk])
        else:
            cursor.execute(
                "DELETE FROM ticket_search WHERE ticket_id = %s AND message_id = %s",
                [ticket.pk, _SUBJECT],
            )
    index_entries([(ticket.workspace_id, ticket.pk, _SUBJECT, ticket.subject)])


def reassign(*, message_ids: list[int], ticket_id: int) -> None:
    if not message_ids:
        return
    with connection.cursor() as cursor:
        placeholders = ",".join(["%s"] * len(message_ids))
        key = "rowid" if _sqlite() else "message_id"
        cursor.execute(
            f"UPDATE ticket_search SET ticket_id = %s WHERE {key} IN ({placeholders})",  # noqa: S608
            [ticket_id, *message_ids],
        )


def filter_tickets(qs: QuerySet[Ticket], *, workspace_id: int, query: str) -> QuerySet[Ticket]:
    """Narrow ``qs`` to tickets whose subject or one message has every query word."""
    words = tokens(query)[:MAX_QUERY_TOKENS]
    if not words:
        return qs.none()
    if _sqlite():
        # Each word quoted (no FTS syntax from users); the last one as a prefix.
        match = " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'
        sql, params = _SQLITE_MATCH, [match.strip(), workspace_id]
    else:
        sql, params = _POSTGRES_MATCH, [sorted(set(words)), workspace_id]
    # Parameters are bound; no user text reaches the SQL string.
    return qs.filter(id__in=RawSQL(sql, params))  # noqa: S611
