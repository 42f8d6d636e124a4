"""What a customer's answer to "Did this answer your question?" means.

Five languages, in their own scripts and typed in Latin letters (romanised
Hindi/Marathi/Telugu, Latvian without diacritics). A request for a person
wins over everything; "no" wins over "yes" when both appear ("yes but it still
does not work" is not a yes). Anything else is ``UNCLEAR`` and the bot hands
off: guessing wrong costs a customer, handing off costs a minute of an agent.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum

import regex

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
# A "yes" buried in a long message is more likely a new question.
MAX_YES_WORDS = 8


class Reply(StrEnum):
    YES = "yes"
    NO = "no"
    HUMAN = "human"
    UNCLEAR = "unclear"


def _fold(text: str) -> str:
    """Lower case, NFC, diacritics off Latin letters only (never off Indic vowel signs)."""
    out = []
    for char in unicodedata.normalize("NFC", text.lower()):
        if "a" <= char <= "z" or (
            not char.isascii() and unicodedata.name(char, "").startswith("LATIN")
        ):
            base = unicodedata.normalize("NFD", char)[0]
            out.append(base)
        else:
            out.append(char)
    # Zero-width joiners change nothing a reader sees.
    return "".join(out).replace("\u200c", "").replace("\u200d", "")


# Per language, words as customers type them: native script, then romanised.
# Folded like the message (lower case, no diacritics on Latin letters).
_YES = {
    "en": "yes yeah yep yup y ok okay thanks thank thx solved perfect great worked helped",
    "hi": "हाँ हां हा जी धन्यवाद शुक्रिया haan haa han ha ji hanji dhanyavad dhanyawad shukriya",
    "mr": "हो होय ho hoy hoi dhanyawaad",
    "te": "అవును ఔను సరే ధన్యవాదాలు avunu aunu sare dhanyavadalu",
    "lv": "ja jaa paldies palidzeja labi",
}
_NO = {
    "en": "no nope nah not didn didnt doesn doesnt wrong n",
    "hi": "नहीं नही ना nahi nahin nai na",
    "mr": "नाही नको naahi nako",
    "te": "లేదు కాదు ledu kaadu kadu",
    "lv": "ne nav nepalidzeja",
}
# Phrases asking for a person, comma-separated.
_HUMAN = {
    "en": "agent, human, person, representative, operator, someone, somebody, "
    "customer service, support team",
    "hi": "एजेंट, इंसान, इन्सान, व्यक्ति, किसी से बात, आदमी से बात, "
    "agent se, insaan, insan, kisi se baat, aadmi se, vyakti",
    "mr": "एजंट, माणूस, माणसाशी, व्यक्तीशी, manus, manasashi, manasa shi, vyaktishi",
    "te": "ఏజెంట్, మనిషి, మనిషితో, వ్యక్తితో, ప్రతినిధి, manishi, manishito, vyaktito",
    "lv": "operators, operatoru, cilveks, cilveku, cilvekam, agents, agentu, "
    "konsultants, konsultantu, darbinieku",
}
_YES_WORDS = {w for words in _YES.values() for w in words.split()}
_NO_WORDS = {w for words in _NO.values() for w in words.split()}
_HUMAN_PHRASES = [p.strip() for ps in _HUMAN.values() for p in ps.split(",") if p.strip()]


def _has_phrase(words: list[str], phrase: str) -> bool:
    parts = phrase.split()
    n = len(parts)
    return any(words[i : i + n] == parts for i in range(len(words) - n + 1))


def reply_classify(text: str) -> Reply:
    words = _WORD.findall(_fold(text))
    if not words:
        return Reply.UNCLEAR
    if any(_has_phrase(words, _fold(phrase)) for phrase in _HUMAN_PHRASES):
        return Reply.HUMAN
    if any(w in _NO_WORDS for w in words):
        return Reply.NO
    if len(words) <= MAX_YES_WORDS and any(w in _YES_WORDS for w in words):
        return Reply.YES
    return Reply.UNCLEAR
