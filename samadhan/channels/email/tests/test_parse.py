"""Parsing real-world mail: encodings, broken MIME, attachments, inline images."""

from __future__ import annotations

import base64

from samadhan.channels.email.parse import Address, decode_bytes, parse_email

CRLF = "\r\n"


def eml(*lines: str) -> bytes:
    return CRLF.join(lines).encode("utf-8", "surrogateescape")


def test_encoded_words_in_subject_and_names() -> None:
    parsed = parse_email(
        eml(
            "From: =?UTF-8?B?4KSu4KWA4KSw4KS+?= <meera@example.in>",
            "To: =?ISO-8859-1?Q?J=FCrgen?= <support@shop.example>, b@shop.example",
            "Cc: =?utf-8?q?Anna_B=C4=93rzi=C5=86a?= <anna@example.lv>",
            "Subject: =?UTF-8?Q?Pas=C5=AB=C5=A1_nav_pieg=C4=81d=C4=81ts?= =?UTF-8?Q?_(2)?=",
            "Message-ID: <X1@example.in>",
            "In-Reply-To: <a@shop.example>",
            "References: <root@shop.example> <a@shop.example>",
            "Date: Mon, 2 Mar 2026 09:00:00 +0530",
            "",
            "Namaste",
        )
    )
    assert parsed.sender == Address(name="मीरा", email="meera@example.in")
    assert parsed.to == [
        Address(name="Jürgen", email="support@shop.example"),
        Address(name="", email="b@shop.example"),
    ]
    assert parsed.cc == [Address(name="Anna Bērziņa", email="anna@example.lv")]
    assert parsed.subject == "Pasūš nav piegādāts (2)"
    assert (parsed.message_id, parsed.in_reply_to, parsed.references) == (
        "X1@example.in",
        ["a@shop.example"],
        ["root@shop.example", "a@shop.example"],
    )
    assert parsed.date is not None
    assert parsed.date.isoformat() == "2026-03-02T09:00:00+05:30"
    assert parsed.text == "Namaste"


def test_alternative_prefers_plain_and_keeps_html() -> None:
    parsed = parse_email(
        eml(
            "From: a@example.com",
            "Subject: alt",
            "MIME-Version: 1.0",
            'Content-Type: multipart/alternative; boundary="b"',
            "",
            "--b",
            "Content-Type: text/plain; charset=utf-8",
            "",
            "Plain *words*",
            "--b",
            "Content-Type: text/html; charset=utf-8",
            "",
            "<p>Plain <b>words</b></p><script>alert(1)</script>",
            "--b--",
        )
    )
    assert parsed.text == "Plain *words*"
    assert "<b>words</b>" in parsed.html
    assert parsed.attachments == []


def test_html_only_becomes_text_too() -> None:
    parsed = parse_email(
        eml(
            "From: a@example.com",
            "Content-Type: text/html; charset=windows-1252",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "<p>Caf=E9 &amp; cr=E8me</p><p>Second</p>",
        )
    )
    assert parsed.text == "Café & crème\n\nSecond"


def test_lying_and_unknown_charsets_degrade_gracefully() -> None:
    latin1_as_utf8 = parse_email(
        b"From: a@example.com\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nna\xefve\r\n"
    )
    assert latin1_as_utf8.text == "naïve"
    unknown = parse_email(
        b"From: a@example.com\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\n"
        + "किताब".encode()
    )
    assert unknown.text == "किताब"
    undeclared_8bit = parse_email(b"From: a@example.com\r\nSubject: \xc3\xa9t\xc3\xa9\r\n\r\nx")
    assert undeclared_8bit.subject == "été"
    assert decode_bytes(b"caf\xe9", "us-ascii") == "café"


def test_rfc2231_filenames_inline_images_tnef_and_attached_mail() -> None:
    png = base64.b64encode(b"\x89PNG fake image").decode()
    parsed = parse_email(
        eml(
            "From: a@example.com",
            'Content-Type: multipart/mixed; boundary="outer"',
            "",
            "--outer",
            'Content-Type: multipart/related; boundary="rel"',
            "",
            "--rel",
            "Content-Type: text/html; charset=utf-8",
            "",
            '<p>See <img src="cid:logo@x"></p>',
            "--rel",
            "Content-Type: image/png",
            "Content-Transfer-Encoding: base64",
            "Content-ID: <logo@x>",
            "",
            png,
            "--rel--",
            "--outer",
            "Content-Type: application/pdf",
            "Content-Disposition: attachment; filename*=UTF-8''%E0%A4%AC%E0%A4%BF%E0%A4%B2.pdf",
            "Content-Transfer-Encoding: base64",
            "",
            base64.b64encode(b"%PDF-1.4").decode(),
            "--outer",
            "Content-Type: application/ms-tnef; name=winmail.dat",
            "Content-Transfer-Encoding: base64",
            "",
            base64.b64encode(b"\x78\x9f\x3e\x22tnef").decode(),
            "--outer",
            "Content-Type: message/rfc822",
            "",
            "From: old@example.com",
            "Subject: The original",
            "",
            "Forwarded body",
            "--outer--",
        )
    )
    assert [(a.filename, a.content_type, a.content_id, a.inline) for a in parsed.attachments] == [
        ("part-1.png", "image/png", "logo@x", True),
        ("बिल.pdf", "application/pdf", "", False),
        ("winmail.dat", "application/ms-tnef", "", False),
        ("The original.eml", "message/rfc822", "", False),
    ]
    assert parsed.attachments[0].data == b"\x89PNG fake image"
    assert parsed.attachments[2].data == b"\x78\x9f\x3e\x22tnef"
    assert b"Forwarded body" in parsed.attachments[3].data
    # The attached mail's body is not mistaken for this mail's text.
    assert "Forwarded body" not in parsed.text
    assert 'src="cid:logo@x"' in parsed.html


def test_broken_mime_never_raises() -> None:
    samples = [
        b"",
        b"\x00\x01\x02",
        b"Content-Type: multipart/mixed\r\n\r\nno boundary at all",
        (
            b'Content-Type: multipart/mixed; boundary="x"\r\n\r\n'
            b"--x\r\nContent-Type: text/plain\r\n\r\ncut"
        ),
        b"Content-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!",
        b"From: <<<@>>>\r\nTo: ,,,,\r\nSubject: =?utf-8?B?####?=\r\nDate: yesterday\r\n\r\nbody",
        b'Content-Type: text/plain; charset=""\r\n\r\nbody',
        b"Message-ID: <\r\n\r\nbody",
    ]
    for raw in samples:
        parsed = parse_email(raw)
        assert isinstance(parsed.text, str)
    assert parse_email(samples[5]).date is None
    assert parse_email(samples[5]).sender is None


def test_nesting_is_bounded() -> None:
    depth = 60
    lines = ["From: a@example.com"]
    for i in range(depth):
        lines += [f'Content-Type: multipart/mixed; boundary="b{i}"', "", f"--b{i}"]
    lines += ["Content-Type: text/plain", "", "deep"]
    parsed = parse_email(eml(*lines))
    assert "too deeply nested or too many parts" in parsed.defects
