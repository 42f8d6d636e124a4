"""The lexical channel: one row per indexed translation, ranked with BM25-like scores.

SQLite: an FTS5 table (``kb_search_fts``, rowid = translation id) with columns
title, keywords and body over pre-analysed tokens, tokenizer
``unicode61 categories 'L* N* Co M*'``, ranked by ``bm25()`` with column weights.

PostgreSQL: ``kb_search_lexical`` with a ``tsvector`` built in Python (lexemes
are our tokens; weight A title, B keywords, D body; positions kept) under a GIN
index. PostgreSQL's parser never sees the text (decision 0003). ``ts_rank`` has
no inverse document frequency, so each query word is ranked on its own and
weighted by its IDF over the matching rows, which approximates BM25.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.backends.utils import CursorWrapper

from samadhan.kb.search.analysis import document_tokens

MAX_QUERY_TOKENS = 16
# PostgreSQL refuses lexemes over 2047 bytes; no real word is this long.
MAX_TOKEN_CHARS = 100
MAX_POSITION = 16383
# A query word in more than this share of the indexed translations (SQLite:
# counted by the fts5vocab table, across workspaces; PostgreSQL: in the
# workspace) adds little to BM25 but makes the database rank nearly every row:
# 242 ms instead of 48 for "how do i track my order" on 10k (FTS5).
COMMON_WORD_SHARE = 0.2
KEEP_RAREST = 2
# Column weights: a word in the title says more than one in the body.
SQLITE_WEIGHTS = (4.0, 2.0, 1.0)
POSTGRES_WEIGHTS = "{0.1, 0.2, 0.5, 1.0}"  # D, C, B, A


@dataclass(frozen=True)
class LexicalHit:
    translation_id: int
    score: float


def _usable(words: list[str]) -> list[str]:
    return [w for w in words if len(w) <= MAX_TOKEN_CHARS]


def _sqlite() -> bool:
    return connection.vendor == "sqlite"


def _tsvector(title: list[str], keywords: list[str], body: list[str]) -> str:
    """A tsvector literal: ``'word':1A,7 'other':3B``; tokens never contain quotes."""
    positions: dict[str, list[str]] = defaultdict(list)
    position = 0
    for weight, words in (("A", title), ("B", keywords), ("D", body)):
        for word in _usable(words):
            position = min(position + 1, MAX_POSITION)
            entry = f"{position}{weight}" if weight != "D" else str(position)
            if len(positions[word]) < 255:
                positions[word].append(entry)
    return " ".join(f"'{word}':{','.join(p)}" for word, p in positions.items())


def index_rows(rows: list[tuple[int, int, str, str, str, list[str], str]]) -> None:
    """(translation id, workspace id, language, status, title, keywords, body): replace rows."""
    remove([row[0] for row in rows])
    prepared = []
    for translation_id, workspace_id, language, status, title, keywords, body in rows:
        t, k, b = (
            document_tokens(title),
            document_tokens(" ".join(keywords)),
            document_tokens(body),
        )
        prepared.append((translation_id, workspace_id, language, status, t, k, b))
    with connection.cursor() as cursor:
        if _sqlite():
            cursor.executemany(
                "INSERT INTO kb_search_fts (rowid, title, keywords, body, workspace_id, "
                "language, status) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [
                    (tid, " ".join(t), " ".join(k), " ".join(b), ws, lang, status)
                    for tid, ws, lang, status, t, k, b in prepared
                ],
            )
        else:
            cursor.executemany(
                "INSERT INTO kb_search_lexical (translation_id, workspace_id, language, status, "
                "tsv) VALUES (%s, %s, %s, %s, %s::tsvector)",
                [
                    (tid, ws, lang, status, _tsvector(t, k, b))
                    for tid, ws, lang, status, t, k, b in prepared
                ],
            )


def remove(translation_ids: list[int]) -> None:
    if not translation_ids:
        return
    placeholders = ",".join(["%s"] * len(translation_ids))
    with connection.cursor() as cursor:
        if _sqlite():
            sql = f"DELETE FROM kb_search_fts WHERE rowid IN ({placeholders})"  # noqa: S608
        else:
            sql = f"DELETE FROM kb_search_lexical WHERE translation_id IN ({placeholders})"  # noqa: S608
        cursor.execute(sql, translation_ids)


def search(
    *, workspace_id: int, words: list[str], statuses: list[str], limit: int = 50
) -> list[LexicalHit]:
    """Translations matching any of ``words`` (already analysed), best first."""
    words = list(dict.fromkeys(_usable(words)))[:MAX_QUERY_TOKENS]
    if not words or not statuses:
        return []
    status_marks = ",".join(["%s"] * len(statuses))
    with connection.cursor() as cursor:
        if _sqlite():
            words = _without_common_words(cursor, words)
            # Each word quoted: no FTS5 syntax from users reaches the MATCH.
            match = " OR ".join(f'"{w}"' for w in words)
            w_title, w_keywords, w_body = SQLITE_WEIGHTS
            cursor.execute(
                f"SELECT rowid, -bm25(kb_search_fts, {w_title}, {w_keywords}, {w_body}, 0, 0, 0) "  # noqa: S608
                "AS score FROM kb_search_fts WHERE kb_search_fts MATCH %s "
                f"AND workspace_id = %s AND status IN ({status_marks}) "
                "ORDER BY score DESC LIMIT %s",
                [match, workspace_id, *statuses, limit],
            )
            return [LexicalHit(int(tid), float(score)) for tid, score in cursor.fetchall()]
        return _postgres_search(
            cursor,
            workspace_id=workspace_id,
            words=words,
            statuses=statuses,
            status_marks=status_marks,
            limit=limit,
        )


def _varint(data: bytes) -> int:
    """SQLite's big-endian varint (FTS5 uses the same format)."""
    value = 0
    for byte in data[:8]:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value
    # An empty index has an empty record.
    return (value << 8) | data[8] if len(data) > 8 else value


def _without_common_words(cursor: CursorWrapper, words: list[str]) -> list[str]:
    marks = ",".join(["%s"] * len(words))
    cursor.execute(
        f"SELECT term, doc FROM kb_search_vocab WHERE term IN ({marks})",  # noqa: S608
        words,
    )
    frequency = dict(cursor.fetchall())
    # FTS5 keeps its row count in the "averages" record (id 1) as the first
    # varint: a point lookup, where count(*) would walk every row.
    cursor.execute("SELECT block FROM kb_search_fts_data WHERE id = 1")
    row = cursor.fetchone()
    total = _varint(bytes(row[0])) if row else 0
    common = {w for w in words if frequency.get(w, 0) > COMMON_WORD_SHARE * total}
    kept = [w for w in words if w not in common]
    if len(kept) < KEEP_RAREST:
        rarest = sorted(common, key=lambda w: frequency.get(w, 0))[: KEEP_RAREST - len(kept)]
        kept += [w for w in words if w in rarest]
    return kept


def _postgres_search(
    cursor: CursorWrapper,
    *,
    workspace_id: int,
    words: list[str],
    statuses: list[str],
    status_marks: str,
    limit: int,
) -> list[LexicalHit]:
    queries = [f"'{w}'" for w in words]
    # Document frequencies of the query words; the total from the workspace index.
    cursor.execute("SELECT count(*) FROM kb_search_lexical WHERE workspace_id = %s", [workspace_id])
    total = int(cursor.fetchone()[0])
    # One count per word: the GIN bitmap answers it exactly without reading the
    # tsvectors (a FILTER over all OR matches had to detoast every one of them).
    frequencies = []
    for query in queries:
        cursor.execute(
            "SELECT count(*) FROM kb_search_lexical WHERE workspace_id = %s "
            "AND tsv @@ %s::tsquery",
            [workspace_id, query],
        )
        frequencies.append(int(cursor.fetchone()[0]))
    idf = [math.log(1 + (total - df + 0.5) / (df + 0.5)) for df in frequencies]
    # As on SQLite: words in more than COMMON_WORD_SHARE of the rows are left
    # out of the ranking query (the rarest KEEP_RAREST stay if nothing else is left).
    present = [(q, w, df) for q, w, df in zip(queries, idf, frequencies, strict=True) if df]
    rare = [t for t in present if t[2] <= COMMON_WORD_SHARE * total]
    if len(rare) < KEEP_RAREST:
        rare += sorted((t for t in present if t not in rare), key=lambda t: t[2])[
            : KEEP_RAREST - len(rare)
        ]
    terms = [(q, weight) for q, weight, _df in rare]
    any_word = " | ".join(q for q, _w in terms)
    if not terms:
        return []
    rank = " + ".join(f"%s * ts_rank('{POSTGRES_WEIGHTS}', tsv, %s::tsquery)" for _ in terms)
    params: list[float | str] = []
    for query, weight in terms:
        params += [weight, query]
    cursor.execute(
        f"SELECT translation_id, {rank} AS score FROM kb_search_lexical "  # noqa: S608
        f"WHERE workspace_id = %s AND status IN ({status_marks}) AND tsv @@ %s::tsquery "
        "ORDER BY score DESC LIMIT %s",
        [*params, workspace_id, *statuses, any_word, limit],
    )
    return [LexicalHit(int(tid), float(score)) for tid, score in cursor.fetchall()]
