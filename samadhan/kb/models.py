"""Knowledge base: categories and sections hold articles; an article has one row per language.

Content lives in ``*Translation`` rows unique on ``(parent, language)`` (STYLE.md
rule 10). An article's translations are independent documents with their own
status, so Hindi can be published while Telugu is still a draft. Every save of
a translation writes an ``ArticleVersion``; what customers search is logged in
``SearchQuery`` for the content-gaps report.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samadhan.core.models import TimestampedModel
from samadhan.workspaces.models import Workspace


class Category(TimestampedModel):
    """A top-level group on the help center's home page."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    key = models.SlugField(_("key"), max_length=120)
    position = models.PositiveIntegerField(default=0)
    icon = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "key"], name="uniq_kb_category_key"),
        ]

    def __str__(self) -> str:
        return self.key


class CategoryTranslation(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=16)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")
    # The category's URL part in its own script (help center).
    slug = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["category", "language"], name="uniq_kb_category_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category_id}:{self.language}"


class Section(TimestampedModel):
    """A group of articles inside a category."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(_("key"), max_length=120)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "key"], name="uniq_kb_section_key"),
        ]

    def __str__(self) -> str:
        return self.key


class SectionTranslation(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=16)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["section", "language"], name="uniq_kb_section_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.section_id}:{self.language}"


class Article(TimestampedModel):
    """One help topic; its words are in ``ArticleTranslation`` rows."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    # Stable ASCII key (import/export file names, API); URLs use the translation's slug.
    key = models.SlugField(_("key"), max_length=120)
    # The language the others are translated from: a change there can outdate them.
    source_language = models.CharField(max_length=16)
    position = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    related = models.ManyToManyField("self", blank=True, symmetrical=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "key"], name="uniq_kb_article_key"),
        ]

    def __str__(self) -> str:
        return self.key


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    INTERNAL = "internal", _("Internal only")
    ARCHIVED = "archived", _("Archived")


class ArticleTranslation(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=16)
    title = models.CharField(_("title"), max_length=300)
    # The URL part in the article's own script: /help/<ws>/<lang>/<id>-<slug>.
    slug = models.CharField(max_length=300)
    # Markdown as written (import/export, the editor) and its sanitised HTML.
    body_markdown = models.TextField(blank=True, default="")
    body_html = models.TextField(blank=True, default="")
    keywords = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=16, choices=ArticleStatus.choices, default="draft")
    # Set when the text in the source language changed after this translation was last saved.
    outdated = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    # SHA-256 of title + body: search caches (embeddings) are keyed by it.
    content_hash = models.CharField(max_length=64, default="")
    view_count = models.PositiveIntegerField(default=0)
    helpful_count = models.PositiveIntegerField(default=0)
    unhelpful_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="uniq_kb_article_language"
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "language", "status"], name="kb_tr_ws_lang_status"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}:{self.language}"


class ArticleVersion(models.Model):
    """A translation as it was saved: the diff view and restore read these."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    translation = models.ForeignKey(
        ArticleTranslation, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    body_markdown = models.TextField(blank=True, default="")
    keywords = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=16, choices=ArticleStatus.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["translation", "number"], name="uniq_kb_version_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.translation_id}@{self.number}"


class ArticleFeedback(models.Model):
    """ "Did this help?" from a reader, with an optional comment."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    translation = models.ForeignKey(
        ArticleTranslation, on_delete=models.CASCADE, related_name="feedback"
    )
    helpful = models.BooleanField()
    comment = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.translation_id}:{'+' if self.helpful else '-'}"


class SearchSource(models.TextChoices):
    HELP_CENTER = "help_center", _("Help center")
    WIDGET = "widget", _("Chat widget")
    AGENT = "agent", _("Agent")
    API = "api", _("API")
    BOT = "bot", _("Answer bot")


class SearchQuery(models.Model):
    """One search, for analytics and the content-gaps report."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    query = models.CharField(max_length=500)
    # The language asked for (the page's) and the one detected in the words.
    language = models.CharField(max_length=16, blank=True, default="")
    detected_language = models.CharField(max_length=16, blank=True, default="")
    source = models.CharField(max_length=16, choices=SearchSource.choices)
    result_count = models.PositiveIntegerField(default=0)
    top_score = models.FloatField(null=True, blank=True)
    top_article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    clicked_article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "created_at"], name="kb_search_ws_created"),
        ]

    def __str__(self) -> str:
        return self.query
