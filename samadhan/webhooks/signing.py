"""``X-Samadhan-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>``.

The timestamp is signed with the body so a captured request cannot be replayed
later; receivers reject signatures older than a few minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER = "X-Samadhan-Signature"
DEFAULT_TOLERANCE_SECONDS = 300


def sign(*, secret: str, body: bytes, timestamp: int | None = None) -> str:
    ts = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={ts},v1={mac}"


def verify(
    *,
    secret: str,
    body: bytes,
    header: str,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    now: int | None = None,
) -> bool:
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        ts = int(parts["t"])
        given = parts["v1"]
    except (ValueError, KeyError):
        return False
    current = int(time.time()) if now is None else now
    if abs(current - ts) > tolerance:
        return False
    expected = sign(secret=secret, body=body, timestamp=ts).split("v1=", 1)[1]
    return hmac.compare_digest(expected, given)
