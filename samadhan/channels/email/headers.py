"""Pure helpers for the headers that thread mail: Message-IDs, reply tokens, ticket numbers.

Nothing here touches the database, so inbound threading, outbound sending and the
SMTP listener can all share one definition of each rule.
"""

from __future__ import annotations

import base64
import re
from email.utils import getaddresses, parseaddr

from django.utils.crypto import constant_time_compare, salted_hmac

# RFC 5322 caps a line at 998 characters; Message.external_id has that length.
MAX_MESSAGE_ID_LENGTH = 998
# A References header can be enormous on long threads (or hostile); we look at no more.
MAX_MESSAGE_IDS = 500

_BRACKETED = re.compile(r"<([^<>]*)>")
# Whitespace from folding and brackets a broken mailer left inside: never part of an id.
_STRAY = re.compile(r"[\s<>]+")
_HMAC_PURPOSE = "samadhan.channels.email.reply_token"
# 10 base32 characters = 50 bits of HMAC: not guessable, short enough for a local part.
_TOKEN_MAC_LENGTH = 10
_TOKEN = re.compile(r"^(?P<id>[0-9]{1,19})-(?P<mac>[a-z2-7]{10})$")
_REPLY_PREFIX = re.compile(
    r"^\s*(?:(?:re|fw|fwd|aw|wg|sv|vs|antw|rif|r|tr|res|enc|odp|pd|ynt|atb|fs)"
    r"(?:\s*\[\d+\])?\s*[:\uff1a]\s*)+",
    re.IGNORECASE,
)


def normalize_message_id(value: str) -> str:
    """The Message-ID without angle brackets or whitespace, case kept ("" if none).

    Case is kept because the local part of a Message-ID is case-sensitive and mailers
    echo it back exactly; folded headers and stray spaces are removed.
    """
    if not value:
        return ""
    match = _BRACKETED.search(value)
    inner = match.group(1) if match else value
    inner = _STRAY.sub("", inner)
    return inner[:MAX_MESSAGE_ID_LENGTH]


def message_ids(header_value: str | None) -> list[str]:
    """Message-IDs in an In-Reply-To or References header, in order, deduplicated.

    Bracketed ids are preferred; a header without brackets (some broken mailers) is
    split on whitespace and commas, keeping only tokens that look like ids. At most
    ``MAX_MESSAGE_IDS``: the first (the thread's root) and the most recent ones.
    """
    if not header_value:
        return []
    text = str(header_value)
    candidates = _BRACKETED.findall(text)
    if not candidates:
        candidates = [t for t in re.split(r"[\s,]+", text) if "@" in t]
    seen: set[str] = set()
    result: list[str] = []
    for candidate in candidates:
        normalized = normalize_message_id(candidate)
        if normalized and normalized not in seen:
            seen.add(normalized)
            result.append(normalized)
    if len(result) > MAX_MESSAGE_IDS:
        result = result[:1] + result[-(MAX_MESSAGE_IDS - 1) :]
    return result


def _mac(ticket_id: int) -> str:
    digest = salted_hmac(_HMAC_PURPOSE, str(ticket_id), algorithm="sha256").digest()
    return base64.b32encode(digest).decode("ascii").lower()[:_TOKEN_MAC_LENGTH]


def reply_token(ticket_id: int) -> str:
    """A token for ``support+<token>@domain`` that names a ticket and cannot be forged.

    Lower case only, because some mail servers lower-case local parts.
    """
    return f"{ticket_id}-{_mac(ticket_id)}"


def verify_reply_token(token: str) -> int | None:
    """The ticket id a token names, or None if it is malformed or its MAC is wrong."""
    match = _TOKEN.match(token.strip().lower())
    if match is None:
        return None
    ticket_id = int(match.group("id"))
    if not constant_time_compare(match.group("mac"), _mac(ticket_id)):
        return None
    return ticket_id


def split_address(address: str) -> tuple[str, str, str]:
    """(local part without tag, tag, domain) of an address; tag is "" without a '+'."""
    _, addr = parseaddr(address)
    addr = addr or address
    local, sep, domain = addr.strip().rpartition("@")
    if not sep:
        return addr.strip(), "", ""
    base, plus, tag = local.partition("+")
    return base, tag if plus else "", domain


def address_base(address: str) -> str:
    """The address without its +tag, lower-cased: what identifies an inbox."""
    base, _, domain = split_address(address)
    if not domain:
        return base.lower()
    return f"{base}@{domain}".lower()


def reply_address(address: str, ticket_id: int) -> str:
    """``support+<token>@domain`` for the inbox address ``support@domain``."""
    base, _, domain = split_address(address)
    return f"{base}+{reply_token(ticket_id)}@{domain}"


def parse_reply_token(address: str) -> int | None:
    """The ticket id verified from a ``support+<token>@domain`` address, else None."""
    _, tag, domain = split_address(address)
    if not tag or not domain:
        return None
    return verify_reply_token(tag)


def reply_tokens_in(header_values: list[str], *, inbox_address: str) -> list[int]:
    """Verified ticket ids from recipients addressed to the inbox's plus-addresses."""
    wanted = address_base(inbox_address)
    ids: list[int] = []
    for _, addr in getaddresses(header_values):
        if addr and address_base(addr) == wanted:
            ticket_id = parse_reply_token(addr)
            if ticket_id is not None and ticket_id not in ids:
                ids.append(ticket_id)
    return ids


def subject_ticket_number(subject: str, prefix: str = "#") -> int | None:
    """The ticket number in ``[<prefix><number>]`` in a subject, else None.

    Only the bracketed form counts: "order #123" in a customer's own words is not a
    reference to ticket 123.
    """
    if not subject:
        return None
    pattern = rf"\[\s*{re.escape(prefix.strip())}\s*(\d{{1,18}})\s*\]"
    match = re.search(pattern, subject, re.IGNORECASE)
    return int(match.group(1)) if match else None


def subject_base(subject: str) -> str:
    """The subject without leading Re:/Fwd:/AW:/... prefixes (any number of them)."""
    return _REPLY_PREFIX.sub("", subject or "").strip()


def subject_tagged(subject: str, *, number: int, prefix: str = "#") -> str:
    """``[<prefix><number>] subject`` without doubling the tag on a reply's subject."""
    tag = f"[{prefix}{number}]"
    base = subject_base(subject)
    base = re.sub(rf"\s*\[\s*{re.escape(prefix)}\s*{number}\s*\]\s*", " ", base).strip()
    base = subject_base(base)
    return f"{tag} {base}".strip()
