"""Write a gettext catalog (.mo) for a test, so translated output can be asserted."""

from __future__ import annotations

import struct
from array import array
from pathlib import Path


def write_catalog(locale_dir: Path, language: str, messages: dict[str, str]) -> None:
    """Create ``<locale_dir>/<language>/LC_MESSAGES/django.mo`` holding ``messages``."""
    entries = {"": "Content-Type: text/plain; charset=UTF-8\n", **messages}
    keys = sorted(entries)
    ids = strs = b""
    spans: list[tuple[int, int, int, int]] = []
    for key in keys:
        k, v = key.encode(), entries[key].encode()
        spans.append((len(ids), len(k), len(strs), len(v)))
        ids += k + b"\0"
        strs += v + b"\0"
    count = len(keys)
    key_start = 7 * 4 + 16 * count
    value_start = key_start + len(ids)
    table: list[int] = []
    for key_offset, key_length, _value_offset, _value_length in spans:
        table += [key_length, key_start + key_offset]
    for _key_offset, _key_length, value_offset, value_length in spans:
        table += [value_length, value_start + value_offset]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
    target = locale_dir / language / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    (target / "django.mo").write_bytes(header + array("i", table).tobytes() + ids + strs)
