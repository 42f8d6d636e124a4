"""What people write comes back exactly; what could run in a browser does not."""

from __future__ import annotations

import json
import unicodedata

import pytest

from samadhan.api.tests.conftest import upload
from samadhan.conftest import Seat
from samadhan.contacts.models import Contact
from samadhan.testing.api_client import body
from samadhan.testing.factories import make_ticket
from samadhan.tickets.models import Message, Ticket

XSS_VECTORS = [
    ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>", "Hi"),
    ('<img src="x" onerror="alert(1)">', '<img src="x">', ""),
    (
        '<a href="javascript:alert(1)">click</a>',
        '<a rel="noopener noreferrer nofollow">click</a>',
        "click",
    ),
    (
        '<a href="JaVaScRiPt:alert(1)">click</a>',
        '<a rel="noopener noreferrer nofollow">click</a>',
        "click",
    ),
    (
        '<a href="jav&#x09;ascript:alert(1)">click</a>',
        '<a rel="noopener noreferrer nofollow">click</a>',
        "click",
    ),
    ('<iframe src="https://evil.test/"></iframe><p>ok</p>', "<p>ok</p>", "ok"),
    ("<style>body{display:none}</style><p>hi</p>", "<p>hi</p>", "hi"),
    ('<p onclick="steal()" style="position:fixed">t</p>', "<p>t</p>", "t"),
    ("<svg onload=alert(1)><script>alert(1)</script></svg><b>b</b>", "<b>b</b>", "b"),
    ('<img src="data:image/png;base64,AAAA" alt="pic">', '<img alt="pic">', ""),
    ('<form action="https://evil.test/"><input name="pw"></form><i>i</i>', "<i>i</i>", "i"),
    ("<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)", "ipt>alert(1)"),
    (
        '<a href="https://shop.test/o/1" target="_blank">order</a>',
        '<a href="https://shop.test/o/1" rel="noopener noreferrer nofollow">order</a>',
        "order",
    ),
]


@pytest.mark.parametrize(("raw", "clean", "text"), XSS_VECTORS)
def test_html_bodies_come_back_sanitised(seat: Seat, raw: str, clean: str, text: str) -> None:
    number = make_ticket(seat.workspace).number
    created = seat.api.post(f"tickets/{number}/messages", {"body_html": raw, "kind": "note"})
    assert created.status_code == 201, created.content
    listed = body(seat.api.get(f"tickets/{number}/messages"))[-1]
    for message in (body(created), listed):
        assert message["body_html"] == clean
        assert message["body_text"] == text
    assert Message.objects.get(pk=listed["id"]).body_html == clean


def test_html_on_ticket_creation_is_sanitised_and_text_kept_as_given(seat: Seat) -> None:
    response = seat.api.post(
        "tickets",
        {
            "subject": "<script>alert('subject')</script>",
            "body": "I typed <b>this</b> myself",
            "body_html": '<p>I typed <b>this</b> myself<script>alert("x")</script></p>',
            "contact": {"name": "<img src=x onerror=alert(1)>"},
        },
    )
    assert response.status_code == 201
    ticket = body(response)
    # Subjects and names are text: stored and returned as typed, escaped by whoever renders.
    assert ticket["subject"] == "<script>alert('subject')</script>"
    assert ticket["contact"]["name"] == "<img src=x onerror=alert(1)>"
    [message] = body(seat.api.get(f"tickets/{ticket['number']}/messages"))
    assert message["body_text"] == "I typed <b>this</b> myself"
    assert message["body_html"] == "<p>I typed <b>this</b> myself</p>"


def test_plain_text_is_returned_exactly_and_its_html_escaped(seat: Seat) -> None:
    number = make_ticket(seat.workspace).number
    text = '<script>alert("x")</script> & 5 > 3\n\nNew <b>para</b>\nline two  '
    response = seat.api.post(f"tickets/{number}/messages", {"body": text, "kind": "reply"})
    assert response.status_code == 201
    message = body(response)
    assert message["body_text"] == text
    assert message["body_html"] == (
        "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 5 &gt; 3</p>"
        "<p>New &lt;b&gt;para&lt;/b&gt;<br>line two  </p>"
    )


def test_an_html_attachment_downloads_inert(seat: Seat) -> None:
    number = make_ticket(seat.workspace).number
    page = b"<html><script>alert(document.cookie)</script></html>"
    attachment = upload(seat, "invoice.html", page, content_type="text/html")
    seat.api.post(
        f"tickets/{number}/messages", {"body": "see", "attachment_ids": [attachment["id"]]}
    )
    response = seat.api.get(f"attachments/{attachment['id']}")
    assert response.status_code == 200
    assert response.getvalue() == page
    assert response["Content-Disposition"] == 'attachment; filename="invoice.html"'
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


HINDI_JOINERS = "क्\u200dष और र्\u200cय"  # ZWJ half form, ZWNJ explicit virama
NUKTA_PRECOMPOSED = "\u0958\u0959\u095b"  # क़ ख़ ज़ as single code points
NUKTA_DECOMPOSED = "\u0915\u093c\u0916\u093c\u091c\u093c"  # the same letters + nukta
COMBINING = "e\u0301 a\u0308\u0304 n\u0303"  # decomposed Latin with stacked marks
TELUGU = "మీ ఆర్డర్ ఎక్కడ ఉంది?"
MARATHI = "माझी ऑर्डर अजून आली नाही, कृपया मदत करा"
LATVIAN = "Ķēniņš Ģirts Ļoti Šķūnis"
EMOJI = "👋🏽 👨\u200d👩\u200d👧\u200d👦 🏳️\u200d🌈 1️⃣"
# Arabic and Hebrew letters look like Latin ones to the linter; they are the point here.
RTL = "\u200fمرحبا، أين طلبي؟ שלום\u200e abc"  # noqa: RUF001

SAMPLES = [
    HINDI_JOINERS,
    NUKTA_PRECOMPOSED,
    NUKTA_DECOMPOSED,
    COMBINING,
    TELUGU,
    MARATHI,
    LATVIAN,
    EMOJI,
    RTL,
]


def test_the_samples_are_what_they_claim() -> None:
    assert (
        unicodedata.normalize("NFC", NUKTA_DECOMPOSED) != NUKTA_PRECOMPOSED
    )  # composition-excluded
    assert NUKTA_PRECOMPOSED != NUKTA_DECOMPOSED
    assert "\u200d" in HINDI_JOINERS
    assert "\u200c" in HINDI_JOINERS
    assert unicodedata.normalize("NFC", COMBINING) != COMBINING


@pytest.mark.parametrize("text", SAMPLES, ids=[f"sample{i}" for i in range(len(SAMPLES))])
def test_unicode_round_trips_byte_exact(seat: Seat, text: str) -> None:
    response = seat.api.post(
        "tickets",
        {
            "subject": f"{text} #1",
            "body": f"{text}\n{text}",
            "contact": {"name": f"{text} name", "email": "unicode@example.test"},
        },
    )
    assert response.status_code == 201, response.content
    raw = response.content
    assert f"{text} #1".encode() in raw
    assert f"{text} name".encode() in raw
    number = body(response)["number"]

    ticket = seat.api.get(f"tickets/{number}")
    assert body(ticket)["subject"] == f"{text} #1"
    assert body(ticket)["contact"]["name"] == f"{text} name"
    assert ticket.content == raw
    assert ticket["Content-Type"] == "application/json; charset=utf-8"

    messages = seat.api.get(f"tickets/{number}/messages")
    [message] = body(messages)
    assert message["body_text"] == f"{text}\n{text}"
    assert json.dumps(f"{text}\n{text}", ensure_ascii=False).encode() in messages.content

    reply = seat.api.post(f"tickets/{number}/messages", {"body": text, "kind": "reply"})
    assert body(reply)["body_text"] == text
    assert text.encode() in reply.content

    contact = seat.api.get(f"contacts/{body(ticket)['contact']['id']}")
    assert body(contact)["name"] == f"{text} name"
    assert f"{text} name".encode() in contact.content

    stored = Ticket.objects.get(workspace=seat.workspace, number=number)
    assert stored.subject == f"{text} #1"
    assert Contact.objects.get(pk=stored.contact_id).name == f"{text} name"
    assert [m.body_text for m in stored.messages.order_by("id")] == [f"{text}\n{text}", text]


def test_unicode_in_contacts_and_identities_round_trips(seat: Seat) -> None:
    name = f"{LATVIAN} {HINDI_JOINERS}"
    created = seat.api.post(
        "contacts",
        {
            "name": name,
            "email": "Ķēniņš@Piemērs.lv",
            "identities": [{"kind": "external", "value": NUKTA_DECOMPOSED}],
            "attributes": {"city": TELUGU, EMOJI: RTL},
        },
    )
    assert created.status_code == 201, created.content
    contact = body(seat.api.get(f"contacts/{body(created)['id']}"))
    assert contact["name"] == name
    assert contact["attributes"] == {"city": TELUGU, EMOJI: RTL}
    assert [(i["kind"], i["value"]) for i in contact["identities"]] == [
        ("external", NUKTA_DECOMPOSED),
        ("email", "Ķēniņš@Piemērs.lv"),
    ]
