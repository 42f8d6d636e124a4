"""Reading a customer's answer to "Did this answer your question?" in five languages."""

from __future__ import annotations

import pytest

from samadhan.bots.replies import Reply, reply_classify


@pytest.mark.parametrize(
    ("text", "meaning"),
    [
        # English
        ("Yes, thanks!", Reply.YES),
        ("ok", Reply.YES),
        ("no", Reply.NO),
        ("nope, still broken", Reply.NO),
        ("yes but it does not work", Reply.NO),
        ("I want to talk to a person", Reply.HUMAN),
        ("can I speak to a human please", Reply.HUMAN),
        ("agent", Reply.HUMAN),
        # Hindi, Devanagari and romanised
        ("हाँ, धन्यवाद", Reply.YES),
        ("नहीं", Reply.NO),
        ("haan", Reply.YES),
        ("haan ji ho gaya", Reply.YES),
        ("nahi", Reply.NO),
        ("nahin hua", Reply.NO),
        ("agent se baat karni hai", Reply.HUMAN),
        ("kisi insaan se baat karao", Reply.HUMAN),
        ("मुझे किसी व्यक्ति से बात करनी है", Reply.HUMAN),
        # Marathi
        ("होय", Reply.YES),
        ("नाही", Reply.NO),
        ("ho, dhanyawaad", Reply.YES),
        ("mala manasashi bolaycha aahe", Reply.HUMAN),
        ("मला माणसाशी बोलायचे आहे", Reply.HUMAN),
        # Telugu
        ("అవును, ధన్యవాదాలు", Reply.YES),
        ("లేదు", Reply.NO),
        ("avunu", Reply.YES),
        ("మనిషితో మాట్లాడాలి", Reply.HUMAN),
        # Latvian, with and without diacritics
        ("Jā, paldies", Reply.YES),
        ("ja paldies", Reply.YES),
        ("Nē", Reply.NO),
        ("ne, nepalidzeja", Reply.NO),
        ("gribu runāt ar operatoru", Reply.HUMAN),
        ("gribu runat ar cilveku", Reply.HUMAN),
        # Anything else is unclear (the bot hands off)
        ("How do I return a phone I bought last week?", Reply.UNCLEAR),
        ("", Reply.UNCLEAR),
        ("🙂", Reply.UNCLEAR),
        (
            "thanks, but where is my other order that was supposed to come on Monday",
            Reply.UNCLEAR,
        ),
    ],
)
def test_reply_classify(text: str, meaning: Reply) -> None:
    assert reply_classify(text) == meaning
