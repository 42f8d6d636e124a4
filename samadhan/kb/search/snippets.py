"""Snippets: a window of the article's text with the query's words marked.

The text is escaped first and only ``<mark>`` is added, so a snippet is safe to
render as HTML. Words match after the same folding as search (a Latvian query
without diacritics marks the word with them; Hindi keeps its vowel signs).
"""

from __future__ import annotations

import regex
from django.utils.html import escape

from samadhan.core.text import fold

SNIPPET_CHARS = 200
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")


def snippet_html(text: str, words: list[str], *, size: int = SNIPPET_CHARS) -> str:
    wanted = set(words)
    matches = [m for m in _WORD.finditer(text) if fold(m.group()) in wanted]
    start = 0
    if matches:
        start = max(0, matches[0].start() - size // 4)
        # Start at a word boundary so no word (or vowel sign) is cut in half.
        boundary = text.rfind(" ", 0, start + 1)
        start = boundary + 1 if boundary >= 0 and start else 0
    end = min(len(text), start + size)
    if end < len(text):
        boundary = text.rfind(" ", start, end)
        end = boundary if boundary > start else end
    out: list[str] = ["…" if start else ""]
    position = start
    for match in matches:
        if match.start() < start or match.end() > end:
            continue
        out.append(escape(text[position : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    out.append(escape(text[position:end]))
    if end < len(text):
        out.append("…")
    return " ".join("".join(out).split())
