"""Translations cut into pieces the embedding model reads well.

Chunk 0 is the title with the keywords (what a question most often
paraphrases); then one chunk per section of the body (a Markdown heading and
what follows), each prefixed with the title so that a section about "48 hours"
still says what it is about. Long sections are cut at paragraph breaks.
"""

from __future__ import annotations

import regex

# e5-small reads 512 tokens; Devanagari and Telugu take several tokens per word,
# so chunks stay well under that in characters.
MAX_CHUNK_CHARS = 700
_HEADING = regex.compile(r"^#{1,6}\s+(.*)$")
_MARKUP = regex.compile(r"(\*\*|__|`|^\s*[-*+]\s+|^\s*\d+\.\s+|^\s*>\s?|\|)", regex.MULTILINE)
_TABLE_RULE = regex.compile(r"^\s*:?-{3,}:?(\s+:?-{3,}:?)*\s*$", regex.MULTILINE)
_LINK = regex.compile(r"\[([^\]]*)\]\([^)]*\)")
_SPACES = regex.compile(r"[ \t]+")


def plain_text(markdown: str) -> str:
    """Markdown without its markup: what a reader sees, for snippets and embeddings."""
    text = _LINK.sub(r"\1", markdown)
    text = regex.sub(r"^#{1,6}\s+", "", text, flags=regex.MULTILINE)
    text = _MARKUP.sub(" ", text)
    text = _TABLE_RULE.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(lines).strip()


def _sections(markdown: str) -> list[str]:
    sections: list[list[str]] = [[]]
    for line in markdown.splitlines():
        if _HEADING.match(line) and any(s.strip() for s in sections[-1]):
            sections.append([])
        sections[-1].append(line)
    return [plain_text("\n".join(lines)) for lines in sections if "".join(lines).strip()]


def _split(text: str) -> list[str]:
    if len(text) <= MAX_CHUNK_CHARS:
        return [text]
    pieces: list[str] = []
    current = ""
    for paragraph in regex.split(r"\n+", text):
        if current and len(current) + len(paragraph) + 1 > MAX_CHUNK_CHARS:
            pieces.append(current)
            current = ""
        current = f"{current}\n{paragraph}" if current else paragraph
    if current:
        pieces.append(current)
    return [piece[: MAX_CHUNK_CHARS * 2] for piece in pieces]


def translation_chunks(*, title: str, keywords: list[str], body_markdown: str) -> list[str]:
    head = title.strip()
    if keywords:
        head = f"{head}\n{', '.join(keywords)}"
    chunks = [head]
    for section in _sections(body_markdown):
        for piece in _split(section):
            chunks.append(f"{title.strip()}\n{piece}")
    return chunks
