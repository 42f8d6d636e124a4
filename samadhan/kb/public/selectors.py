"""What the public help center may show: published translations only, never more.

Every query here filters on ``status=published``; internal-only, draft and
archived translations do not exist for readers (not in pages, search, the
sitemap or the language alternates).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from samadhan.channels.email.models import EmailSettings
from samadhan.channels.models import Inbox, InboxKind
from samadhan.kb.access import MAX_ID
from samadhan.kb.models import (
    Article,
    ArticleStatus,
    ArticleTranslation,
    Category,
    CategoryTranslation,
    Section,
    SectionTranslation,
)
from samadhan.workspaces.models import Workspace


def help_workspace(slug: str) -> Workspace:
    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None:
        raise Http404
    return workspace


def published(workspace: Workspace) -> QuerySet[ArticleTranslation]:
    return ArticleTranslation.objects.filter(workspace=workspace, status=ArticleStatus.PUBLISHED)


def help_languages(workspace: Workspace) -> list[str]:
    """Languages with at least one published article, in the workspace's order."""
    present = set(published(workspace).values_list("language", flat=True).distinct())
    known = [code for code, _name in settings.LANGUAGES]
    order = [c for c in (workspace.languages or []) if c in known] + known
    return [code for code in dict.fromkeys(order) if code in present]


@dataclass(frozen=True)
class CategoryCard:
    category: Category
    name: str
    description: str
    slug: str
    article_count: int


def _name_in(
    translations: list[CategoryTranslation] | list[SectionTranslation], language: str, fallback: str
) -> tuple[str, str]:
    by_language = {t.language: t for t in translations}
    chosen = by_language.get(language) or by_language.get(settings.LANGUAGE_CODE)
    if chosen is None and by_language:
        chosen = by_language[sorted(by_language)[0]]
    if chosen is None:
        return fallback, ""
    return chosen.name, chosen.description


def help_categories(workspace: Workspace, language: str) -> list[CategoryCard]:
    """Categories with at least one article published in ``language``."""
    counted = (
        Category.objects.filter(workspace=workspace)
        .annotate(
            article_count=Count(
                "sections__articles__translations",
                filter=Q(
                    sections__articles__translations__language=language,
                    sections__articles__translations__status=ArticleStatus.PUBLISHED,
                ),
            )
        )
        .filter(article_count__gt=0)
        .prefetch_related("translations")
        .order_by("position", "id")
    )
    cards = []
    for category in counted:
        names = list(category.translations.all())
        name, description = _name_in(names, language, category.key)
        slug = next((t.slug for t in names if t.language == language), "") or category.key
        cards.append(CategoryCard(category, name, description, slug, category.article_count))
    return cards


@dataclass(frozen=True)
class SectionBlock:
    section: Section
    name: str
    translations: list[ArticleTranslation]


def help_category(
    workspace: Workspace, language: str, category_id: int
) -> tuple[CategoryCard, list[SectionBlock]]:
    card = next(
        (c for c in help_categories(workspace, language) if c.category.pk == category_id), None
    )
    if card is None:
        raise Http404
    sections = (
        Section.objects.filter(workspace=workspace, category_id=category_id)
        .prefetch_related(
            "translations",
            Prefetch(
                "articles",
                queryset=Article.objects.filter(workspace=workspace)
                .prefetch_related(
                    Prefetch(
                        "translations",
                        queryset=published(workspace).filter(language=language),
                        to_attr="shown",
                    )
                )
                .order_by("position", "id"),
            ),
        )
        .order_by("position", "id")
    )
    blocks = []
    for section in sections:
        shown = [t for article in section.articles.all() for t in getattr(article, "shown", [])]
        if shown:
            name, _description = _name_in(list(section.translations.all()), language, card.name)
            blocks.append(SectionBlock(section, name, shown))
    return card, blocks


def help_article(workspace: Workspace, language: str, article_id: int) -> ArticleTranslation:
    if not 0 < article_id <= MAX_ID:
        raise Http404
    translation = (
        published(workspace)
        .filter(article_id=article_id, language=language)
        .select_related("article__section__category")
        .first()
    )
    if translation is None:
        raise Http404
    return translation


def help_alternates(translation: ArticleTranslation) -> list[ArticleTranslation]:
    """The article's published translations, the language switcher and hreflang."""
    return list(
        published(translation.article.workspace)
        .filter(article_id=translation.article_id)
        .only("id", "language", "slug", "title", "article_id")
        .order_by("language")
    )


def help_related(translation: ArticleTranslation, limit: int = 5) -> list[ArticleTranslation]:
    article = translation.article
    related = published(article.workspace).filter(
        language=translation.language, article__in=article.related.all()
    )
    if not related.exists() and article.section_id is not None:
        related = (
            published(article.workspace)
            .filter(language=translation.language, article__section_id=article.section_id)
            .exclude(article_id=article.pk)
        )
    return list(related.order_by("article__position", "article_id")[:limit])


def help_sitemap(workspace: Workspace) -> list[tuple[ArticleTranslation, list[ArticleTranslation]]]:
    rows = list(
        published(workspace)
        .only("id", "language", "slug", "article_id", "updated_at")
        .order_by("article_id", "language")
    )
    by_article: dict[int, list[ArticleTranslation]] = {}
    for row in rows:
        by_article.setdefault(row.article_id, []).append(row)
    return [(row, by_article[row.article_id]) for row in rows]


@dataclass(frozen=True)
class ContactLinks:
    web_form_public_id: str | None
    email: str | None


def help_contact(workspace: Workspace) -> ContactLinks:
    inboxes = Inbox.objects.filter(
        workspace=workspace, is_active=True, kind__in=[InboxKind.WEB_FORM, InboxKind.EMAIL]
    ).order_by("id")
    form = next((i.public_id for i in inboxes if i.kind == InboxKind.WEB_FORM), None)
    email = None
    email_inbox = next((i for i in inboxes if i.kind == InboxKind.EMAIL), None)
    if email_inbox is not None:
        email = (
            EmailSettings.objects.filter(inbox=email_inbox)
            .values_list("address", flat=True)
            .first()
        )
    return ContactLinks(form, email)
