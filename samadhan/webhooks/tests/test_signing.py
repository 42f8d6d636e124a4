"""The X-Samadhan-Signature scheme: HMAC-SHA256 over "timestamp.body"."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from samadhan.webhooks.signing import sign, verify

SECRET = "whsec_test"
BODY = '{"type":"ticket.created","data":{"subject":"किताब"}}'.encode()
TS = 1_772_442_000


def test_signature_format_is_documented_hmac() -> None:
    expected = hmac.new(SECRET.encode(), f"{TS}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert sign(secret=SECRET, body=BODY, timestamp=TS) == f"t={TS},v1={expected}"


def test_valid_signature_verifies_within_tolerance() -> None:
    header = sign(secret=SECRET, body=BODY, timestamp=TS)
    assert verify(secret=SECRET, body=BODY, header=header, now=TS)
    assert verify(secret=SECRET, body=BODY, header=header, now=TS + 300)
    assert verify(secret=SECRET, body=BODY, header=header, now=TS - 300)


@pytest.mark.parametrize(
    ("body", "secret", "now"),
    [
        (BODY + b" ", SECRET, TS),  # tampered body
        (BODY.replace("किताब".encode(), "काम".encode()), SECRET, TS),
        (BODY, "whsec_other", TS),  # wrong secret
        (BODY, SECRET, TS + 301),  # stale: replayed too late
        (BODY, SECRET, TS - 301),  # from the future
    ],
)
def test_tampering_and_staleness_fail(body: bytes, secret: str, now: int) -> None:
    header = sign(secret=SECRET, body=BODY, timestamp=TS)
    assert not verify(secret=secret, body=body, header=header, now=now)


@pytest.mark.parametrize(
    "header",
    [
        "",
        "garbage",
        "t=abc,v1=00",
        f"t={TS}",
        "v1=00",
        f"t={TS},v1=",
        f"t={TS},v1=zz,extra",
    ],
)
def test_malformed_headers_fail(header: str) -> None:
    assert not verify(secret=SECRET, body=BODY, header=header, now=TS)


def test_timestamp_is_part_of_what_is_signed() -> None:
    header = sign(secret=SECRET, body=BODY, timestamp=TS)
    mac = header.split("v1=", 1)[1]
    moved = f"t={TS + 10},v1={mac}"
    assert not verify(secret=SECRET, body=BODY, header=moved, now=TS + 10)
