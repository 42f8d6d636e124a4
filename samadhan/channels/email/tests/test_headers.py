from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samadhan.channels.email.headers import (
    MAX_MESSAGE_IDS,
    address_base,
    message_ids,
    normalize_message_id,
    parse_reply_token,
    reply_address,
    reply_token,
    reply_tokens_in,
    split_address,
    subject_base,
    subject_tagged,
    subject_ticket_number,
    verify_reply_token,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<ABC.def@Example.COM>", "ABC.def@Example.COM"),
        ("  <abc@x>  ", "abc@x"),
        ("abc@x", "abc@x"),
        ("<abc@\r\n x>", "abc@x"),
        ("<abc@x> (added by postmaster)", "abc@x"),
        ("", ""),
        ("<>", ""),
    ],
)
def test_normalize_message_id(raw: str, expected: str) -> None:
    assert normalize_message_id(raw) == expected


def test_normalize_message_id_caps_length() -> None:
    assert len(normalize_message_id("<" + "a" * 2000 + "@x>")) == 998


def test_message_ids_parses_references_in_order_without_duplicates() -> None:
    header = "<a@x>\r\n <B@x> <a@x>,<c@x>"
    assert message_ids(header) == ["a@x", "B@x", "c@x"]


def test_message_ids_without_brackets_falls_back_to_tokens_with_at() -> None:
    assert message_ids("a@x b@y garbage") == ["a@x", "b@y"]
    assert message_ids("") == []
    assert message_ids(None) == []
    assert message_ids("no ids here") == []


def test_message_ids_keeps_root_and_latest_when_capped() -> None:
    header = " ".join(f"<{i}@x>" for i in range(1200))
    ids = message_ids(header)
    assert len(ids) == MAX_MESSAGE_IDS
    assert ids[0] == "0@x"
    assert ids[-1] == "1199@x"
    assert ids[1] == f"{1200 - MAX_MESSAGE_IDS + 1}@x"


def test_reply_token_round_trip_and_forgery() -> None:
    token = reply_token(42)
    assert token.startswith("42-")
    assert token == token.lower()
    assert verify_reply_token(token) == 42
    assert verify_reply_token(token.upper()) == 42
    forged = "43-" + token.split("-")[1]
    assert verify_reply_token(forged) is None
    assert verify_reply_token("42-aaaaaaaaaa") is None
    assert verify_reply_token("") is None
    assert verify_reply_token("hello") is None


def test_reply_token_depends_on_secret_key(settings: object) -> None:
    token = reply_token(7)
    settings.SECRET_KEY = "another-secret-key-for-this-test-only"  # type: ignore[attr-defined]
    assert verify_reply_token(token) is None


def test_reply_address_and_parse() -> None:
    address = reply_address("support@example.com", 42)
    assert address == f"support+{reply_token(42)}@example.com"
    assert parse_reply_token(address) == 42
    assert parse_reply_token(f"Support <{address}>") == 42
    assert parse_reply_token("support@example.com") is None
    assert parse_reply_token("support+nonsense@example.com") is None


def test_split_and_base_address() -> None:
    assert split_address("Sup <Support+abc@Example.com>") == ("Support", "abc", "Example.com")
    assert split_address("nobody") == ("nobody", "", "")
    assert address_base("Support+abc@Example.com") == "support@example.com"


def test_reply_tokens_in_only_counts_this_inbox() -> None:
    mine = reply_address("help@example.com", 5)
    other = reply_address("sales@example.com", 6)
    headers = [f"Help <{mine}>, {other}", "someone@else.org"]
    assert reply_tokens_in(headers, inbox_address="help@example.com") == [5]


@pytest.mark.parametrize(
    ("subject", "prefix", "expected"),
    [
        ("Re: [#123] Printer on fire", "#", 123),
        ("[ # 7 ] x", "#", 7),
        ("AW: [TKT-99] Drucker", "TKT-", 99),
        ("[tkt-99] lower", "TKT-", 99),
        ("Order #123 is late", "#", None),
        ("[#abc] no number", "#", None),
        ("", "#", None),
    ],
)
def test_subject_ticket_number(subject: str, prefix: str, expected: int | None) -> None:
    assert subject_ticket_number(subject, prefix) == expected


def test_subject_base_and_tagged() -> None:
    assert subject_base("Re: RE: Fwd: AW: Hello") == "Hello"
    assert subject_base("Re[2]: Hello") == "Hello"
    assert subject_base("Regarding taxes") == "Regarding taxes"
    assert subject_tagged("Re: [#5] Hello", number=5) == "[#5] Hello"
    assert subject_tagged("Hello", number=5) == "[#5] Hello"
    assert subject_tagged("[#5] Re: Hello", number=5) == "[#5] Hello"


@given(st.text(max_size=300))
def test_message_ids_never_crashes_and_returns_clean_ids(header: str) -> None:
    for mid in message_ids(header):
        assert mid
        assert "<" not in mid
        assert ">" not in mid
        assert not any(c.isspace() for c in mid)


@given(st.integers(min_value=1, max_value=10**15))
def test_reply_token_round_trips(ticket_id: int) -> None:
    assert verify_reply_token(reply_token(ticket_id)) == ticket_id
