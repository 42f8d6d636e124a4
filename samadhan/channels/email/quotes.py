"""The new part of a reply, for display; the full original stays in the stored .eml."""

from __future__ import annotations

import logging
import re

from mailparser_reply import EmailReplyParser  # type: ignore[import-untyped]

logger = logging.getLogger(__name__)

# Every language mail-parser-reply knows headers for ("david" is a test fixture there).
LANGUAGES = ["en", "de", "cs", "da", "es", "fr", "it", "ja", "ko", "nl", "pl", "sv", "zh"]

# Where mail clients start the quoted conversation in their HTML.
_HTML_QUOTE_MARKERS = re.compile(
    r"""<div[^>]*class=["'][^"']*gmail_quote"""
    r"""|<blockquote[^>]*type=["']?cite"""
    r"""|<div[^>]*id=["']?(?:appendonsend|divRplyFwdMsg|mail-editor-reference-message-container)"""
    r"""|<hr[^>]*id=["']?stopSpelling"""
    r"""|<div[^>]*class=["'][^"']*(?:moz-cite-prefix|yahoo_quoted|protonmail_quote)"""
    r"""|<div[^>]*style=["'][^"']*border-top:\s*solid\s*#(?:E1E1E1|B5C4DF)""",
    re.IGNORECASE,
)


def reply_text(text: str) -> str:
    """The text above the quoted history and signature separator; all of it if unsure."""
    if not text.strip():
        return text
    try:
        reply = EmailReplyParser(languages=LANGUAGES).parse_reply(text=text)
    except Exception:  # a regex library on hostile input: keep the whole text
        logger.warning("quote detection failed", exc_info=True)
        return text
    if not reply or not reply.strip():
        return text
    return str(reply).strip()


def reply_html(html: str) -> str:
    """The HTML before the first known quote marker, "" if nothing would be left."""
    match = _HTML_QUOTE_MARKERS.search(html)
    if match is None:
        return html
    head = html[: match.start()]
    # Only markup and whitespace before the quote: the reply is empty or text-only.
    if not re.sub(r"<[^>]*>|&nbsp;|\s", "", head):
        return ""
    return head
