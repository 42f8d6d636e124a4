"""Every mail of CPython's email test corpus and our own tricky one goes through the whole
inbound pipeline: none crashes, none is dropped, none falls back to "unparsed"."""

from __future__ import annotations

import base64
import sysconfig
from collections import Counter
from pathlib import Path

import pytest

from samadhan.channels.email.models import RawEmail, RawEmailStatus
from samadhan.channels.email.parse import parse_email
from samadhan.channels.email.tests.mailbuild import deliver, make_email_inbox
from samadhan.testing.factories import make_agent, make_workspace
from samadhan.tickets.models import MessageKind, Ticket
from samadhan.tickets.services.message import message_create
from samadhan.tickets.timeline import Author

CPYTHON = Path(sysconfig.get_paths()["stdlib"]) / "test" / "test_email" / "data"
OURS = Path(__file__).parent / "corpus"


def corpus() -> list[Path]:
    return sorted(CPYTHON.glob("msg_*.txt")) + sorted(OURS.glob("*.eml"))


def test_the_corpora_are_there() -> None:
    # ./test installs libpython3.11-testsuite when the stdlib ships without its tests.
    assert len(sorted(CPYTHON.glob("msg_*.txt"))) >= 40, CPYTHON
    assert len(sorted(OURS.glob("*.eml"))) >= 8


@pytest.mark.parametrize("path", corpus(), ids=lambda p: p.name)
def test_parse_never_raises(path: Path) -> None:
    parsed = parse_email(path.read_bytes())
    assert isinstance(parsed.text, str)
    assert "\x00" not in parsed.text + parsed.subject


@pytest.mark.django_db
def test_every_mail_becomes_a_ticket_or_a_deliberate_decision() -> None:
    inbox = make_email_inbox(make_workspace())
    outcomes: Counter[str] = Counter()
    for path in corpus():
        raw = deliver(inbox, path.read_bytes(), source="file")
        outcomes[raw.status] += 1
        assert raw.status in (RawEmailStatus.PROCESSED, RawEmailStatus.IGNORED), (
            path.name,
            raw.status,
            raw.error,
        )
        if raw.status == RawEmailStatus.PROCESSED:
            assert raw.ticket_id is not None, path.name
        else:
            assert raw.error, path.name
    stored = RawEmail.objects.filter(inbox=inbox)
    # Identical mails (same bytes or Message-ID) are one row; everything else has its own.
    assert stored.count() <= len(corpus())
    assert not stored.exclude(status__in=[RawEmailStatus.PROCESSED, RawEmailStatus.IGNORED])
    assert Ticket.objects.filter(workspace=inbox.workspace).exists()


def _deliver_ours(name: str, slug: str | None = None) -> RawEmail:
    inbox = make_email_inbox(make_workspace(slug=slug))
    return deliver(inbox, (OURS / name).read_bytes(), source="file")


@pytest.mark.django_db
def test_inline_image_mail_is_safe_and_shows_its_image() -> None:
    raw = _deliver_ours("html_only_inline_image.eml", slug="shop")
    message = raw.result_message
    assert message is not None
    image = message.attachments.get()
    assert (image.filename, image.content_type) == ("shot.png", "image/png")
    assert f'<img src="/t/shop/attachments/{image.pk}">' in message.body_html
    assert "onclick" not in message.body_html
    assert "iframe" not in message.body_html
    assert message.body_text == "Here is what I see:"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "filename", "content_type"),
    [
        ("winmail_tnef.eml", "winmail.dat", "application/ms-tnef"),
        ("rfc2231_continuations.eml", "Rechnung für März 2026 — sehr lang.pdf", "application/pdf"),
        ("nested_forward.eml", "The real problem.eml", "message/rfc822"),
    ],
)
def test_attachments_are_kept_as_files(name: str, filename: str, content_type: str) -> None:
    raw = _deliver_ours(name)
    assert raw.result_message is not None
    assert list(raw.result_message.attachments.values_list("filename", "content_type")) == [
        (filename, content_type)
    ]


@pytest.mark.django_db
def test_encodings_and_missing_sender() -> None:
    japanese = _deliver_ours("iso2022jp.eml")
    assert japanese.ticket is not None
    assert japanese.ticket.contact.name == "田中"
    assert japanese.result_message is not None
    assert japanese.result_message.body_text == "商品が届きません。"
    anonymous = _deliver_ours("no_from_8bit_nul.eml")
    assert anonymous.ticket is not None
    assert (anonymous.ticket.subject, anonymous.ticket.contact.name) == (
        "café été",
        "Unknown sender",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "status", "tags"),
    [
        ("mailing_list.eml", RawEmailStatus.PROCESSED, ["list"]),
        ("out_of_office.eml", RawEmailStatus.IGNORED, None),
        ("dsn_postfix.eml", RawEmailStatus.IGNORED, None),
        ("huge_references.eml", RawEmailStatus.PROCESSED, []),
        ("broken_boundary.eml", RawEmailStatus.PROCESSED, []),
        ("gmail_reply.eml", RawEmailStatus.PROCESSED, []),
        ("outlook_reply.eml", RawEmailStatus.PROCESSED, []),
    ],
)
def test_robots_and_oddities(name: str, status: str, tags: list[str] | None) -> None:
    raw = _deliver_ours(name)
    assert raw.status == status
    if tags is None:
        assert raw.ticket_id is None
    else:
        assert raw.ticket is not None
        assert list(raw.ticket.tags.values_list("name", flat=True)) == tags


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "subject", "body", "contact"),
    [
        (
            "windows1257_latvian.eml",
            "Pasūtījums nav saņemts",
            "Labdien! Mans pasūtījums vēl nav saņemts. Ļoti žēl.",
            "Līga Bērziņa",
        ),
        ("koi8r_russian.eml", "Заказ не пришёл", "Здравствуйте, заказ не пришёл.", ""),
        (
            "indic_subjects.eml",
            "माझी ऑर्डर आली नाही — నా ఆర్డర్ రాలేదు — मेरा ऑर्डर नहीं आया",
            "कृपया मदद करें।",
            "सुनीता पाटील",
        ),
        ("no_message_id.eml", "no id here", "A mail without a Message-ID header.", ""),
    ],
)
def test_charsets_and_scripts(name: str, subject: str, body: str, contact: str) -> None:
    raw = _deliver_ours(name)
    assert raw.ticket is not None
    assert raw.result_message is not None
    assert (raw.ticket.subject, raw.result_message.body_text, raw.ticket.contact.name) == (
        subject,
        body,
        contact,
    )


@pytest.mark.django_db
def test_client_reply_styles_thread_and_show_only_the_reply() -> None:
    inbox = make_email_inbox(make_workspace())
    agent = make_agent(inbox.workspace)
    expected = {
        "apple_mail_reply.eml": ("meera@icloud.example", "x21.3@shop.example"),
        "thunderbird_reply.eml": ("ravi@posteo.example", "x22.1@shop.example"),
        "gmail_reply.eml": ("asha.rao@gmail.example", "x1.55@shop.example"),
        "outlook_reply.eml": ("jm@firma.example", "x2.7@shop.example"),
    }
    tickets = {}
    for name, (customer, ours) in expected.items():
        first = deliver(inbox, f"From: {customer}\r\nSubject: Help\r\n\r\nHelp!".encode())
        assert first.ticket is not None
        message_create(
            ticket=first.ticket,
            author=Author.of_agent(agent),
            kind=MessageKind.OUTBOUND,
            body_text="Answer",
            inbox=inbox,
            external_id=ours,
        )
        tickets[name] = first.ticket
    replies = {
        "apple_mail_reply.eml": "Yes please, refund it.",
        "thunderbird_reply.eml": "Done, it works now.",
        "gmail_reply.eml": "Got it, thank you — it was with the neighbour.",
        "outlook_reply.eml": "Vielen Dank, das Paket ist angekommen. Grüße",
    }
    for name, text in replies.items():
        raw = deliver(inbox, (OURS / name).read_bytes())
        assert raw.ticket_id == tickets[name].pk, name
        assert raw.result_message is not None
        assert raw.result_message.body_text == text, name


@pytest.mark.django_db
def test_a_20_mb_attachment_is_kept() -> None:
    payload = bytes(range(256)) * (20 * 1024 * 1024 // 256)
    raw = (
        b"From: big@customer.example\r\nSubject: Scan\r\nMessage-ID: <big@customer.example>\r\n"
        b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: text/plain\r\n\r\nThe scan.\r\n"
        b"--B\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        b'Content-Disposition: attachment; filename="scan.pdf"\r\n\r\n'
        + base64.encodebytes(payload)
        + b"\r\n--B--\r\n"
    )
    inbox = make_email_inbox(make_workspace())
    result = deliver(inbox, raw)
    assert result.result_message is not None
    attachment = result.result_message.attachments.get()
    assert (attachment.filename, attachment.size) == ("scan.pdf", len(payload))
