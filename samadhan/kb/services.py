"""Writing the knowledge base: categories, sections, articles and their translations.

Every state change goes through one of these functions. Editor changes are
audited in the same transaction; what search and the bots need to know leaves
as a domain event after commit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.models import Agent
from samadhan.audit.services import audit_diff, audit_record
from samadhan.core.domain_events import DomainEvent, EventType, publish
from samadhan.core.errors import ValidationFailed
from samadhan.kb.models import (
    Article,
    ArticleStatus,
    ArticleTranslation,
    ArticleVersion,
    Category,
    CategoryTranslation,
    Section,
    SectionTranslation,
)
from samadhan.kb.text import content_hash, render_markdown, slugify_local
from samadhan.workspaces.models import Workspace

_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_TITLE = 300
MAX_KEYWORDS = 50
MAX_KEYWORD = 100
MAX_BODY = 200_000


def _invalid(field: str, message: Promise) -> ValidationFailed:
    return ValidationFailed(message, fields={field: [str(message)]})


def kb_check_key(key: str, *, field: str = "key") -> str:
    if not _KEY.match(key) or len(key) > 120:
        raise _invalid(field, _("Use lowercase ASCII letters, digits and hyphens."))
    return key


def kb_check_language(language: str, *, field: str = "language") -> str:
    if language not in dict(settings.LANGUAGES):
        raise _invalid(field, _("Unknown language."))
    return language


def _names(names: dict[str, str], *, field: str = "names") -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for language, raw in names.items():
        kb_check_language(language, field=f"{field}.{language}")
        name = raw.strip()
        if not name or len(name) > 200:
            raise _invalid(f"{field}.{language}", _("Give a name of 1 to 200 characters."))
        cleaned[language] = name
    return cleaned


# -- categories and sections ------------------------------------------------------------


@transaction.atomic
def category_create(
    *,
    workspace: Workspace,
    key: str,
    names: dict[str, str],
    position: int = 0,
    icon: str = "",
    by: Agent | None = None,
) -> Category:
    kb_check_key(key)
    names = _names(names)
    if Category.objects.filter(workspace=workspace, key=key).exists():
        raise _invalid("key", _("A category with this key already exists."))
    category = Category.objects.create(workspace=workspace, key=key, position=position, icon=icon)
    category_names_set(category=category, names=names)
    audit_record(
        workspace=workspace,
        actor=by,
        action="kb_category.created",
        target=category,
        changes={"key": key, "names": names},
    )
    return category


def category_names_set(*, category: Category, names: dict[str, str]) -> None:
    for language, name in _names(names).items():
        CategoryTranslation.objects.update_or_create(
            category=category,
            language=language,
            defaults={
                "workspace_id": category.workspace_id,
                "name": name,
                "slug": slugify_local(name) or category.key,
            },
        )


@transaction.atomic
def section_create(
    *,
    category: Category,
    key: str,
    names: dict[str, str],
    position: int = 0,
    by: Agent | None = None,
) -> Section:
    kb_check_key(key)
    names = _names(names)
    if Section.objects.filter(workspace_id=category.workspace_id, key=key).exists():
        raise _invalid("key", _("A section with this key already exists."))
    section = Section.objects.create(
        workspace_id=category.workspace_id, category=category, key=key, position=position
    )
    section_names_set(section=section, names=names)
    audit_record(
        workspace=category.workspace,
        actor=by,
        action="kb_section.created",
        target=section,
        changes={"key": key, "category": category.key, "names": names},
    )
    return section


def section_names_set(*, section: Section, names: dict[str, str]) -> None:
    for language, name in _names(names).items():
        SectionTranslation.objects.update_or_create(
            section=section,
            language=language,
            defaults={"workspace_id": section.workspace_id, "name": name},
        )


# -- articles -----------------------------------------------------------------------------


@transaction.atomic
def article_create(
    *,
    workspace: Workspace,
    key: str,
    source_language: str,
    section: Section | None = None,
    position: int = 0,
    by: Agent | None = None,
) -> Article:
    kb_check_key(key)
    kb_check_language(source_language, field="source_language")
    if section is not None and section.workspace_id != workspace.pk:
        raise _invalid("section_id", _("Unknown section."))
    if Article.objects.filter(workspace=workspace, key=key).exists():
        raise _invalid("key", _("An article with this key already exists."))
    article = Article.objects.create(
        workspace=workspace,
        key=key,
        source_language=source_language,
        section=section,
        position=position,
        created_by=by,
    )
    audit_record(
        workspace=workspace,
        actor=by,
        action="kb_article.created",
        target=article,
        changes={
            "key": key,
            "source_language": source_language,
            "section": section.key if section else None,
        },
    )
    return article


@dataclass(frozen=True, kw_only=True)
class ArticleChanges:
    """What to change; ``None`` leaves a property alone (``set_section`` allows clearing it)."""

    source_language: str | None = None
    section: Section | None = None
    set_section: bool = False
    position: int | None = None
    related: Sequence[Article] | None = None


@transaction.atomic
def article_update(*, article: Article, changes: ArticleChanges, by: Agent | None) -> Article:
    article = Article.objects.select_for_update().get(pk=article.pk)
    before = _article_state(article)
    if changes.source_language is not None:
        article.source_language = kb_check_language(
            changes.source_language, field="source_language"
        )
    if changes.set_section:
        if changes.section is not None and changes.section.workspace_id != article.workspace_id:
            raise _invalid("section_id", _("Unknown section."))
        article.section = changes.section
    if changes.position is not None:
        article.position = changes.position
    article.save()
    if changes.related is not None:
        related = [a for a in changes.related if a.pk != article.pk]
        if any(a.workspace_id != article.workspace_id for a in related):
            raise _invalid("related_ids", _("Unknown article."))
        article.related.set(related)
    diff = audit_diff(before, _article_state(article))
    if diff:
        audit_record(
            workspace=article.workspace,
            actor=by,
            action="kb_article.updated",
            target=article,
            changes=diff,
        )
    return article


def _article_state(article: Article) -> dict[str, object]:
    return {
        "source_language": article.source_language,
        "section_id": article.section_id,
        "position": article.position,
        "related_ids": sorted(article.related.values_list("id", flat=True)),
    }


@transaction.atomic
def article_delete(*, article: Article, by: Agent | None) -> None:
    translations = list(article.translations.order_by("id").values("id", "language"))
    payload = {
        "article_id": article.pk,
        "translation_ids": [t["id"] for t in translations],
        "languages": [t["language"] for t in translations],
    }
    audit_record(
        workspace=article.workspace,
        actor=by,
        action="kb_article.deleted",
        target=article,
        changes={"key": article.key, "languages": payload["languages"]},
    )
    workspace_id = article.workspace_id
    article.delete()
    publish(
        DomainEvent(type=EventType.KB_ARTICLE_DELETED, workspace_id=workspace_id, payload=payload)
    )


def article_get_or_create(
    *, workspace: Workspace, key: str, source_language: str, section: Section | None
) -> tuple[Article, bool]:
    """For import: the article with ``key``, created if missing."""
    article = Article.objects.filter(workspace=workspace, key=key).first()
    if article is not None:
        return article, False
    return (
        article_create(
            workspace=workspace, key=key, source_language=source_language, section=section
        ),
        True,
    )


def category_section_for_key(*, workspace: Workspace, key: str) -> Section:
    """For import: a category with ``key`` and its default section of the same key."""
    category = Category.objects.filter(workspace=workspace, key=key).first()
    if category is None:
        name = key.replace("-", " ").capitalize()
        category = category_create(
            workspace=workspace, key=key, names={settings.LANGUAGE_CODE: name}
        )
    section = Section.objects.filter(workspace=workspace, key=key).first()
    if section is None:
        section = Section.objects.create(workspace=workspace, category=category, key=key)
    return section


def _keywords(keywords: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for raw in keywords:
        keyword = " ".join(raw.split())
        if not keyword:
            continue
        if len(keyword) > MAX_KEYWORD:
            raise _invalid("keywords", _("A keyword has at most 100 characters."))
        if keyword not in cleaned:
            cleaned.append(keyword)
    if len(cleaned) > MAX_KEYWORDS:
        raise _invalid("keywords", _("Give at most 50 keywords."))
    return cleaned


def _unique_slug(article: Article, language: str, wanted: str) -> str:
    base = slugify_local(wanted) or article.key
    taken = set(
        ArticleTranslation.objects.filter(
            workspace_id=article.workspace_id, language=language, slug__startswith=base
        )
        .exclude(article=article)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def article_translation_save(
    *,
    article: Article,
    language: str,
    title: str,
    body_markdown: str,
    keywords: Iterable[str],
    status: str,
    author: Agent | None,
    slug: str | None = None,
) -> ArticleTranslation:
    """Create or update one language of ``article``; a save that changes nothing is a no-op.

    A change writes the next ``ArticleVersion``. A change of the source language's
    words marks the other languages outdated; a change to one of those clears its
    flag (or ``translation_mark_current`` when the old words still hold).
    """
    kb_check_language(language)
    if not title.strip() or len(title) > MAX_TITLE:
        raise _invalid("title", _("Give a title of 1 to 300 characters."))
    if len(body_markdown) > MAX_BODY:
        raise _invalid("body_markdown", _("The text is too long."))
    if status not in ArticleStatus.values:
        raise _invalid("status", _("Unknown status."))
    keyword_list = _keywords(keywords)
    digest = content_hash(title=title, body_markdown=body_markdown)
    translation = (
        ArticleTranslation.objects.select_for_update()
        .filter(article=article, language=language)
        .first()
    )
    new_slug = _unique_slug(article, language, slug or title)
    wanted = {
        "title": title,
        "body_markdown": body_markdown,
        "keywords": keyword_list,
        "status": status,
        "slug": new_slug,
    }
    if translation is None:
        translation = ArticleTranslation(
            workspace_id=article.workspace_id, article=article, language=language, version=0
        )
        before: dict[str, object] = {}
    else:
        before = {key: getattr(translation, key) for key in wanted}
        if before == wanted:
            # Nothing to keep; an unchanged re-import must not hide that a language lags.
            return translation
    words_changed = translation.content_hash != digest
    for key, value in wanted.items():
        setattr(translation, key, value)
    if words_changed:
        translation.body_html = render_markdown(body_markdown)
        translation.content_hash = digest
    if status == ArticleStatus.PUBLISHED and before.get("status") != ArticleStatus.PUBLISHED:
        translation.published_at = timezone.now()
    translation.author = author
    translation.outdated = False
    translation.version += 1
    translation.save()
    ArticleVersion.objects.create(
        workspace_id=article.workspace_id,
        translation=translation,
        number=translation.version,
        title=title,
        body_markdown=body_markdown,
        keywords=keyword_list,
        status=status,
        author=author,
    )
    if words_changed and language == article.source_language and before:
        ArticleTranslation.objects.filter(article=article).exclude(language=language).update(
            outdated=True
        )
    changes = audit_diff(
        {k: v for k, v in before.items() if k != "body_markdown"},
        {k: v for k, v in wanted.items() if k != "body_markdown"},
    )
    if words_changed:
        changes["body_markdown"] = ["…", f"v{translation.version}"]
    audit_record(
        workspace=article.workspace,
        actor=author,
        action="kb_translation.saved",
        target=translation,
        changes=changes,
    )
    publish(
        DomainEvent(
            type=EventType.KB_TRANSLATION_SAVED,
            workspace_id=article.workspace_id,
            payload={
                "article_id": article.pk,
                "translation_id": translation.pk,
                "language": language,
                "status": status,
                "content_hash": digest,
            },
        )
    )
    return translation


@transaction.atomic
def translation_mark_current(*, translation: ArticleTranslation, by: Agent | None) -> None:
    """An editor checked an outdated translation against the source: it still holds."""
    if not translation.outdated:
        return
    ArticleTranslation.objects.filter(pk=translation.pk).update(outdated=False)
    translation.outdated = False
    audit_record(
        workspace=translation.article.workspace,
        actor=by,
        action="kb_translation.marked_current",
        target=translation,
        changes={"outdated": [True, False]},
    )


def article_version_restore(*, version: ArticleVersion, by: Agent | None) -> ArticleTranslation:
    """Bring back ``version``'s words as a new version; the status stays as it is now."""
    translation = version.translation
    return article_translation_save(
        article=translation.article,
        language=translation.language,
        title=version.title,
        body_markdown=version.body_markdown,
        keywords=version.keywords,
        status=translation.status,
        author=by,
    )


def translation_counter_add(*, translation_id: int, field: str) -> None:
    """Count a view or a vote in the database (``F()``: concurrent readers never lose one)."""
    if field not in ("view_count", "helpful_count", "unhelpful_count"):
        raise ValueError(field)
    ArticleTranslation.objects.filter(pk=translation_id).update(**{field: F(field) + 1})
