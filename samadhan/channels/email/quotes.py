"""The new part of a reply, for display; the full original stays in the stored .eml."""

from __future__ import annotations

import logging
import re

from mailparser_reply.constants import MAIL_LANGUAGES
from mailparser_reply.parser import EmailMessage

logger = logging.getLogger(__name__)

# Every language mail-parser-reply knows headers for ("david" is a test fixture there).
LANGUAGES = ["en", "de", "cs", "da", "es", "fr", "it", "ja", "ko", "nl", "pl", "sv", "zh"]


class _LatestReply(EmailMessage):  # type: ignore[misc]
    """mail-parser-reply's split into replies, without its signature and disclaimer search.

    ``latest_reply`` is the first fragment's content, which those two regexes never
    change; they were two thirds of the time. The header regex is compiled once.
    """

    def _process_signatures_disclaimers(self, text: str) -> tuple[list[str], str]:
        return [], ""


# Every header pattern of the library ends in a colon (ASCII or full-width U+FF1A); the
# only other one is the "-----Original Message-----" line. Without them, no header.
_HEADER_NEEDS = re.compile("[:\uff1a]|-----")
_KNOWN = [language for language in LANGUAGES if language in MAIL_LANGUAGES]
_HEADER_REGEX = _LatestReply(text="", languages=list(_KNOWN)).HEADER_REGEX


def _latest_reply(text: str) -> str | None:
    """What ``EmailReplyParser(languages=LANGUAGES).parse_reply(text)`` returns."""
    message = _LatestReply(text=text, languages=list(_KNOWN), _header_regex=_HEADER_REGEX)
    if _HEADER_NEEDS.search(message.text) is None:
        # What read() gives when the header regex finds nothing: the whole (normalised) text.
        return str(message.text).strip()
    reply = message.read().latest_reply
    return None if reply is None else str(reply)


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


def _without_trailing_quote(text: str) -> str:
    """Drop a quoted block at the end ("> ...") and the "... wrote:" line above it.

    Language-independent, for the many "wrote:" lines no parser knows
    ("rakstīja:", "ने लिखा:").
    """
    lines = text.rstrip().split("\n")
    end = len(lines)
    while end > 0 and (lines[end - 1].startswith(">") or not lines[end - 1].strip()):
        end -= 1
    if end == len(lines):
        return text
    if end > 0 and lines[end - 1].rstrip().endswith(":"):
        end -= 1
    head = "\n".join(lines[:end]).rstrip()
    return head if head.strip() else text


def _without_signature(text: str) -> str:
    # RFC 3676's delimiter: "-- " alone on a line.
    head, sep, _tail = text.partition("\n-- \n")
    return head.rstrip() if sep and head.strip() else text


def reply_text(text: str) -> str:
    """The text above the quoted history and signature separator; all of it if unsure."""
    if not text.strip():
        return text
    trimmed = _without_signature(_without_trailing_quote(text))
    try:
        reply = _latest_reply(trimmed)
    except Exception:  # a regex library on hostile input: keep the whole text
        logger.warning("quote detection failed", exc_info=True)
        return trimmed.strip()
    if not reply or not reply.strip():
        return trimmed.strip()
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
