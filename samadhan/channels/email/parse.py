"""Turning raw RFC 5322 bytes into what a ticket needs, whatever the sender's mailer did.

Built on the stdlib parser with the ``compat32`` policy: it is the one that never
raises on broken headers or MIME, and we decode charsets ourselves so an unknown or
lying charset costs a few replacement characters, never the message.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes
from email.header import Header, decode_header
from email.message import Message
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime

from samadhan.channels.email.headers import message_ids, normalize_message_id
from samadhan.core.html import html_to_text, sanitize_html

# Mail from the real world nests deeper only when it is hostile.
MAX_DEPTH = 20
MAX_PARTS = 500
# Beyond this the body is cut (the .eml keeps everything).
MAX_TEXT_CHARS = 190_000
_SURROGATES = re.compile("[\udc80-\udcff]")
_CHARSET_ALIASES = {
    # Undeclared 8-bit: try UTF-8 before a Windows code page.
    "unknown-8bit": "",
    "x-unknown": "",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
    "iso-8859-8-i": "iso-8859-8",
    "ks_c_5601-1987": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-mac-roman": "mac-roman",
    "cp-850": "cp850",
    "utf8": "utf-8",
}


@dataclass(frozen=True)
class Address:
    name: str
    email: str


@dataclass
class ParsedAttachment:
    filename: str
    content_type: str
    data: bytes
    content_id: str = ""
    inline: bool = False


@dataclass
class ParsedEmail:
    message_id: str
    in_reply_to: list[str]
    references: list[str]
    subject: str
    sender: Address | None
    to: list[Address]
    cc: list[Address]
    reply_to: list[Address]
    date: datetime | None
    # Plain text (the text/plain part, or the HTML rendered as text) and the raw HTML
    # part (unsanitised: cid: references are resolved before sanitising).
    text: str
    html: str
    attachments: list[ParsedAttachment]
    headers: Message
    defects: list[str] = field(default_factory=list)

    def header(self, name: str) -> str:
        return header_text(self.headers, name)


def _codec(charset: str | None) -> str | None:
    if not charset:
        return None
    name = charset.strip().strip('"').lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    chunk = error.object[error.start : error.end]
    return bytes(chunk).decode("windows-1252", errors="replace"), error.end


# UTF-8 where it is valid, Windows-1252 for the stray bytes in between: what mixed
# 8-bit mail (a UTF-8 client quoting a Latin-1 one) needs to read right.
codecs.register_error("samadhan-cp1252", _cp1252_fallback)


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Bytes to text: the declared charset if it decodes, else UTF-8 with cp1252 for the rest."""
    declared = _codec(charset)
    if declared is not None:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("utf-8", errors="samadhan-cp1252")


def decode_header_value(value: object) -> str:
    """An RFC 2047 header value as text; undecodable pieces degrade, never raise."""
    if value is None:
        return ""
    if isinstance(value, Header):
        # compat32 hands out Header objects for raw 8-bit headers.
        try:
            pieces = decode_header(value)
        except Exception:  # noqa: BLE001
            return ""
    else:
        text = str(value)
        if _SURROGATES.search(text):
            text = decode_bytes(text.encode("utf-8", "surrogateescape"), None)
        try:
            pieces = decode_header(text)
        except Exception:  # noqa: BLE001 - malformed encoded-words: keep them as written
            return _unfold(text)
    out: list[str] = []
    for chunk, charset in pieces:
        if isinstance(chunk, bytes):
            out.append(decode_bytes(chunk, charset))
        else:
            out.append(chunk)
    return _unfold("".join(out)).replace("\x00", "")


def _unfold(value: str) -> str:
    return re.sub(r"\s*\r?\n\s*", " ", value).strip()


def header_text(message: Message, name: str) -> str:
    try:
        return decode_header_value(message.get(name))
    except Exception:  # noqa: BLE001 - header objects from broken mail
        return ""


def _raw_headers(message: Message, name: str) -> list[str]:
    try:
        return [str(v) for v in message.get_all(name, [])]
    except Exception:  # noqa: BLE001
        return []


def _addresses(message: Message, name: str) -> list[Address]:
    result: list[Address] = []
    try:
        pairs = getaddresses(_raw_headers(message, name))
    except Exception:  # noqa: BLE001 - hostile address lists
        return result
    for display, raw_addr in pairs:
        addr = raw_addr.strip().strip("<>")
        if "@" not in addr or len(addr) > 254 or any(c.isspace() for c in addr):
            continue
        result.append(Address(name=decode_header_value(display)[:200], email=addr))
    return result


def _date(message: Message) -> datetime | None:
    value = header_text(message, "Date")
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _part_filename(part: Message) -> str:
    name: str | None
    try:
        name = part.get_filename()
    except Exception:  # noqa: BLE001 - broken RFC 2231 continuations
        name = None
    if name is None:
        # Old mailers put the name in Content-Type's "name" parameter only.
        try:
            param = part.get_param("name")
        except Exception:  # noqa: BLE001
            param = None
        if isinstance(param, tuple):
            name = decode_bytes(param[2].encode("latin-1", "replace"), param[0])
        else:
            name = param
    return decode_header_value(name) if name else ""


def _payload_bytes(part: Message) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001 - broken base64/quoted-printable
        data = None
    if isinstance(data, bytes):
        return data
    raw = part.get_payload()
    if isinstance(raw, str):
        return raw.encode("utf-8", "surrogateescape")
    return b""


def _part_text(part: Message) -> str:
    try:
        charset = part.get_content_charset()
    except Exception:  # noqa: BLE001
        charset = None
    text = decode_bytes(_payload_bytes(part), charset)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _extension(content_type: str) -> str:
    return {
        "text/plain": ".txt",
        "text/html": ".html",
        "message/rfc822": ".eml",
        "image/png": ".png",
        "image/jpeg": ".jpg",
        "image/gif": ".gif",
        "application/pdf": ".pdf",
        "application/ms-tnef": ".dat",
    }.get(content_type, ".bin")


class _Walker:
    def __init__(self) -> None:
        self.plain: list[str] = []
        self.html: list[str] = []
        self.attachments: list[ParsedAttachment] = []
        self.parts = 0
        self.defects: list[str] = []

    def walk(self, part: Message, depth: int = 0) -> None:
        self.parts += 1
        if depth > MAX_DEPTH or self.parts > MAX_PARTS:
            self.defects.append("too deeply nested or too many parts")
            return
        for defect in getattr(part, "defects", []):
            self.defects.append(type(defect).__name__)
        content_type = _content_type(part)
        if content_type == "message/rfc822" or content_type.startswith("message/"):
            self._attach(part, content_type, depth)
            return
        if part.is_multipart():
            children = part.get_payload()
            if isinstance(children, list):
                for child in children:
                    if isinstance(child, Message):
                        self.walk(child, depth + 1)
            return
        self._leaf(part, content_type, depth)

    def _leaf(self, part: Message, content_type: str, depth: int) -> None:
        disposition = _disposition(part)
        filename = _part_filename(part)
        is_body = disposition != "attachment" and not filename
        if is_body and content_type == "text/plain":
            self.plain.append(_part_text(part))
        elif is_body and content_type == "text/html":
            self.html.append(_part_text(part))
        elif is_body and content_type.startswith("text/") and content_type != "text/calendar":
            self.plain.append(_part_text(part))
        else:
            self._attach(part, content_type, depth, filename=filename, disposition=disposition)

    def _attach(
        self,
        part: Message,
        content_type: str,
        depth: int,
        *,
        filename: str = "",
        disposition: str = "",
    ) -> None:
        if content_type.startswith("message/"):
            inner = part.get_payload()
            if isinstance(inner, list) and inner and isinstance(inner[0], Message):
                try:
                    data = inner[0].as_bytes(policy=compat32)
                except Exception:  # noqa: BLE001 - unserialisable nested mail
                    data = _payload_bytes(part)
            else:
                data = _payload_bytes(part)
            filename = filename or _part_filename(part)
            if not filename and isinstance(inner, list) and inner:
                subject = header_text(inner[0], "Subject") if isinstance(inner[0], Message) else ""
                filename = _safe_name(subject) + ".eml" if subject else ""
        else:
            data = _payload_bytes(part)
        content_id = normalize_message_id(header_text(part, "Content-ID"))
        self.attachments.append(
            ParsedAttachment(
                filename=filename or f"part-{len(self.attachments) + 1}{_extension(content_type)}",
                content_type=content_type,
                data=data,
                content_id=content_id,
                inline=disposition == "inline"
                or (bool(content_id) and disposition != "attachment"),
            )
        )


def _safe_name(value: str) -> str:
    return re.sub(r"[^\w .,()-]+", "_", value).strip()[:120] or "message"


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type().lower()
    except Exception:  # noqa: BLE001
        return "application/octet-stream"


def _disposition(part: Message) -> str:
    try:
        value = part.get_content_disposition()
    except Exception:  # noqa: BLE001
        return ""
    return (value or "").lower()


def parse_email(raw: bytes) -> ParsedEmail:
    """Parse raw mail; never raises for malformed input (defects are listed instead)."""
    message = message_from_bytes(raw, policy=compat32)
    walker = _Walker()
    walker.walk(message)
    html = "\n".join(h for h in walker.html if h.strip())
    text = "\n\n".join(p.strip("\n") for p in walker.plain if p.strip())
    if not text and html:
        text = html_to_text(sanitize_html(html))
    references = message_ids(header_text(message, "References"))
    in_reply_to = message_ids(header_text(message, "In-Reply-To"))
    senders = _addresses(message, "From") or _addresses(message, "Sender")
    return ParsedEmail(
        message_id=normalize_message_id(header_text(message, "Message-ID")),
        in_reply_to=in_reply_to,
        references=references,
        subject=header_text(message, "Subject")[:500],
        sender=senders[0] if senders else None,
        to=_addresses(message, "To"),
        cc=_addresses(message, "Cc"),
        reply_to=_addresses(message, "Reply-To"),
        date=_date(message),
        text=text[:MAX_TEXT_CHARS],
        html=html[: 2 * MAX_TEXT_CHARS],
        attachments=walker.attachments,
        headers=message,
        defects=walker.defects,
    )
