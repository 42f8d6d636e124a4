"""The knowledge base API: articles, translations, versions, categories, sections.

Search (``/kb/search``) lives with the search package.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from samadhan.accounts.access import Actor
from samadhan.api.auth import actor_of
from samadhan.api.types import LanguageCode, ObjectId, StrictIn
from samadhan.core.errors import ValidationFailed
from samadhan.kb import selectors
from samadhan.kb.access import (
    access_article,
    access_article_for_edit,
    access_category,
    access_section,
    access_version,
    articles_readable,
    kb_require_editor,
)
from samadhan.kb.models import Article, ArticleStatus, Category, Section
from samadhan.kb.services import (
    ArticleChanges,
    article_create,
    article_translation_save,
    article_update,
    article_version_restore,
    category_create,
    kb_check_language,
    section_create,
)

router = Router(tags=["knowledge base"])


class TranslationOut(Schema):
    id: int
    language: str
    title: str
    slug: str
    body_markdown: str
    body_html: str
    keywords: list[str]
    status: str
    outdated: bool
    version: int
    content_hash: str
    view_count: int
    helpful_count: int
    unhelpful_count: int
    author_id: int | None
    created_at: Any
    updated_at: Any
    published_at: Any


class ArticleOut(Schema):
    id: int
    key: str
    source_language: str
    section_id: int | None
    category_id: int | None
    position: int
    related_ids: list[int]
    translations: list[TranslationOut]
    created_at: Any
    updated_at: Any

    @staticmethod
    def resolve_category_id(obj: Article) -> int | None:
        return obj.section.category_id if obj.section else None

    @staticmethod
    def resolve_related_ids(obj: Article) -> list[int]:
        return sorted(a.pk for a in obj.related.all())

    @staticmethod
    def resolve_translations(obj: Article) -> list[Any]:
        return list(getattr(obj, "readable_translations", []))


class ArticlePageOut(Schema):
    items: list[ArticleOut]
    next_cursor: str | None


class ArticleListQuery(Schema):
    language: LanguageCode | None = None
    section_id: ObjectId | None = None
    cursor: ObjectId | None = None
    limit: int = Field(50, ge=1, le=200)


class ArticleIn(StrictIn):
    key: str = Field(..., min_length=1, max_length=120)
    source_language: LanguageCode
    section_id: ObjectId | None = None
    position: int = Field(0, ge=0, le=1_000_000)


class ArticlePatchIn(StrictIn):
    source_language: LanguageCode | None = None
    section_id: ObjectId | None = None
    clear_section: bool = False
    position: int | None = Field(None, ge=0, le=1_000_000)
    related_ids: list[ObjectId] | None = Field(None, max_length=50)


class TranslationIn(StrictIn):
    title: str = Field(..., min_length=1, max_length=300)
    body_markdown: str = Field("", max_length=200_000)
    keywords: list[str] = Field(default_factory=list, max_length=50)
    status: ArticleStatus = ArticleStatus.DRAFT
    slug: str | None = Field(None, min_length=1, max_length=300)


class VersionOut(Schema):
    id: int
    language: str
    number: int
    title: str
    body_markdown: str
    keywords: list[str]
    status: str
    author_id: int | None
    created_at: Any

    @staticmethod
    def resolve_language(obj: Any) -> str:
        return str(obj.translation.language)


class NameOut(Schema):
    language: str
    name: str
    description: str


class CategoryOut(Schema):
    id: int
    key: str
    position: int
    icon: str
    names: list[NameOut]

    @staticmethod
    def resolve_names(obj: Category) -> list[Any]:
        return sorted(obj.translations.all(), key=lambda t: t.language)


class SectionOut(Schema):
    id: int
    key: str
    category_id: int
    position: int
    names: list[NameOut]

    @staticmethod
    def resolve_names(obj: Section) -> list[Any]:
        return sorted(obj.translations.all(), key=lambda t: t.language)


class CategoryIn(StrictIn):
    key: str = Field(..., min_length=1, max_length=120)
    names: dict[LanguageCode, str] = Field(..., min_length=1, max_length=20)
    position: int = Field(0, ge=0, le=1_000_000)
    icon: str = Field("", max_length=40)


class SectionIn(StrictIn):
    key: str = Field(..., min_length=1, max_length=120)
    category_id: ObjectId
    names: dict[LanguageCode, str] = Field(..., min_length=1, max_length=20)
    position: int = Field(0, ge=0, le=1_000_000)


class VersionListQuery(Schema):
    language: LanguageCode | None = None


def _article_out(actor: Actor, article_id: int) -> Article:
    return selectors.article_list(actor=actor).get(pk=article_id)


def _section_in_body(actor: Actor, section_id: int) -> Section:
    section = Section.objects.filter(workspace=actor.workspace, pk=section_id).first()
    if section is None:
        raise ValidationFailed(
            _("Unknown section."), fields={"section_id": [str(_("Unknown section."))]}
        )
    return section


@router.get("/kb/articles", response=ArticlePageOut)
def list_articles(request: HttpRequest, query: Query[ArticleListQuery]) -> Any:
    articles = selectors.article_list(
        actor=actor_of(request), language=query.language, section_id=query.section_id
    ).order_by("id")
    if query.cursor:
        articles = articles.filter(id__gt=query.cursor)
    rows = list(articles[: query.limit + 1])
    more = len(rows) > query.limit
    return {
        "items": rows[: query.limit],
        "next_cursor": str(rows[query.limit - 1].pk) if more else None,
    }


@router.post("/kb/articles", response={201: ArticleOut})
def create_article(request: HttpRequest, payload: ArticleIn) -> Any:
    actor = actor_of(request)
    kb_require_editor(actor)
    section = _section_in_body(actor, payload.section_id) if payload.section_id else None
    article = article_create(
        workspace=actor.workspace,
        key=payload.key,
        source_language=payload.source_language,
        section=section,
        position=payload.position,
        by=actor.agent,
    )
    return Status(201, _article_out(actor, article.pk))


@router.get("/kb/articles/{article_id}", response=ArticleOut)
def get_article(request: HttpRequest, article_id: int) -> Any:
    actor = actor_of(request)
    return _article_out(actor, access_article(actor, article_id).pk)


@router.patch("/kb/articles/{article_id}", response=ArticleOut)
def update_article(request: HttpRequest, article_id: int, payload: ArticlePatchIn) -> Any:
    actor = actor_of(request)
    article = access_article_for_edit(actor, article_id)
    related = None
    if payload.related_ids is not None:
        wanted = set(payload.related_ids)
        related = list(articles_readable(actor).filter(pk__in=wanted))
        if len(related) != len(wanted):
            raise ValidationFailed(
                _("Unknown article."), fields={"related_ids": [str(_("Unknown article."))]}
            )
    section = _section_in_body(actor, payload.section_id) if payload.section_id else None
    article_update(
        article=article,
        changes=ArticleChanges(
            source_language=payload.source_language,
            section=section,
            set_section=section is not None or payload.clear_section,
            position=payload.position,
            related=related,
        ),
        by=actor.agent,
    )
    return _article_out(actor, article.pk)


@router.put("/kb/articles/{article_id}/translations/{language}", response=TranslationOut)
def save_translation(
    request: HttpRequest, article_id: int, language: str, payload: TranslationIn
) -> Any:
    actor = actor_of(request)
    article = access_article_for_edit(actor, article_id)
    kb_check_language(language)
    return article_translation_save(
        article=article,
        language=language,
        title=payload.title,
        body_markdown=payload.body_markdown,
        keywords=payload.keywords,
        status=payload.status,
        author=actor.agent,
        slug=payload.slug,
    )


@router.get("/kb/articles/{article_id}/versions", response=list[VersionOut])
def list_versions(request: HttpRequest, article_id: int, query: Query[VersionListQuery]) -> Any:
    actor = actor_of(request)
    article = access_article_for_edit(actor, article_id)
    return selectors.version_list(actor=actor, article=article, language=query.language)


@router.post("/kb/articles/{article_id}/versions/{version_id}/restore", response=TranslationOut)
def restore_version(request: HttpRequest, article_id: int, version_id: int) -> Any:
    actor = actor_of(request)
    article = access_article_for_edit(actor, article_id)
    version = access_version(actor, article, version_id)
    return article_version_restore(version=version, by=actor.agent)


@router.get("/kb/categories", response=list[CategoryOut])
def list_categories(request: HttpRequest) -> Any:
    return selectors.category_list(actor=actor_of(request))


@router.post("/kb/categories", response={201: CategoryOut})
def create_category(request: HttpRequest, payload: CategoryIn) -> Any:
    actor = actor_of(request)
    kb_require_editor(actor)
    category = category_create(
        workspace=actor.workspace,
        key=payload.key,
        names=dict(payload.names),
        position=payload.position,
        icon=payload.icon,
        by=actor.agent,
    )
    return Status(201, selectors.category_list(actor=actor).get(pk=category.pk))


@router.get("/kb/sections", response=list[SectionOut])
def list_sections(request: HttpRequest, category_id: ObjectId | None = None) -> Any:
    return selectors.section_list(actor=actor_of(request), category_id=category_id)


@router.post("/kb/sections", response={201: SectionOut})
def create_section(request: HttpRequest, payload: SectionIn) -> Any:
    actor = actor_of(request)
    kb_require_editor(actor)
    category = Category.objects.filter(workspace=actor.workspace, pk=payload.category_id).first()
    if category is None:
        raise ValidationFailed(
            _("Unknown category."), fields={"category_id": [str(_("Unknown category."))]}
        )
    section = section_create(
        category=category,
        key=payload.key,
        names=dict(payload.names),
        position=payload.position,
        by=actor.agent,
    )
    return Status(201, selectors.section_list(actor=actor).get(pk=section.pk))


__all__ = ["access_category", "access_section", "router"]
