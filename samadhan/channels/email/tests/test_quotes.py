"""The new part of a reply, whichever mail client quoted the conversation."""

from __future__ import annotations

import sysconfig
from pathlib import Path

import pytest
from mailparser_reply import EmailReplyParser

from samadhan.channels.email.parse import parse_email
from samadhan.channels.email.quotes import LANGUAGES, _latest_reply, reply_html, reply_text

HEADER = "Support <support@shop.example>"


@pytest.mark.parametrize(
    ("client", "text", "expected"),
    [
        (
            "gmail",
            f"Thanks!\n\nOn Mon, 2 Mar 2026 at 18:00, {HEADER} wrote:\n> Try again.\n",
            "Thanks!",
        ),
        (
            "apple mail",
            f"Yes please.\n\n> On 2 Mar 2026, at 18:00, {HEADER} wrote:\n> \n> Refund?\n",
            "Yes please.",
        ),
        ("thunderbird", "Done.\n\nOn 02/03/2026 18:00, Support wrote:\n> Restart it.\n", "Done."),
        (
            "outlook",
            (
                "It works.\n\nFrom: Support <support@shop.example>\n"
                "Sent: Monday, March 2, 2026 6:00 PM\n"
                "To: Asha\nSubject: RE: [#5] Router\n\nRestart it.\n"
            ),
            "It works.",
        ),
        (
            "outlook de",
            (
                "Danke.\n\n________________________________\nVon: Support\nGesendet: Montag\n"
                "An: Jürgen\nBetreff: [#7] Lieferung\n\nBitte prüfen.\n"
            ),
            "Danke.",
        ),
        (
            "hindi",
            f"हाँ, धन्यवाद।\n\nOn Mon, 2 Mar 2026 at 18:00, {HEADER} wrote:\n> x\n",
            "हाँ, धन्यवाद।",
        ),
        (
            "latvian",
            f"Paldies!\n\n2026. gada 2. marts, plkst. 18:00, {HEADER} rakstīja:\n> x\n",
            "Paldies!",
        ),
        ("signature", "Jā, paldies.\n\n-- \nAnna\nSIA Veikals\n", "Jā, paldies."),
        ("inline answers kept", "Inline:\n> q1\nanswer 1\n> q2\nanswer 2", None),
        ("all quoted kept", "> only quoted\n> text", None),
        ("plain", "Just a message.", None),
    ],
)
def test_reply_text(client: str, text: str, expected: str | None) -> None:
    assert reply_text(text) == (text if expected is None else expected)


def test_reply_html_cuts_at_the_quote() -> None:
    gmail = '<div dir="ltr">Thanks!</div><div class="gmail_quote">On Mon ... wrote:<blockquote>x'
    assert reply_html(gmail) == '<div dir="ltr">Thanks!</div>'
    outlook = '<div>Danke</div><hr><div id="divRplyFwdMsg"><b>Von:</b></div>'
    assert reply_html(outlook) == "<div>Danke</div><hr>"
    thunderbird = '<p>Done.</p><div class="moz-cite-prefix">On ...</div><blockquote type="cite">'
    assert reply_html(thunderbird) == "<p>Done.</p>"
    only_quote = '<div><br></div><blockquote type="cite">all quoted</blockquote>'
    assert reply_html(only_quote) == ""
    assert reply_html("<p>no quote</p>") == "<p>no quote</p>"


def _corpus_texts() -> list[str]:
    """The text of every mail in our corpus and CPython's, plus each without its colons."""
    folders = [
        Path(__file__).parent / "corpus",
        Path(sysconfig.get_paths()["stdlib"]) / "test" / "test_email" / "data",
    ]
    texts = [HEADER, f"Ok\n\nOn Mon, {HEADER} wrote:\n> x", "a\r\n  b  \r\n> c\n\n"]
    texts += ["x\n\n-----Original Message-----\nFrom: y\nTo: z", "Hi\n__________\nVon: A"]
    for folder in folders:
        for path in sorted(folder.glob("*")):
            try:
                text = parse_email(path.read_bytes()).text
            except Exception:  # noqa: BLE001, S112 - not a mail this test can use
                continue
            texts.append(text)
    return [variant for text in texts for variant in (text, text.replace(":", " "))]


def test_latest_reply_is_exactly_what_mail_parser_reply_returns() -> None:
    # Our shortcut (no signature/disclaimer search, no header search without a ":")
    # must not change a single result of the library's own parse_reply.
    texts = _corpus_texts()
    assert len(texts) > 40
    for text in texts:
        expected = EmailReplyParser(languages=LANGUAGES).parse_reply(text=text)
        assert _latest_reply(text) == expected, text[:200]
