"""Analysis for knowledge-base search: tokens, scripts and language identification.

Tokens come from ``core.text`` (shared with ticket search): NFC, joiners
removed, nukta and candrabindu variants unified, Indic digits as ASCII, case and
Latin diacritics folded, runs of letters + marks + digits. On top of that, codes
such as ``SH-4123456`` or ``PAY-205`` also give one joined token
(``sh4123456``), so a customer who types the code without its hyphen still hits.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pycld2
import regex

from samadhan.core.text import fold, tokens

__all__ = [
    "QueryAnalysis",
    "analyse_query",
    "clean_query",
    "code_tokens",
    "detect_language",
    "document_tokens",
    "is_latin_script",
    "sanitise_for_detection",
]

_CODE = regex.compile(r"\b(\p{Latin}{1,5})[-_ ]?(\d{3,}(?:[-_]\w+)*)\b")
_LATIN = regex.compile(r"\p{Script=Latin}")
_INDIC = regex.compile(r"[\p{Script=Devanagari}\p{Script=Telugu}]")
# pycld2 raises on lone surrogates and control characters: keep letters, marks,
# numbers, punctuation, symbols and plain spaces only.
_DETECTABLE = regex.compile(r"[^\p{L}\p{M}\p{N}\p{P}\p{S} ]+")
# Languages pycld2 names differently from our codes.
_CLD_CODES = {"iw": "he", "jw": "jv", "zh-Hant": "zh"}
# Below this many letters a detector's answer is a guess.
MIN_DETECT_LETTERS = 3
# Frequent function words of romanised Hindi, Marathi and Telugu that are not
# English or Latvian words: one of them makes cld2's "English" guess untrustworthy.
ROMANISED_INDIC_WORDS = frozenset(
    [
        "hai",
        "hain",
        "nahi",
        "nahin",
        "mera",
        "meri",
        "mere",
        "mujhe",
        "kya",
        "kab",
        "kaise",
        "kahan",
        "kyun",
        "abhi",
        "aur",
        "mein",
        "hoga",
        "raha",
        "rahi",
        "gaya",
        "gayi",
        "karna",
        "chahiye",
        "wapas",
        "paisa",
        "paise",
        "kaun",
        "kitna",
        "majha",
        "majhi",
        "majhe",
        "maza",
        "mazi",
        "aahe",
        "ahe",
        "kasa",
        "kashi",
        "kadhi",
        "kuthe",
        "karaycha",
        "zala",
        "zali",
        "milel",
        "parat",
        "nahiye",
        "pahije",
        "kiti",
        "naa",
        "nenu",
        "enti",
        "ela",
        "ekkada",
        "eppudu",
        "ledu",
        "undi",
        "avvaledu",
        "kavali",
        "cheyali",
        "raaledu",
        "chesanu",
        "emi",
        "meeru",
        "ravali",
        "ayyindi",
    ]
)
# Languages written in Latin script among those we know well.
_LATIN_LANGUAGES = frozenset({"en", "lv", "lt", "et", "de", "fr", "es", "pt", "it", "nl", "pl"})


def code_tokens(text: str) -> list[str]:
    """``"SH-4123456"`` → ``["sh4123456"]``: codes as one token, however they are typed."""
    found = []
    for letters, digits in _CODE.findall(fold(text)):
        found.append(letters + regex.sub(r"[-_]", "", digits))
    return found


def document_tokens(text: str) -> list[str]:
    return tokens(text) + code_tokens(text)


def sanitise_for_detection(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    # Lone surrogates cannot be encoded to UTF-8 at all.
    text = text.encode("utf-8", "ignore").decode("utf-8")
    return " ".join(_DETECTABLE.sub(" ", text).split())


_CONTROL = regex.compile(r"[\p{Cc}\p{Cs}]+")


def clean_query(text: str) -> str:
    """What a search may keep of user input: NFC, no lone surrogates or control characters.

    The embedding engine and PostgreSQL both reject those (UTF-8 encoding, NUL).
    """
    text = text.encode("utf-8", "ignore").decode("utf-8")
    return " ".join(_CONTROL.sub(" ", unicodedata.normalize("NFC", text)).split())


def is_latin_script(text: str) -> bool:
    """True when the letters are Latin and none are Devanagari or Telugu."""
    return bool(_LATIN.search(text)) and not _INDIC.search(text)


def detect_language(text: str, *, languages: Sequence[str] = ()) -> str:
    """The language of ``text`` among ``languages`` (all when empty), or ``""``.

    pycld2 in best-effort mode, restricted afterwards to the workspace's
    languages: its three guesses are walked in order and the first allowed one
    wins. Short or letterless text gives ``""``.
    """
    clean = sanitise_for_detection(text)
    letters = sum(1 for ch in clean if ch.isalpha())
    if letters < MIN_DETECT_LETTERS:
        return ""
    try:
        _reliable, _bytes, details = pycld2.detect(clean, bestEffort=True)
    except pycld2.error:
        return ""
    allowed = set(languages)
    for _name, cld_code, percent, _score in details:
        code = _CLD_CODES.get(cld_code, cld_code)
        if code == "un" or percent == 0:
            continue
        if not allowed or code in allowed:
            return str(code)
    return ""


@dataclass(frozen=True)
class QueryAnalysis:
    text: str
    tokens: list[str]
    detected_language: str
    # A Latin-script query in a workspace with Indic languages may be romanised
    # Hindi, Marathi or Telugu, which no detector recognises.
    romanised_possible: bool


def analyse_query(text: str, *, languages: Iterable[str]) -> QueryAnalysis:
    languages = list(languages)
    words = list(dict.fromkeys(document_tokens(text)))
    latin = is_latin_script(text)
    indic_languages = [code for code in languages if code not in _LATIN_LANGUAGES]
    romanised = latin and bool(indic_languages)
    detected = detect_language(text, languages=languages)
    if (
        romanised
        and detected
        and (detected not in _LATIN_LANGUAGES or ROMANISED_INDIC_WORDS.intersection(words))
    ):
        # cld2 cannot tell romanised Hindi from anything: it says Basque or
        # English for "mera order nahi aaya". Latin script, language unknown.
        detected = ""
    return QueryAnalysis(
        text=text, tokens=words, detected_language=detected, romanised_possible=romanised
    )
