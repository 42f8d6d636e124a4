"""HTML sanitising for everything a customer or agent can write."""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel", "cid"}
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_BLOCK_END = re.compile(r"</(?:div|li|tr|h[1-6]|blockquote|pre|table|ul|ol)>|<hr>")
_CELL_END = re.compile(r"</t[dh]>")
_LINE_END_SPACE = re.compile(r"[ \t]+\n")
_BLANK_LINES = re.compile(r"\n{3,}")


def sanitize_html(raw: str) -> str:
    """Return ``raw`` with scripts, event handlers and unsafe URLs removed."""
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def text_to_html(text: str) -> str:
    """Render plain text as safe HTML paragraphs, keeping line breaks."""
    # Any run of blank lines separates paragraphs; it must not leak in as a <br>.
    paragraphs = _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n"))
    return "".join(
        "<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs if p.strip()
    )


def html_to_text(value: str) -> str:
    """A plain-text rendering of sanitised HTML, for search and notifications."""
    value = value.replace("<br>", "\n").replace("</p>", "\n\n")
    # Block ends separate words too: "<div>a</div><div>b</div>" is "a b", never "ab".
    value = _CELL_END.sub(" ", _BLOCK_END.sub("\n", value))
    text = html.unescape(nh3.clean(value, tags=set()))
    return _BLANK_LINES.sub("\n\n", _LINE_END_SPACE.sub("\n", text)).strip()
