"""Who may read and edit the knowledge base. Authorization is a fetch.

Owners, admins and managers edit everything. Agents read published and
internal-only translations (internal notes are for staff), collaborators read
published ones. An article none of whose translations one may read does not
exist for one: the same rule drives the list selector and the detail fetch.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from samadhan.accounts.access import Actor, require_role
from samadhan.accounts.models import Role
from samadhan.core.errors import NotFound
from samadhan.kb.models import (
    Article,
    ArticleStatus,
    ArticleTranslation,
    ArticleVersion,
    Category,
    Section,
)

EDITOR_ROLE = Role.MANAGER


def kb_can_edit(actor: Actor) -> bool:
    return actor.has_role(EDITOR_ROLE)


def kb_readable_statuses(actor: Actor) -> frozenset[str]:
    if kb_can_edit(actor):
        return frozenset(ArticleStatus.values)
    if actor.role == Role.AGENT:
        return frozenset({ArticleStatus.PUBLISHED, ArticleStatus.INTERNAL})
    return frozenset({ArticleStatus.PUBLISHED})


def kb_require_editor(actor: Actor) -> None:
    require_role(actor, EDITOR_ROLE)


def translations_readable(actor: Actor) -> QuerySet[ArticleTranslation]:
    return ArticleTranslation.objects.filter(
        workspace=actor.workspace, status__in=kb_readable_statuses(actor)
    )


def articles_readable(actor: Actor) -> QuerySet[Article]:
    articles = Article.objects.filter(workspace=actor.workspace)
    if kb_can_edit(actor):
        return articles
    return articles.filter(Exists(translations_readable(actor).filter(article_id=OuterRef("pk"))))


# Larger ids name no row, and SQLite cannot even bind them.
MAX_ID = 2**62


def access_article(actor: Actor, article_id: int) -> Article:
    if not 0 < article_id <= MAX_ID:
        raise NotFound(_("Article not found."))
    article = articles_readable(actor).filter(pk=article_id).first()
    if article is None:
        raise NotFound(_("Article not found."))
    return article


def access_article_for_edit(actor: Actor, article_id: int) -> Article:
    # Fetch first: an article one cannot see is "not found", not "forbidden".
    article = access_article(actor, article_id)
    kb_require_editor(actor)
    return article


def access_translation(actor: Actor, article: Article, language: str) -> ArticleTranslation:
    translation = translations_readable(actor).filter(article=article, language=language).first()
    if translation is None:
        raise NotFound(_("Translation not found."))
    return translation


def access_version(actor: Actor, article: Article, version_id: int) -> ArticleVersion:
    kb_require_editor(actor)
    if not 0 < version_id <= MAX_ID:
        raise NotFound(_("Version not found."))
    version = (
        ArticleVersion.objects.filter(
            workspace=actor.workspace, translation__article=article, pk=version_id
        )
        .select_related("translation")
        .first()
    )
    if version is None:
        raise NotFound(_("Version not found."))
    return version


def access_category(actor: Actor, category_id: int) -> Category:
    category = Category.objects.filter(workspace=actor.workspace, pk=category_id).first()
    if category is None:
        raise NotFound(_("Category not found."))
    return category


def access_section(actor: Actor, section_id: int) -> Section:
    section = Section.objects.filter(workspace=actor.workspace, pk=section_id).first()
    if section is None:
        raise NotFound(_("Section not found."))
    return section
