"""Customer-service text in English, Hindi, Marathi, Telugu and Latvian for seeding."""

from __future__ import annotations

import random

# Share of contacts (and so tickets) per language.
LANG_WEIGHTS = {"en": 40, "hi": 20, "mr": 15, "te": 15, "lv": 10}


def _split(text: str) -> list[str]:
    return text.split()


WORDS = {
    "en": _split(
        "account login password reset invoice payment refund order shipping delivery "
        "printer network email calendar laptop battery screen license install update "
        "upgrade error crash slow timeout server backup report export import sync mobile "
        "app browser cache session access permission folder drive wifi router certificate "
        "expired renewal contract quote discount subscription cancel plan billing address "
        "phone number profile settings notification urgent please help thanks customer "
        "support again still cannot unable working broken missing wrong since yesterday "
        "today charged twice card declined "
    ),
    "hi": _split(
        "मेरा खाता लॉगिन नहीं हो रहा है कृपया मदद करें भुगतान असफल रिफंड ऑर्डर डिलीवरी "
        "देर से पासवर्ड बदलना चाहता हूँ बिल गलत सेवा बंद इंटरनेट धीमा शिकायत धन्यवाद आज "
        "कल फिर समस्या ग्राहक सहायता नंबर मोबाइल ऐप त्रुटि पैसे कटे लेकिन अभी तक नहीं "
        "मिला जल्दी जवाब दें "
    ),
    "mr": _split(
        "माझे खाते लॉगिन होत नाही कृपया मदत करा पैसे परत ऑर्डर उशीर पासवर्ड बदलायचा आहे "
        "बिल चुकीचे सेवा बंद इंटरनेट हळू तक्रार धन्यवाद आज उद्या पुन्हा समस्या ग्राहक "
        "क्रमांक मोबाईल त्रुटी कापले गेले अजून मिळाले लवकर उत्तर द्या वितरण झाले "
    ),
    "te": _split(
        "నా ఖాతా లాగిన్ కావడం లేదు దయచేసి సహాయం చేయండి చెల్లింపు విఫలమైంది రీఫండ్ ఆర్డర్ "
        "డెలివరీ ఆలస్యం పాస్‌వర్డ్ మార్చాలి బిల్లు తప్పు సేవ ఆగిపోయింది ఇంటర్నెట్ "
        "నెమ్మదిగా ఫిర్యాదు ధన్యవాదాలు ఈరోజు మళ్ళీ సమస్య కస్టమర్ నంబర్ మొబైల్ యాప్ లోపం "
        "డబ్బులు రాలేదు త్వరగా "
    ),
    "lv": _split(
        "mans konts nevaru pieteikties lūdzu palīdziet maksājums neizdevās atmaksa "
        "pasūtījums piegāde kavējas parole jāmaina rēķins nepareizs pakalpojums "
        "nedarbojas internets lēns sūdzība paldies šodien vakar atkal problēma klients "
        "numurs tālrunis lietotne kļūda ātri ļoti žēl nauda noņemta divreiz karte "
        "atteikta abonements atcelt "
    ),
}
GREETING = {
    "en": ("Hello,", "Regards,"),
    "hi": ("नमस्ते,", "धन्यवाद,"),
    "mr": ("नमस्कार,", "धन्यवाद,"),
    "te": ("నమస్కారం,", "ధన్యవాదాలు,"),
    "lv": ("Labdien,", "Ar cieņu,"),
}
NAMES = {
    "en": (
        ["Alice", "Bob", "Carol", "David", "Erin", "Frank", "Grace", "Heidi"],
        ["Smith", "Jones", "Brown", "Taylor", "Wilson", "Evans", "Walker"],
    ),
    "hi": (
        ["अमित", "प्रिया", "राहुल", "सुनीता", "विकास", "नेहा", "अनिल"],
        ["शर्मा", "वर्मा", "गुप्ता", "सिंह", "यादव", "मिश्रा"],
    ),
    "mr": (
        ["अजय", "स्नेहा", "महेश", "पूजा", "संदीप", "अश्विनी"],
        ["पाटील", "देशमुख", "जोशी", "कुलकर्णी", "पवार", "शिंदे"],
    ),
    "te": (["రాము", "లక్ష్మి", "సురేష్", "కవిత", "వెంకట్", "సాయి"], ["రెడ్డి", "నాయుడు", "రావు", "శర్మ", "వర్మ"]),
    "lv": (
        ["Jānis", "Anna", "Pēteris", "Līga", "Andris", "Ilze", "Kārlis"],
        ["Bērziņš", "Kalniņa", "Ozols", "Liepiņa", "Krūmiņš", "Zariņa"],
    ),
}


def _words(r: random.Random, lang: str, length: int) -> str:
    vocab = WORDS[lang]
    out: list[str] = []
    size = -1
    while size < length:
        word = vocab[r.randrange(len(vocab))]
        out.append(word)
        size += len(word) + 1
    return " ".join(out)


def make_subject(r: random.Random, lang: str) -> str:
    """30 to 80 characters, sometimes with an order number."""
    target = r.randint(30, 80)
    text = _words(r, lang, target - 8)
    if r.random() < 0.3:
        text += f" #{r.randint(10000, 999999)}"
    text = text[:target].rstrip()
    text = text[0].upper() + text[1:]
    while len(text) < 30:
        text += " " + WORDS[lang][r.randrange(len(WORDS[lang]))]
    return text[:80]


def make_body(r: random.Random, lang: str) -> str:
    """200 to 800 characters: greeting, one to three paragraphs, sign-off."""
    hello, bye = GREETING[lang]
    name = r.choice(NAMES[lang][0])
    target = r.randint(200, 800)
    room = target - len(hello) - len(bye) - len(name) - 8
    parts = max(1, min(3, room // 120))
    paras = []
    for k in range(parts):
        text = _words(r, lang, room // parts - 2)
        paras.append(text[0].upper() + text[1:] + ".")
        del k
    body = f"{hello}\n\n" + "\n\n".join(paras) + f"\n\n{bye}\n{name}"
    return body[:800]


def pools(seed: int, *, sqlite: bool) -> dict:
    """Per language: 600 subjects and 300 bodies, with their HTML and search-index forms.

    The index form is what ``samadhan.tickets.search`` stores: space-joined
    tokens for SQLite FTS5, a sorted token array literal for PostgreSQL COPY.
    """
    from samadhan.core.html import text_to_html
    from samadhan.core.text import tokens

    def key(text: str) -> str:
        toks = tokens(text)
        if sqlite:
            return " ".join(toks)
        return "{" + ",".join(f'"{t}"' for t in sorted(set(toks))) + "}"

    r = random.Random(seed)
    out = {}
    for lang in LANG_WEIGHTS:
        bodies = []
        for _ in range(300):
            text = make_body(r, lang)
            bodies.append((text, text_to_html(text), key(text)))
        subjects = []
        for _ in range(600):
            subject = make_subject(r, lang)
            subjects.append((subject, key(subject)))
        out[lang] = {"bodies": bodies, "subjects": subjects}
    return out
