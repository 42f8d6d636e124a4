"""Validate the knowledge-base evaluation set (stdlib only).

    python3 benchmarks/kb_eval/check.py

Checks the articles (five languages each, front matter, scripts, lengths) and
questions.jsonl (fields, labels, spread, duplicates), prints the counts and
exits non-zero when anything is wrong.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent
ARTICLES = ROOT / "articles"
QUESTIONS = ROOT / "questions.jsonl"

LANGUAGES = ("en", "hi", "mr", "te", "lv")
KINDS = ("direct", "paraphrase", "romanised", "no-diacritics", "typo", "code")
SCRIPTS = ("native", "latin")
FIELDS = ("article", "language", "title", "category", "keywords", "status")
OPTIONAL_FIELDS = ("slug_local",)
QUESTION_FIELDS = {"id", "text", "language", "script", "article", "kind"}
CODE = re.compile(r"\b(?:SH|RT|RF|PAY|GC|OTP|IN|AS|SC|HB|SN)-?[A-Z0-9]+(?:-[A-Z0-9]+)*\b")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LATVIAN_DIACRITICS = set("āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ")
EN_WORDS = (120, 350)  # the English source of every article
TRANSLATION_WORDS = (70, 500)  # scripts differ in how many words a sentence takes
MIN_QUESTIONS_PER_ARTICLE = 3
MIN_QUESTIONS_PER_LANGUAGE = 40
MIN_ARTICLES = 40
MIN_QUESTIONS = 200
NATIVE_SHARE = 0.75  # of the letters in a hi/mr/te body that must be in its script


def is_devanagari(ch: str) -> bool:
    return "\u0900" <= ch <= "\u097f" or "\ua8e0" <= ch <= "\ua8ff"


def is_telugu(ch: str) -> bool:
    return "\u0c00" <= ch <= "\u0c7f"


def letters(text: str) -> list[str]:
    return [ch for ch in text if unicodedata.category(ch)[0] in "LM"]


def script_share(text: str, test) -> float:
    found = letters(text)
    if not found:
        return 0.0
    return sum(1 for ch in found if test(ch)) / len(found)


def word_count(body: str) -> int:
    text = re.sub(r"[#*_>`|\[\]()]", " ", body)
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


def parse(path: Path, problems: list[str]) -> tuple[dict[str, object], str] | None:
    text = path.read_text(encoding="utf-8")
    if unicodedata.normalize("NFC", text) != text:
        problems.append(f"{path}: text is not NFC")
    if not text.startswith("---\n"):
        problems.append(f"{path}: does not start with front matter '---'")
        return None
    end = text.find("\n---\n", 4)
    if end < 0:
        problems.append(f"{path}: front matter is not closed with '---'")
        return None
    meta: dict[str, object] = {}
    for number, raw in enumerate(text[4:end].splitlines(), start=2):
        line = raw.split("  #", 1)[0].rstrip()
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if not sep or not key:
            problems.append(f"{path}:{number}: not a 'key: value' line: {line!r}")
            continue
        if key in meta:
            problems.append(f"{path}:{number}: duplicate key {key!r}")
        if value.startswith("["):
            if not value.endswith("]"):
                problems.append(f"{path}:{number}: unclosed list for {key!r}")
                continue
            items = [item.strip().strip("\"'") for item in value[1:-1].split(",")]
            meta[key] = [item for item in items if item]
        else:
            meta[key] = value.strip("\"'")
    return meta, text[end + 5 :]


def check_script(path: Path, language: str, body: str, problems: list[str]) -> None:
    if language in ("hi", "mr"):
        share = script_share(body, is_devanagari)
        if share < NATIVE_SHARE:
            problems.append(f"{path}: only {share:.0%} of letters are Devanagari")
    elif language == "te":
        share = script_share(body, is_telugu)
        if share < NATIVE_SHARE:
            problems.append(f"{path}: only {share:.0%} of letters are Telugu script")
    else:
        if any(is_devanagari(ch) or is_telugu(ch) for ch in body):
            problems.append(f"{path}: Indic characters in a {language} article")
        if language == "lv":
            count = sum(1 for ch in body if ch in LATVIAN_DIACRITICS)
            if count < 10:
                problems.append(f"{path}: only {count} Latvian diacritics, expected many")
    if language != "te" and any(is_telugu(ch) for ch in body):
        problems.append(f"{path}: Telugu characters in a {language} article")
    if language == "te" and any(is_devanagari(ch) for ch in body):
        problems.append(f"{path}: Devanagari characters in a {language} article")


def check_articles(problems: list[str]) -> dict[str, dict[str, str]]:
    """Return {slug: {language: body}} for the articles that parsed."""
    bodies: dict[str, dict[str, str]] = {}
    if not ARTICLES.is_dir():
        problems.append(f"{ARTICLES}: missing")
        return bodies
    titles: dict[str, set[str]] = defaultdict(set)
    for folder in sorted(p for p in ARTICLES.iterdir() if p.is_dir()):
        slug = folder.name
        if not SLUG.match(slug):
            problems.append(f"{folder}: slug must be lowercase ASCII words joined by hyphens")
        names = {p.name for p in folder.iterdir()}
        expected = {f"{language}.md" for language in LANGUAGES}
        for missing in sorted(expected - names):
            problems.append(f"{folder}: missing {missing}")
        for extra in sorted(names - expected):
            problems.append(f"{folder}: unexpected file {extra}")
        categories: set[str] = set()
        keyword_sets: dict[str, list[str]] = {}
        for language in LANGUAGES:
            path = folder / f"{language}.md"
            if not path.exists():
                continue
            parsed = parse(path, problems)
            if parsed is None:
                continue
            meta, body = parsed
            for field in FIELDS:
                if not meta.get(field):
                    problems.append(f"{path}: front matter field {field!r} missing or empty")
            for field in meta:
                if field not in FIELDS and field not in OPTIONAL_FIELDS:
                    problems.append(f"{path}: unknown front matter field {field!r}")
            if meta.get("article") != slug:
                problems.append(f"{path}: article {meta.get('article')!r} != folder {slug!r}")
            if meta.get("language") != language:
                problems.append(f"{path}: language {meta.get('language')!r} != file name")
            if meta.get("status") != "published":
                problems.append(f"{path}: status {meta.get('status')!r}, expected 'published'")
            category = str(meta.get("category", ""))
            if category and not SLUG.match(category):
                problems.append(f"{path}: category {category!r} is not a slug")
            categories.add(category)
            keywords = meta.get("keywords")
            if not isinstance(keywords, list) or len(keywords) < 2:
                problems.append(f"{path}: keywords must be a list of at least two")
            else:
                keyword_sets[language] = keywords
            title = str(meta.get("title", ""))
            titles[language].add(title)
            check_script(path, language, title + "\n" + body, problems)
            words = word_count(body)
            low, high = EN_WORDS if language == "en" else TRANSLATION_WORDS
            if not low <= words <= high:
                problems.append(f"{path}: {words} words, expected {low}-{high}")
            bodies.setdefault(slug, {})[language] = body
        if len(categories) > 1:
            problems.append(f"{folder}: categories differ between languages: {sorted(categories)}")
        langs = bodies.get(slug, {})
        if "hi" in langs and "mr" in langs and langs["hi"].strip() == langs["mr"].strip():
            problems.append(f"{folder}: Hindi and Marathi bodies are identical")
        if "en" in langs:
            for language, body in langs.items():
                if language != "en" and body.strip() == langs["en"].strip():
                    problems.append(f"{folder}/{language}.md: body is the English text")
            # order numbers and codes must survive translation unchanged
            codes = {code for code in CODE.findall(langs["en"]) if any(c.isdigit() for c in code)}
            for language, body in langs.items():
                for code in sorted(codes):
                    if code not in body:
                        problems.append(f"{folder}/{language}.md: code {code} of en.md missing")
    if len(bodies) < MIN_ARTICLES:
        problems.append(f"{len(bodies)} articles, expected at least {MIN_ARTICLES}")
    return bodies


def check_questions(articles: dict[str, dict[str, str]], problems: list[str]) -> list[dict]:
    questions: list[dict] = []
    if not QUESTIONS.exists():
        problems.append(f"{QUESTIONS}: missing")
        return questions
    seen_ids: set[str] = set()
    seen_texts: dict[str, str] = {}
    for number, line in enumerate(QUESTIONS.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{QUESTIONS.name}:{number}"
        if not line.strip():
            problems.append(f"{where}: blank line")
            continue
        try:
            q = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not JSON ({exc})")
            continue
        if not isinstance(q, dict) or set(q) != QUESTION_FIELDS:
            problems.append(f"{where}: fields must be exactly {sorted(QUESTION_FIELDS)}")
            continue
        if not all(isinstance(value, str) and value for value in q.values()):
            problems.append(f"{where}: every field must be a non-empty string")
            continue
        questions.append(q)
        qid, text, language = q["id"], q["text"], q["language"]
        script, kind = q["script"], q["kind"]
        if not re.fullmatch(r"q\d{3,}", qid):
            problems.append(f"{where}: id {qid!r} must look like q001")
        if qid in seen_ids:
            problems.append(f"{where}: duplicate id {qid}")
        seen_ids.add(qid)
        key = " ".join(unicodedata.normalize("NFC", text).casefold().split())
        if key in seen_texts:
            problems.append(f"{where}: same text as {seen_texts[key]}")
        seen_texts[key] = qid
        if unicodedata.normalize("NFC", text) != text:
            problems.append(f"{where}: text is not NFC")
        if language not in LANGUAGES:
            problems.append(f"{where}: language {language!r} not in {LANGUAGES}")
        if script not in SCRIPTS:
            problems.append(f"{where}: script {script!r} not in {SCRIPTS}")
        if kind not in KINDS:
            problems.append(f"{where}: kind {kind!r} not in {KINDS}")
        if q["article"] not in articles:
            problems.append(f"{where}: article {q['article']!r} does not exist")
        indic = any(is_devanagari(ch) or is_telugu(ch) for ch in text)
        if script == "native" and language in ("hi", "mr"):
            if not any(is_devanagari(ch) for ch in text):
                problems.append(f"{where}: native {language} question without Devanagari")
        elif script == "native" and language == "te":
            if not any(is_telugu(ch) for ch in text):
                problems.append(f"{where}: native te question without Telugu script")
        elif indic:
            problems.append(f"{where}: {script} {language} question contains Indic script")
        if language == "te" and any(is_devanagari(ch) for ch in text):
            problems.append(f"{where}: Devanagari in a Telugu question")
        if language in ("hi", "mr") and any(is_telugu(ch) for ch in text):
            problems.append(f"{where}: Telugu in a {language} question")
        if kind == "romanised" and (language not in ("hi", "mr", "te") or script != "latin"):
            problems.append(f"{where}: romanised questions are hi/mr/te in script 'latin'")
        if script == "latin" and language not in ("hi", "mr", "te", "lv"):
            problems.append(f"{where}: script 'latin' is for romanised hi/mr/te or plain lv")
        if language == "lv":
            plain = not any(ch in LATVIAN_DIACRITICS for ch in text)
            if kind == "no-diacritics" and not plain:
                problems.append(f"{where}: no-diacritics question has diacritics")
            if (script == "latin") != plain:
                problems.append(f"{where}: lv script must be 'latin' exactly when no diacritics")
        elif kind == "no-diacritics":
            problems.append(f"{where}: kind no-diacritics is for Latvian")
        if kind == "code" and not re.search(r"[A-Z]{2,}-?\d+|\d{4,}", text):
            problems.append(f"{where}: code question without an order number or error code")
    if len(questions) < MIN_QUESTIONS:
        problems.append(f"{len(questions)} questions, expected at least {MIN_QUESTIONS}")
    per_article = Counter(q["article"] for q in questions)
    for slug in sorted(articles):
        if per_article[slug] < MIN_QUESTIONS_PER_ARTICLE:
            problems.append(f"article {slug}: {per_article[slug]} questions, expected 3+")
    per_language = Counter(q["language"] for q in questions)
    for language in LANGUAGES:
        if per_language[language] < MIN_QUESTIONS_PER_LANGUAGE:
            problems.append(f"{per_language[language]} {language} questions, expected 40+")
    return questions


def table(title: str, rows: list[str], columns: list[str], cells: Counter) -> None:
    width = max(len(r) for r in [*rows, "total"]) + 2
    print(title)
    print(" " * width + "".join(f"{c:>14}" for c in [*columns, "total"]))
    for row in rows:
        values = [cells[(row, c)] for c in columns]
        print(f"{row:<{width}}" + "".join(f"{v:>14}" for v in [*values, sum(values)]))
    totals = [sum(cells[(r, c)] for r in rows) for c in columns]
    print(f"{'total':<{width}}" + "".join(f"{v:>14}" for v in [*totals, sum(totals)]))
    print()


def main() -> int:
    problems: list[str] = []
    articles = check_articles(problems)
    questions = check_questions(articles, problems)

    categories: Counter = Counter()
    for slug in articles:
        first = (ARTICLES / slug / "en.md").read_text(encoding="utf-8")
        match = re.search(r"^category:\s*(\S+)", first, re.MULTILINE)
        categories[match.group(1) if match else "?"] += 1
    words = {
        language: sorted(word_count(b[language]) for b in articles.values() if language in b)
        for language in LANGUAGES
    }
    print(f"articles: {len(articles)} (each in {', '.join(LANGUAGES)})")
    print("categories: " + ", ".join(f"{c} {n}" for c, n in sorted(categories.items())))
    for language in LANGUAGES:
        found = words[language]
        if found:
            print(
                f"  {language}: {len(found)} files, words min {found[0]} "
                f"median {found[len(found) // 2]} max {found[-1]}"
            )
    print(f"questions: {len(questions)}")
    print()
    table(
        "questions per language and kind",
        list(LANGUAGES),
        list(KINDS),
        Counter((q["language"], q["kind"]) for q in questions),
    )
    table(
        "questions per language and script",
        list(LANGUAGES),
        list(SCRIPTS),
        Counter((q["language"], q["script"]) for q in questions),
    )
    per_article = Counter(q["article"] for q in questions)
    if per_article:
        counts = sorted(per_article.values())
        print(f"questions per article: min {counts[0]} max {counts[-1]}")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for problem in problems:
            print(f"  {problem}")
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
