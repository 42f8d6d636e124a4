"""Shapes of the demo conversations and the slot values that fill them.

A scenario is one hand-written conversation in one language. The loader plays
it up to the point that matches the status a ticket should end in, with slot
values (order number, product, dates, amounts...) that differ per ticket, so
a few dozen conversations become a few hundred believable tickets.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

import regex

from samadhan.tickets.models import Priority


class Script(StrEnum):
    # Written as the language is normally written.
    NATIVE = "native"
    # Hindi typed in Latin letters, by customer and agent alike.
    ROMANISED = "romanised"
    # Latvian typed without diacritics by the customer; agents still write properly.
    NO_DIACRITICS = "no_diacritics"


class Topic(StrEnum):
    ORDERS = "orders"
    DELIVERY = "delivery"
    ACCOUNT = "account"
    PAYMENTS = "payments"
    REFUNDS = "refunds"
    WARRANTY = "warranty"


@dataclass(frozen=True, kw_only=True)
class Scenario:
    """One conversation, in the order it happens.

    ``reply`` asks the customer for something (a ticket left there is pending),
    ``follow`` is the customer's answer, ``note`` an internal note that
    mentions a colleague as ``{@lead}``, ``{@neha}``..., ``resolution`` the
    reply that settles it and ``thanks`` the customer's last word, if any.
    Slots: {name} {agent} {order} {product} {amount} {date} {eta} {bought}
    {tracking} {ref} {city}; agent texts may also use {ticket}.
    """

    key: str
    topic: Topic
    subject: str
    opening: str
    reply: str
    follow: str
    note: str
    resolution: str
    thanks: str = ""
    tags: tuple[str, ...] = ()
    priority: Priority = Priority.NORMAL
    products: tuple[str, ...] = ()
    script: Script = Script.NATIVE


@dataclass(frozen=True, kw_only=True)
class Product:
    key: str
    names: dict[str, str]  # language (or "latin") -> name as customers write it
    inr: str
    eur: str


PRODUCTS: tuple[Product, ...] = (
    Product(
        key="mixer_grinder",
        names={
            "en": "mixer grinder",
            "latin": "mixer grinder",
            "hi": "मिक्सर ग्राइंडर",
            "mr": "मिक्सर ग्राइंडर",
            "te": "మిక్సర్ గ్రైండర్",
        },
        inr="₹3,499",
        eur="59,00 €",
    ),
    Product(
        key="ceiling_fan",
        names={
            "en": "ceiling fan",
            "latin": "ceiling fan",
            "hi": "सीलिंग फ़ैन",
            "mr": "सीलिंग फॅन",
            "te": "సీలింగ్ ఫ్యాన్",
        },
        inr="₹2,799",
        eur="45,00 €",
    ),
    Product(
        key="pressure_cooker",
        names={
            "en": "pressure cooker",
            "latin": "pressure cooker",
            "hi": "प्रेशर कुकर",
            "mr": "प्रेशर कुकर",
            "te": "ప్రెషర్ కుక్కర్",
        },
        inr="₹1,899",
        eur="39,90 €",
    ),
    Product(
        key="led_tv",
        names={
            "en": "43-inch LED TV",
            "latin": "43 inch LED TV",
            "hi": "43 इंच एलईडी टीवी",
            "mr": "43 इंची एलईडी टीव्ही",
            "te": "43 అంగుళాల LED టీవీ",
            "lv": "43 collu LED televizors",
        },
        inr="₹26,990",
        eur="349,00 €",
    ),
    Product(
        key="water_purifier",
        names={
            "en": "RO water purifier",
            "latin": "RO water purifier",
            "hi": "आरओ वॉटर प्यूरीफ़ायर",
            "mr": "आरओ वॉटर प्युरिफायर",
            "te": "RO వాటర్ ప్యూరిఫైయర్",
        },
        inr="₹12,490",
        eur="189,00 €",
    ),
    Product(
        key="air_fryer",
        names={
            "en": "air fryer",
            "latin": "air fryer",
            "hi": "एयर फ़्रायर",
            "mr": "एअर फ्रायर",
            "te": "ఎయిర్ ఫ్రైయర్",
            "lv": "karstā gaisa friteris",
        },
        inr="₹6,999",
        eur="89,99 €",
    ),
    Product(
        key="smartwatch",
        names={
            "en": "smartwatch",
            "latin": "smartwatch",
            "te": "స్మార్ట్‌వాచ్",
            "lv": "viedpulkstenis",
        },
        inr="₹4,499",
        eur="79,00 €",
    ),
    Product(
        key="robot_vacuum",
        names={
            "en": "robot vacuum cleaner",
            "latin": "robot vacuum cleaner",
            "hi": "रोबोट वैक्यूम क्लीनर",
            "mr": "रोबोट व्हॅक्यूम क्लीनर",
            "te": "రోబో వాక్యూమ్ క్లీనర్",
            "lv": "robotputekļsūcējs",
        },
        inr="₹18,999",
        eur="229,00 €",
    ),
)
PRODUCTS_BY_KEY = {p.key: p for p in PRODUCTS}

_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "hi": "जनवरी फ़रवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर अक्टूबर नवंबर दिसंबर",
    "mr": "जानेवारी फेब्रुवारी मार्च एप्रिल मे जून जुलै ऑगस्ट सप्टेंबर ऑक्टोबर नोव्हेंबर डिसेंबर",
    "te": "జనవరి ఫిబ్రవరి మార్చి ఏప్రిల్ మే జూన్ జూలై ఆగస్టు సెప్టెంబర్ అక్టోబర్ నవంబర్ డిసెంబర్",
    # Locative ("in March"), the form a date takes in "pasūtīju 12. martā".
    "lv": "janvārī februārī martā aprīlī maijā jūnijā jūlijā augustā septembrī oktobrī "
    "novembrī decembrī",
}
_LATVIAN_PLAIN = str.maketrans("āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ", "acegiklnsuzACEGIKLNSUZ")


def strip_latvian(text: str) -> str:
    """Latvian as typed on a keyboard without the Latvian layout."""
    return text.translate(_LATVIAN_PLAIN)


def format_day(day: datetime.date, language: str, *, year: bool = False) -> str:
    """A day as people write it in ``language``; ``lv`` in the locative ("12. martā")."""
    key = language if language in _MONTHS else "en"
    month = _MONTHS[key].split()[day.month - 1]
    if key == "lv":
        text = f"{day.day}. {month}"
        return f"{day.year}. gada {text}" if year else text
    if key == "te":
        return f"{month} {day.day}, {day.year}" if year else f"{month} {day.day}"
    return f"{day.day} {month} {day.year}" if year else f"{day.day} {month}"


_SLOT = regex.compile(r"\{(@?[a-z_]+)\}")


def render(template: str, slots: dict[str, str]) -> str:
    """Fill ``{slot}`` markers; an unknown slot is a bug in the content, so it raises."""

    def value(match: regex.Match[str]) -> str:
        return slots[match.group(1)]

    return str(_SLOT.sub(value, template))


def slot_names(template: str) -> set[str]:
    return set(_SLOT.findall(template))
