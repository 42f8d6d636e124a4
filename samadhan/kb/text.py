"""Slugs in the article's own script and Markdown rendered to safe HTML."""

from __future__ import annotations

import hashlib
import unicodedata

import regex
from markdown_it import MarkdownIt

from samadhan.core.html import sanitize_html

MAX_SLUG = 120
# Letters, marks (Devanagari and Telugu vowel signs, viramas) and digits of any script.
_NOT_WORD = regex.compile(r"[^\p{L}\p{M}\p{N}]+")
# ZWJ/ZWNJ shape Indic conjuncts but make two spellings of one word differ in a URL.
_JOINERS = regex.compile("[\u200c\u200d]")

# Raw HTML in Markdown is not rendered (``html=False``): what an editor types is
# text, and the result goes through the sanitiser anyway.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
    ["table", "strikethrough"]
)


def slugify_local(text: str) -> str:
    """``"मेरा ऑर्डर कहाँ है?"`` → ``"मेरा-ऑर्डर-कहाँ-है"``: any script, NFC, lowercase, hyphens."""
    text = unicodedata.normalize("NFC", _JOINERS.sub("", text)).casefold()
    slug = _NOT_WORD.sub("-", text).strip("-")
    if len(slug) > MAX_SLUG:
        cut = slug[:MAX_SLUG]
        # Cut at a word boundary, and never between a letter and its vowel sign.
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
        while slug and unicodedata.category(slug[-1]).startswith("M") and len(slug) > 1:
            slug = slug[:-1]
    return unicodedata.normalize("NFC", slug)


def render_markdown(source: str) -> str:
    return sanitize_html(_markdown.render(source))


def content_hash(*, title: str, body_markdown: str) -> str:
    return hashlib.sha256(f"{title}\n\n{body_markdown}".encode()).hexdigest()
