"""Sanitising HTML and moving between text and HTML."""

from __future__ import annotations

import pytest

from samadhan.core.html import html_to_text, sanitize_html, text_to_html


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ('<p onclick="x()">hi</p>', "<p>hi</p>"),
        ("<script>alert(1)</script>ok", "ok"),
        ("<style>p{color:red}</style>ok", "ok"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
        (
            '<a href="mailto:a@b.test" target="_blank">m</a>',
            '<a href="mailto:a@b.test" rel="noopener noreferrer nofollow">m</a>',
        ),
        ('<img src="cid:logo" onerror="x()">', '<img src="cid:logo">'),
        ("<iframe src='https://e.test'></iframe>t", "t"),
        ("<!-- secret -->t", "t"),
        ("<p>मेरी <b>किताब</b></p>", "<p>मेरी <b>किताब</b></p>"),
    ],
)
def test_sanitize(raw: str, clean: str) -> None:
    assert sanitize_html(raw) == clean


@pytest.mark.parametrize(
    ("text", "rendered"),
    [
        ("one line", "<p>one line</p>"),
        ("a\nb", "<p>a<br>b</p>"),
        ("a\r\n\r\nb", "<p>a</p><p>b</p>"),
        ("a\n\n\n\nb", "<p>a</p><p>b</p>"),
        ("a\n  \nb", "<p>a</p><p>b</p>"),
        ("<b>&'\"", "<p>&lt;b&gt;&amp;&#x27;&quot;</p>"),
        ("\n\n", ""),
    ],
)
def test_text_to_html(text: str, rendered: str) -> None:
    assert text_to_html(text) == rendered


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("<p>a</p><p>b &amp; c</p>", "a\n\nb & c"),
        ("<div>ledusskapis</div><div>salūzis</div>", "ledusskapis\nsalūzis"),
        ("<ul><li>एक</li><li>दो</li></ul>after", "एक\nदो\n\nafter"),
        ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"),
        ("<h1>Title</h1>body<br>line", "Title\nbody\nline"),
        ("a<hr>b", "a\nb"),
        ("<blockquote>q</blockquote>after", "q\nafter"),
        ("&lt;script&gt;", "<script>"),
    ],
)
def test_html_to_text_keeps_words_apart(value: str, text: str) -> None:
    assert html_to_text(sanitize_html(value)) == text
