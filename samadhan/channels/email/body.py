"""The bodies of an inbound mail as a message shows them: reply only, safe HTML, inline images."""

from __future__ import annotations

import io
import re
from html import escape as html_escape

from django.urls import reverse
from django.utils.translation import gettext as _

from samadhan.channels.email.parse import MAX_TEXT_CHARS, ParsedEmail
from samadhan.channels.email.quotes import reply_html, reply_text
from samadhan.channels.models import Inbox
from samadhan.core.errors import AppError
from samadhan.core.html import sanitize_html
from samadhan.tickets.services.message import attachment_upload

_CID = re.compile(r"""cid:([^"'\s>)]+)""", re.IGNORECASE)


def attachments_store(inbox: Inbox, parsed: ParsedEmail, notes: list[str]) -> dict[str, int]:
    """Attachments stored; returns content-id (or a position key) → attachment id."""
    ids: dict[str, int] = {}
    for position, part in enumerate(parsed.attachments):
        try:
            attachment = attachment_upload(
                workspace_id=inbox.workspace_id,
                uploaded_by=None,
                filename=part.filename,
                content_type=part.content_type,
                stream=io.BytesIO(part.data),
                size=len(part.data),
            )
        except AppError as exc:
            notes.append(
                _("Attachment %(name)s was not kept: %(reason)s")
                % {"name": part.filename, "reason": exc.message}
            )
            continue
        ids[part.content_id or f"#{position}"] = attachment.pk
    return ids


def _resolve_cids(html: str, ids: dict[str, int], workspace_slug: str) -> str:
    def url(match: re.Match[str]) -> str:
        attachment_id = ids.get(match.group(1))
        if attachment_id is None:
            return match.group(0)
        return reverse(
            "ui:attachment", kwargs={"slug": workspace_slug, "attachment_id": attachment_id}
        )

    return _CID.sub(url, html)


_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""\b(src|alt)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def _remote_images_as_links(html: str) -> str:
    """Remote images become links: opening a mail must not tell the sender it was read."""

    def replace(match: re.Match[str]) -> str:
        attrs = {
            m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
            for m in _ATTR.finditer(match.group(0))
        }
        src = attrs.get("src", "")
        if not src.lower().startswith(("http://", "https://", "//")):
            return match.group(0)
        label = html_escape(attrs.get("alt") or _("image"))
        return f'<a href="{html_escape(src)}">[{label}]</a>'

    return _IMG.sub(replace, html)


def bodies(parsed: ParsedEmail, *, reply: bool, cids: dict[str, int], slug: str) -> tuple[str, str]:
    text = reply_text(parsed.text) if reply else parsed.text
    html = parsed.html
    if html and reply:
        html = reply_html(html)
    if html:
        html = _remote_images_as_links(_resolve_cids(html, cids, slug))
        if len(sanitize_html(html)) > 2 * MAX_TEXT_CHARS:
            # Bloated HTML (a newsletter, a pasted spreadsheet): the text still says it.
            html = ""
    if not text.strip() and not html.strip():
        text = _("(This email has no text.)")
    return text, html
