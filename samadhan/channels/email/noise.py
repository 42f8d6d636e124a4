"""Telling people from robots: auto-replies, bulk and list mail, bounces (DSN)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from email.parser import BytesHeaderParser, HeaderParser
from email.policy import compat32
from email.utils import getaddresses
from enum import StrEnum

from samadhan.channels.email.headers import message_ids, normalize_message_id


class Noise(StrEnum):
    NONE = "none"
    AUTO_REPLY = "auto_reply"
    BULK = "bulk"
    LIST = "list"
    BOUNCE = "bounce"


_DAEMONS = ("mailer-daemon", "postmaster")
_NOREPLY = ("noreply", "no-reply", "donotreply", "do-not-reply", "do_not_reply")
_AUTO_REPLY_SUBJECT = re.compile(
    r"^\s*(?:auto(?:matic)?[ -]?(?:reply|response)|out of (?:the )?office|abwesenheitsnotiz"
    r"|automatische antwort|r[ée]ponse automatique|absence|vacation|ooo\b)",
    re.IGNORECASE,
)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|delivery status notification|delivery (?:has )?failed|failure notice"
    r"|returned mail|mail delivery failed|non[- ]?delivery|unzustellbar",
    re.IGNORECASE,
)
_MESSAGE_ID_LINE = re.compile(r"^Message-ID:\s*(<[^>\r\n]+>)", re.IGNORECASE | re.MULTILINE)


def _get(headers: Message, name: str) -> str:
    try:
        value = headers.get(name)
    except Exception:  # noqa: BLE001
        return ""
    return "" if value is None else str(value).strip()


def _sender_local_parts(headers: Message) -> list[str]:
    try:
        pairs = getaddresses([str(v) for v in headers.get_all("From", [])])
    except Exception:  # noqa: BLE001
        return []
    return [addr.partition("@")[0].lower() for _, addr in pairs if addr]


def _content_type(headers: Message) -> str:
    try:
        return headers.get_content_type().lower()
    except Exception:  # noqa: BLE001
        return ""


def is_bounce(headers: Message) -> bool:
    if _content_type(headers) == "multipart/report":
        report = str(headers.get_param("report-type", "") or "").lower()
        if report in ("delivery-status", ""):
            return True
    locals_ = _sender_local_parts(headers)
    from_daemon = any(local.startswith(_DAEMONS) for local in locals_)
    return from_daemon and bool(_BOUNCE_SUBJECT.search(_get(headers, "Subject")))


def _auto_submitted(headers: Message) -> bool:
    value = _get(headers, "Auto-Submitted").lower()
    if value and value != "no":
        return True
    if any(_get(headers, h) for h in ("X-Autoreply", "X-Autorespond", "X-Auto-Reply")):
        return True
    suppress = _get(headers, "X-Auto-Response-Suppress").lower()
    if any(word in suppress for word in ("all", "autoreply", "oof")):
        return True
    precedence = _get(headers, "Precedence").lower()
    if precedence == "auto_reply":
        return True
    return bool(_AUTO_REPLY_SUBJECT.search(_get(headers, "Subject"))) and bool(
        precedence or _get(headers, "Return-Path") == "<>"
    )


def _list(headers: Message) -> bool:
    return bool(
        _get(headers, "List-Id")
        or _get(headers, "List-Post")
        or _get(headers, "Precedence").lower() == "list"
    )


def _bulk(headers: Message) -> bool:
    return _get(headers, "Precedence").lower() in ("bulk", "junk") or bool(
        _get(headers, "List-Unsubscribe")
    )


def _robot_sender(headers: Message) -> bool:
    # A null return path is what RFC 3834 asks automatic responders to use.
    if _get(headers, "Return-Path") == "<>":
        return True
    return any(local.startswith(_DAEMONS + _NOREPLY) for local in _sender_local_parts(headers))


# First match wins: a bounce is also from a robot, a list mail may also be bulk.
_CHECKS: list[tuple[Noise, Callable[[Message], bool]]] = [
    (Noise.BOUNCE, is_bounce),
    (Noise.AUTO_REPLY, _auto_submitted),
    (Noise.LIST, _list),
    (Noise.BULK, _bulk),
    (Noise.AUTO_REPLY, _robot_sender),
]


def classify(headers: Message) -> Noise:
    """What kind of robot sent this mail (``Noise.NONE`` for a person)."""
    return next((noise for noise, check in _CHECKS if check(headers)), Noise.NONE)


def is_automated(headers: Message) -> bool:
    """True for mail a robot sent: never acknowledge it, never answer it automatically."""
    return classify(headers) != Noise.NONE


@dataclass
class Bounce:
    """What a delivery status notification says about mail we sent."""

    original_message_ids: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    status: str = ""
    diagnostic: str = ""
    failed: bool = True

    def describe(self) -> str:
        parts = [", ".join(self.recipients), self.status, self.diagnostic]
        return " — ".join(p for p in parts if p)


def _status_blocks(part: Message) -> list[Message]:
    payload = part.get_payload()
    if isinstance(payload, list):
        return [p for p in payload if isinstance(p, Message)]
    text = payload if isinstance(payload, str) else ""
    return [HeaderParser(policy=compat32).parsestr(b) for b in re.split(r"\r?\n\r?\n", text) if b]


def _original_ids(part: Message) -> list[str]:
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        value = payload[0].get("Message-ID")
        return [normalize_message_id(str(value))] if value else []
    if isinstance(payload, str):
        headers = BytesHeaderParser(policy=compat32).parsebytes(
            payload.encode("utf-8", "surrogateescape")
        )
        value = headers.get("Message-ID")
        return [normalize_message_id(str(value))] if value else []
    return []


def parse_dsn(message: Message, raw: bytes = b"") -> Bounce | None:
    """The failed recipients and original Message-ID of a bounce, None if it is no bounce.

    RFC 3464 reports are read field by field; the many non-standard bounces (qmail's
    "failure notice", Exchange's NDRs in plain text) by the quoted original headers.
    """
    if not is_bounce(message):
        return None
    bounce = Bounce()
    actions: list[str] = []
    for part in message.walk():
        content_type = part.get_content_type().lower()
        if content_type == "message/delivery-status":
            for block in _status_blocks(part):
                recipient = _get(block, "Final-Recipient") or _get(block, "Original-Recipient")
                if recipient:
                    bounce.recipients.append(recipient.partition(";")[2].strip() or recipient)
                if _get(block, "Action"):
                    actions.append(_get(block, "Action").lower())
                bounce.status = bounce.status or _get(block, "Status")
                bounce.diagnostic = bounce.diagnostic or re.sub(
                    r"\s+", " ", _get(block, "Diagnostic-Code")
                )
        elif content_type in ("message/rfc822", "text/rfc822-headers"):
            bounce.original_message_ids += _original_ids(part)
    for value in message.get_all("X-Failed-Recipients", []):
        bounce.recipients += [a for _, a in getaddresses([str(value)]) if a]
    if not bounce.original_message_ids and raw:
        # Plain-text bounces quote the original headers in the body.
        text = raw.decode("utf-8", "replace")
        found = _MESSAGE_ID_LINE.findall(text)
        own = normalize_message_id(_get(message, "Message-ID"))
        bounce.original_message_ids = [i for i in message_ids(" ".join(found)) if i != own]
    if actions and all(a in ("delayed", "relayed", "delivered", "expanded") for a in actions):
        bounce.failed = False
    bounce.recipients = list(dict.fromkeys(bounce.recipients))
    bounce.original_message_ids = list(dict.fromkeys(bounce.original_message_ids))
    return bounce
