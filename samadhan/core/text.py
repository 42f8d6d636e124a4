"""Text analysis that keeps Indic words whole.

Python's ``\\w`` and most default tokenizers drop vowel signs (Unicode
category M) and so cut Hindi, Marathi and Telugu words apart. Tokens here are
runs of letters, marks and numbers; matching folds case and Latin diacritics
(so Latvian typed without diacritics still matches) but never strips marks from
Indic scripts.
"""

from __future__ import annotations

import unicodedata

import regex

_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_JOINERS = dict.fromkeys(map(ord, "\u200c\u200d\u00ad\ufeff"), None)
_LATIN_MARKS = regex.compile(r"(?<=\p{Script=Latin})\p{M}+")
# Devanagari and Telugu digits become ASCII so order numbers match either way.
_DIGITS = {
    **{0x0966 + i: ord("0") + i for i in range(10)},
    **{0x0C66 + i: ord("0") + i for i in range(10)},
}


def fold(text: str) -> str:
    """Normalise text for matching (never for storage)."""
    text = unicodedata.normalize("NFC", text).translate(_JOINERS).translate(_DIGITS)
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return unicodedata.normalize("NFC", _LATIN_MARKS.sub("", decomposed))


def tokens(text: str) -> list[str]:
    return list(_TOKEN.findall(fold(text)))
