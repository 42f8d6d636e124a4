"""A whole knowledge base as Markdown files: ``<article key>/<language>.md``.

Each file starts with front matter in a small YAML subset (``key: value`` lines,
lists as ``[a, b]``, no nesting) — the format of ``benchmarks/kb_eval``::

    ---
    article: refund-timeline
    language: hi
    title: मुझे रिफ़ंड कब मिलेगा?
    category: returns-refunds
    keywords: [रिफ़ंड का समय, रिफ़ंड स्टेटस]
    status: published
    slug_local: रिफ़ंड-कब          (optional)
    ---
    Markdown body

A subset is parsed by hand rather than with a YAML library so that a title like
``no`` or ``2024`` stays text and writing gives back byte-identical files.
"""

from __future__ import annotations

from dataclasses import dataclass

FIELDS = ("article", "language", "title", "category", "keywords", "status", "slug_local")
REQUIRED = ("article", "language", "title", "category", "status")
_FENCE = "---"
_LIST_SPECIAL = set(',[]"')


class FrontMatterError(ValueError):
    pass


@dataclass(frozen=True, kw_only=True)
class ArticleFile:
    article: str
    language: str
    title: str
    category: str
    keywords: list[str]
    status: str
    body: str
    slug_local: str = ""


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].replace('\\"', '"')
    return value


def _split_list(inner: str) -> list[str]:
    items, current, quoted, escaped = [], "", False, False
    for ch in inner:
        if escaped:
            current += ch
            escaped = False
        elif ch == "\\" and quoted:
            current += ch
            escaped = True
        elif ch == '"':
            quoted = not quoted
            current += ch
        elif ch == "," and not quoted:
            items.append(current)
            current = ""
        else:
            current += ch
    items.append(current)
    return [_unquote(item.strip()) for item in items if item.strip()]


def _strip_comment(line: str) -> str:
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"' and line[i - 1 : i] != "\\":
            quoted = not quoted
        elif ch == "#" and not quoted and line[i - 2 : i] == "  ":
            return line[: i - 2].rstrip()
    return line


def parse(text: str) -> ArticleFile:
    text = text.removeprefix("\ufeff")
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r") != _FENCE:
        raise FrontMatterError("the file does not start with '---' front matter")
    try:
        end = next(i for i, line in enumerate(lines[1:], 1) if line.rstrip("\r") == _FENCE)
    except StopIteration:
        raise FrontMatterError("the front matter has no closing '---'") from None
    values: dict[str, str | list[str]] = {}
    for number, raw in enumerate(lines[1:end], start=2):
        # A comment starts at "  #" outside quotes (as in the evaluation set's README).
        line = _strip_comment(raw.rstrip("\r"))
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if not sep or key not in FIELDS:
            raise FrontMatterError(f"line {number}: unknown field {key!r}")
        if key in values:
            raise FrontMatterError(f"line {number}: {key!r} appears twice")
        if key == "keywords":
            if not (value.startswith("[") and value.endswith("]")):
                raise FrontMatterError(f"line {number}: keywords must be a [a, b] list")
            values[key] = _split_list(value[1:-1])
        else:
            values[key] = _unquote(value)
    missing = [key for key in REQUIRED if not values.get(key)]
    if missing:
        raise FrontMatterError(f"missing {', '.join(missing)}")
    keywords = values.get("keywords", [])
    return ArticleFile(
        article=str(values["article"]),
        language=str(values["language"]),
        title=str(values["title"]),
        category=str(values["category"]),
        keywords=list(keywords) if isinstance(keywords, list) else [],
        status=str(values["status"]),
        slug_local=str(values.get("slug_local", "")),
        body="\n".join(lines[end + 1 :]),
    )


def _quote(value: str) -> str:
    return '"' + value.replace('"', '\\"') + '"'


def _scalar(value: str) -> str:
    if value != value.strip() or value[:1] in ('"', "'", "[") or " #" in value:
        return _quote(value)
    return value


def _item(value: str) -> str:
    if value != value.strip() or any(ch in _LIST_SPECIAL for ch in value) or " #" in value:
        return _quote(value)
    return value


def render(item: ArticleFile) -> str:
    keywords = ", ".join(_item(k) for k in item.keywords)
    lines = [
        _FENCE,
        f"article: {item.article}",
        f"language: {item.language}",
        f"title: {_scalar(item.title)}",
        f"category: {item.category}",
        f"keywords: [{keywords}]",
        f"status: {item.status}",
    ]
    if item.slug_local:
        lines.append(f"slug_local: {_scalar(item.slug_local)}")
    lines.append(_FENCE)
    return "\n".join(lines) + "\n" + item.body
