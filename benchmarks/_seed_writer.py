"""The seed's bulk writer (benchmarks/_seed.py): PostgreSQL COPY or SQLite executemany,
secondary indexes of the big tables dropped for the load, and the database's size.

Imported after ``django.setup()``: it reads the connection's vendor at import.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.db import connection

BIG_TABLES = [
    "contacts_contact",
    "contacts_identity",
    "tickets_ticket",
    "tickets_message",
    "tickets_ticketevent",
    "tickets_tickettag",
    "ticket_search",
]
SQLITE = connection.vendor == "sqlite"


def _esc(value: object) -> str:
    if value is None:
        return r"\N"
    s = value if isinstance(value, str) else str(value)
    if "\\" in s or "\t" in s or "\n" in s or "\r" in s:
        s = s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return s


def _ts(moment: datetime) -> str:
    """As Django stores it: naive UTC text on SQLite, timestamptz text on PostgreSQL."""
    text = moment.strftime("%Y-%m-%d %H:%M:%S.%f")
    return text if SQLITE else text + "+00"


class Writer:
    def __init__(self) -> None:
        connection.ensure_connection()
        self.raw = connection.connection

    def rows(self, table: str, cols: str, rows: list[tuple]) -> None:
        if not rows:
            return
        if SQLITE:
            marks = ",".join("?" * len(rows[0]))
            if not self.raw.in_transaction:
                self.raw.execute("BEGIN")
            self.raw.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)
        else:
            data = "\n".join("\t".join(_esc(v) for v in row) for row in rows) + "\n"
            with self.raw.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as cp:
                cp.write(data)

    def execute(self, sql: str) -> None:
        if SQLITE:
            if sql.startswith(("CREATE", "UPDATE", "DROP")) and not self.raw.in_transaction:
                self.raw.execute("BEGIN")
            self.raw.execute(sql)
        else:
            with self.raw.cursor() as cur:
                cur.execute(sql)

    def query(self, sql: str) -> list[tuple]:
        cur = self.raw.cursor()
        try:
            cur.execute(sql)
            return list(cur.fetchall())
        finally:
            cur.close()

    def commit(self) -> None:
        self.raw.commit()


def drop_indexes(w: Writer) -> list[str]:
    """Drop the secondary indexes of the big tables; return their CREATE statements."""
    names = ",".join(f"'{t}'" for t in BIG_TABLES)
    if SQLITE:
        found = w.query(
            f"SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({names})"
        )
    else:
        found = w.query(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            f"WHERE i.schemaname='public' AND i.tablename IN ({names}) AND i.indexname NOT IN "
            "(SELECT c.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conindid)"
        )
    for name, _sql in found:
        w.execute(f'DROP INDEX "{name}"')
    w.commit()
    return [sql for _name, sql in found]


def db_size(w: Writer) -> int:
    if SQLITE:
        path = Path(connection.settings_dict["NAME"])
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    return int(w.query("SELECT pg_database_size(current_database())")[0][0])
