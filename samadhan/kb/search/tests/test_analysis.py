from __future__ import annotations

import pytest

from samadhan.kb.search.analysis import (
    analyse_query,
    code_tokens,
    detect_language,
    document_tokens,
    sanitise_for_detection,
)
from samadhan.kb.search.snippets import snippet_html

ALL = ["en", "hi", "mr", "te", "lv"]


def test_indic_vowel_signs_stay_inside_words() -> None:
    assert document_tokens("मेरा ऑर्डर कहाँ है?") == ["मेरा", "ऑर्डर", "कहां", "है"]
    assert document_tokens("నా ఆర్డర్ ఎక్కడ ఉంది") == ["నా", "ఆర్డర్", "ఎక్కడ", "ఉంది"]


def test_latin_diacritics_fold_but_indic_marks_do_not() -> None:
    assert document_tokens("Kur ir mans pasūtījums?") == ["kur", "ir", "mans", "pasutijums"]
    assert document_tokens("kur ir mans pasutijums") == ["kur", "ir", "mans", "pasutijums"]
    # The Hindi vowel signs (category M) are not "accents".
    assert document_tokens("रिफ़ंड") == ["रिफंड"]
    assert document_tokens("किताब") == ["किताब"]


def test_nukta_candrabindu_joiners_and_digits_unify() -> None:
    precomposed, decomposed, plain = "\u095b", "\u091c\u093c", "\u091c"  # ज़ three ways
    assert document_tokens(precomposed) == document_tokens(decomposed) == document_tokens(plain)
    assert document_tokens("कहाँ") == document_tokens("कहां")
    assert document_tokens("क्\u200dष") == document_tokens("क्ष")
    assert document_tokens("ऑर्डर ४१२३४५६") == ["ऑर्डर", "4123456"]
    assert document_tokens("౧౨౩") == ["123"]


def test_codes_become_one_token_however_typed() -> None:
    assert code_tokens("my order SH-4123456 is late") == ["sh4123456"]
    assert code_tokens("sh4123456") == ["sh4123456"]
    assert code_tokens("error PAY-205") == ["pay205"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("where is my order, it has not arrived", "en"),
        ("मेरा ऑर्डर अभी तक नहीं आया, कब आएगा?", "hi"),
        ("माझी ऑर्डर अजून आली नाही, कधी येईल?", "mr"),
        ("నా ఆర్డర్ ఇంకా రాలేదు, ఎప్పుడు వస్తుంది?", "te"),
        ("Kur ir mans pasūtījums? Tas vēl nav pienācis.", "lv"),
    ],
)
def test_language_identification(text: str, language: str) -> None:
    assert detect_language(text, languages=ALL) == language


def test_detection_is_restricted_and_survives_bad_input() -> None:
    # cld2 says Basque for romanised Hindi; Basque is not a workspace language.
    assert detect_language("mera order abhi tak nahi aaya", languages=ALL) == ""
    assert detect_language("ok", languages=ALL) == ""
    assert sanitise_for_detection("a\ud800b\x00c\x07") == "ab c"
    assert detect_language("where is my \ud800 order \x00 please help", languages=ALL) == "en"


def test_romanised_query_is_latin_unknown_language() -> None:
    analysis = analyse_query("mera order abhi tak nahi aaya", languages=ALL)
    assert analysis.detected_language == ""
    assert analysis.romanised_possible
    assert not analyse_query("kur ir mans pasūtījums", languages=["en", "lv"]).romanised_possible
    # cld2 calls this English; a romanised Marathi function word says otherwise.
    assert analyse_query("majha order kuthe aahe", languages=ALL).detected_language == ""
    assert analyse_query("where is my order please", languages=ALL).detected_language == "en"


def test_snippet_escapes_and_marks_folded_words() -> None:
    html = snippet_html("Jūsu <b>pasūtījums</b> ir ceļā.", ["pasutijums"])
    assert html == "Jūsu &lt;b&gt;<mark>pasūtījums</mark>&lt;/b&gt; ir ceļā."
    assert snippet_html("रिफ़ंड 5-7 दिनों में", ["रिफंड"]) == "<mark>रिफ़ंड</mark> 5-7 दिनों में"
