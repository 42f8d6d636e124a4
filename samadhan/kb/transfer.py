"""Import and export a whole knowledge base as Markdown files (see ``markdown_files``).

Importing is idempotent: an unchanged file changes nothing and writes no version.
A bad file is reported with its name and the reason; the others still load.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from samadhan.accounts.models import Agent
from samadhan.core.errors import AppError
from samadhan.kb import markdown_files
from samadhan.kb.models import ArticleStatus, ArticleTranslation, Section
from samadhan.kb.services import (
    article_get_or_create,
    article_translation_save,
    category_section_for_key,
    kb_check_key,
)
from samadhan.kb.text import slugify_local
from samadhan.workspaces.models import Workspace

MAX_FILE_BYTES = 1_000_000
DEFAULT_CATEGORY = "general"


@dataclass
class ImportReport:
    counts: Counter[str] = field(default_factory=Counter)
    # (file name relative to the directory, reason)
    problems: list[tuple[str, str]] = field(default_factory=list)


def _read(path: Path, base: Path) -> markdown_files.ArticleFile:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValueError("the file is larger than 1 MB")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValueError("the file is not UTF-8") from None
    item = markdown_files.parse(text)
    if item.article != path.parent.name:
        raise ValueError(f"article {item.article!r} differs from its folder {path.parent.name!r}")
    if item.language != path.stem:
        raise ValueError(f"language {item.language!r} differs from the file name {path.name!r}")
    if item.language not in dict(settings.LANGUAGES):
        raise ValueError(f"unknown language {item.language!r}")
    if item.status not in ArticleStatus.values:
        raise ValueError(f"unknown status {item.status!r}")
    kb_check_key(item.article)
    kb_check_key(item.category, field="category")
    return item


def kb_import(*, workspace: Workspace, directory: Path, by: Agent | None = None) -> ImportReport:
    report = ImportReport()
    if not directory.is_dir():
        report.problems.append((str(directory), "not a directory"))
        return report
    by_article: dict[str, list[markdown_files.ArticleFile]] = defaultdict(list)
    for path in sorted(directory.glob("*/*.md")):
        name = str(path.relative_to(directory))
        try:
            item = _read(path, directory)
        except (ValueError, AppError) as error:
            report.problems.append((name, str(getattr(error, "message", error))))
            continue
        by_article[item.article].append(item)
    sections: dict[str, Section] = {}
    for key, items in by_article.items():
        languages = [i.language for i in items]
        source = settings.LANGUAGE_CODE if settings.LANGUAGE_CODE in languages else languages[0]
        # The source language first, so its changes cannot outdate files loaded with it.
        for item in sorted(items, key=lambda i: (i.language != source, i.language)):
            try:
                # The category outside the file's savepoint: a bad file must not roll back
                # a section that the next files of the category use.
                if item.category not in sections:
                    with transaction.atomic():
                        sections[item.category] = category_section_for_key(
                            workspace=workspace, key=item.category
                        )
                with transaction.atomic():
                    outcome = _import_one(workspace, item, sections[item.category], source, by)
                report.counts[outcome] += 1
            except AppError as error:
                report.problems.append((f"{key}/{item.language}.md", error.message))
    return report


def _import_one(
    workspace: Workspace,
    item: markdown_files.ArticleFile,
    section: Section,
    source: str,
    by: Agent | None,
) -> str:
    article, _created = article_get_or_create(
        workspace=workspace, key=item.article, source_language=source, section=section
    )
    if article.section_id != section.pk:
        article.section = section
        article.save(update_fields=["section", "updated_at"])
    before = (
        ArticleTranslation.objects.filter(article=article, language=item.language)
        .values_list("version", flat=True)
        .first()
    )
    translation = article_translation_save(
        article=article,
        language=item.language,
        title=item.title,
        body_markdown=item.body,
        keywords=item.keywords,
        status=item.status,
        author=by,
        slug=item.slug_local or None,
    )
    if before is None:
        return "created"
    return "unchanged" if translation.version == before else "updated"


def kb_export(*, workspace: Workspace, directory: Path) -> int:
    """Write every translation of ``workspace`` under ``directory``; returns the file count."""
    translations = (
        ArticleTranslation.objects.filter(workspace=workspace)
        .select_related("article__section__category")
        .order_by("article__key", "language")
    )
    count = 0
    for translation in translations.iterator(chunk_size=500):
        article = translation.article
        section = article.section
        slug_local = (
            "" if translation.slug == slugify_local(translation.title) else translation.slug
        )
        item = markdown_files.ArticleFile(
            article=article.key,
            language=translation.language,
            title=translation.title,
            category=section.category.key if section else DEFAULT_CATEGORY,
            keywords=list(translation.keywords),
            status=translation.status,
            body=translation.body_markdown,
            slug_local=slug_local,
        )
        folder = directory / article.key
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{translation.language}.md").write_text(
            markdown_files.render(item), encoding="utf-8", newline="\n"
        )
        count += 1
    return count
