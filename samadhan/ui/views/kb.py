"""The knowledge base in the agent workspace: which languages lag behind, editing, versions.

Everyone reads what their role allows (``samadhan.kb.access``); owners, admins
and managers edit. Views parse the form and call the KB services.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from samadhan.accounts.access import Actor
from samadhan.core.errors import AppError, NotFound, PermissionDenied
from samadhan.kb import selectors
from samadhan.kb.access import (
    access_article,
    access_article_for_edit,
    access_translation,
    access_version,
    kb_can_edit,
)
from samadhan.kb.models import Article, ArticleStatus, ArticleTranslation, Section
from samadhan.kb.services import (
    ArticleChanges,
    article_create,
    article_translation_save,
    article_update,
    article_version_restore,
    translation_mark_current,
)
from samadhan.kb.text import render_markdown
from samadhan.ui.views.settings_base import bound, form_errors_from
from samadhan.ui.workspace import workspace_view

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _language(language: str) -> str:
    if language not in LANGUAGE_NAMES:
        raise Http404
    return language


def _article(actor: Actor, article_id: int, *, edit: bool = False) -> Article:
    try:
        if edit:
            return access_article_for_edit(actor, article_id)
        return access_article(actor, article_id)
    except NotFound:
        raise Http404 from None
    except PermissionDenied:
        raise DjangoPermissionDenied from None


def _section_choices(actor: Actor) -> list[tuple[str, str]]:
    sections = Section.objects.filter(workspace=actor.workspace).select_related("category")
    return [("", "—")] + [
        (str(s.pk), f"{s.category.key} / {s.key}")
        for s in sections.order_by("category__position", "position", "id")
    ]


@workspace_view()
def kb_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    languages = selectors.workspace_languages(actor)
    wanted = request.GET.get("language", "")
    articles = list(selectors.article_list(actor=actor))
    rows = []
    for article in articles:
        cells = selectors.language_matrix(article, languages)
        shown = {c.language: c.translation for c in cells if c.translation}
        title_from = shown.get(article.source_language) or next(iter(shown.values()), None)
        lagging = [
            c.language
            for c in cells
            if c.translation is None or c.translation.outdated or c.translation.status == "draft"
        ]
        if wanted and wanted not in lagging:
            continue
        rows.append(
            {
                "article": article,
                "title": title_from.title if title_from else article.key,
                "title_language": title_from.language if title_from else "",
                "cells": cells,
                "helpful": sum(t.helpful_count for t in shown.values()),
                "unhelpful": sum(t.unhelpful_count for t in shown.values()),
            }
        )
    return render(
        request,
        "ui/kb/list.html",
        {
            "rows": rows,
            "languages": [(code, LANGUAGE_NAMES[code]) for code in languages],
            "lagging_filter": wanted,
            "can_edit": kb_can_edit(actor),
            "help_url_language": languages[0] if languages else "en",
        },
    )


class ArticleForm(forms.Form):
    key = forms.CharField(
        label=_("Key"),
        max_length=120,
        help_text=_("Lowercase ASCII words with hyphens; used in file names and the API."),
    )
    source_language = forms.ChoiceField(label=_("Written first in"), choices=settings.LANGUAGES)
    section = forms.ChoiceField(label=_("Category and section"), required=False)


@workspace_view()
@require_http_methods(["GET", "POST"])
def kb_article_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    if not kb_can_edit(actor):
        raise Http404
    form = ArticleForm(
        bound(request), initial={"source_language": actor.workspace.default_language}
    )
    form.fields["section"].choices = _section_choices(actor)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        section_id = form.cleaned_data["section"]
        section = (
            Section.objects.filter(workspace=actor.workspace, pk=int(section_id)).first()
            if section_id
            else None
        )
        try:
            article = article_create(
                workspace=actor.workspace,
                key=form.cleaned_data["key"],
                source_language=form.cleaned_data["source_language"],
                section=section,
                by=actor.agent,
            )
        except AppError as exc:
            form_errors_from(form, exc, rename={"section_id": "section"})
        else:
            return redirect("ui:kb_edit", actor.workspace.slug, article.pk, article.source_language)
    status = 422 if request.method == "POST" else 200
    return render(request, "ui/kb/article_new.html", {"form": form}, status=status)


@workspace_view()
@require_POST
def kb_article_section(request: HttpRequest, actor: Actor, article_id: int) -> HttpResponse:
    article = _article(actor, article_id, edit=True)
    wanted = request.POST.get("section", "")
    section = None
    if wanted:
        section = Section.objects.filter(
            workspace=actor.workspace, pk=int(wanted) if wanted.isdigit() else 0
        ).first()
        if section is None:
            raise Http404
    article_update(
        article=article, changes=ArticleChanges(section=section, set_section=True), by=actor.agent
    )
    messages.success(request, _("Saved."))
    return redirect("ui:kb_article", actor.workspace.slug, article.pk)


@workspace_view()
def kb_article(request: HttpRequest, actor: Actor, article_id: int) -> HttpResponse:
    article = _article(actor, article_id)
    languages = selectors.workspace_languages(actor)
    listed = selectors.article_list(actor=actor).get(pk=article.pk)
    cells = selectors.language_matrix(listed, languages)
    extra = [t for t in getattr(listed, "readable_translations", []) if t.language not in languages]
    shown_language = request.GET.get("language") or article.source_language
    shown = next(
        (c.translation for c in cells if c.language == shown_language and c.translation), None
    )
    feedback = selectors.feedback_list(translation=shown) if shown else []
    return render(
        request,
        "ui/kb/article.html",
        {
            "article": listed,
            "cells": cells,
            "extra": extra,
            "shown": shown,
            "feedback": feedback,
            "language_names": LANGUAGE_NAMES,
            "can_edit": kb_can_edit(actor),
            "section_choices": _section_choices(actor) if kb_can_edit(actor) else [],
            "totals": listed.translations.aggregate(
                views=Sum("view_count"),
                helpful=Sum("helpful_count"),
                unhelpful=Sum("unhelpful_count"),
            )
            if kb_can_edit(actor)
            else None,
        },
    )


class TranslationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    body_markdown = forms.CharField(
        label=_("Text (Markdown)"),
        required=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 18, "dir": "auto", "spellcheck": "true"}),
        help_text=_("Headings with ##, lists with -, **bold**, [links](https://…), tables."),
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        help_text=_("Words customers use for this topic, separated by commas."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ArticleStatus.choices)


def _translation_initial(translation: ArticleTranslation | None) -> dict[str, Any]:
    if translation is None:
        return {"status": ArticleStatus.DRAFT}
    return {
        "title": translation.title,
        "body_markdown": translation.body_markdown,
        "keywords": ", ".join(translation.keywords),
        "status": translation.status,
    }


@workspace_view()
@require_http_methods(["GET", "POST"])
def kb_translation_edit(
    request: HttpRequest, actor: Actor, article_id: int, language: str
) -> HttpResponse:
    article = _article(actor, article_id, edit=True)
    language = _language(language)
    current = ArticleTranslation.objects.filter(article=article, language=language).first()
    form = TranslationForm(bound(request), initial=_translation_initial(current))
    for name in ("title", "body_markdown", "keywords"):
        form.fields[name].widget.attrs["lang"] = language
    preview = None
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        keywords = [k for k in data["keywords"].split(",") if k.strip()]
        # Browsers send a textarea with CRLF; the Markdown (and its diffs) use LF.
        data["body_markdown"] = data["body_markdown"].replace("\r\n", "\n").replace("\r", "\n")
        if "preview" in request.POST:
            preview = render_markdown(data["body_markdown"])
        else:
            try:
                article_translation_save(
                    article=article,
                    language=language,
                    title=data["title"],
                    body_markdown=data["body_markdown"],
                    keywords=keywords,
                    status=data["status"],
                    author=actor.agent,
                )
            except AppError as exc:
                form_errors_from(form, exc)
                status = 422
            else:
                messages.success(request, _("Saved."))
                return redirect(f"{_article_url(actor, article)}?language={language}")
    elif request.method == "POST":
        status = 422
    source = None
    if language != article.source_language:
        source = ArticleTranslation.objects.filter(
            article=article, language=article.source_language
        ).first()
    return render(
        request,
        "ui/kb/edit.html",
        {
            "article": article,
            "language": language,
            "language_name": LANGUAGE_NAMES[language],
            "current": current,
            "source": source,
            "form": form,
            "preview": preview,
        },
        status=status,
    )


def _article_url(actor: Actor, article: Article) -> str:
    return reverse("ui:kb_article", args=[actor.workspace.slug, article.pk])


@workspace_view()
@require_POST
def kb_mark_current(
    request: HttpRequest, actor: Actor, article_id: int, language: str
) -> HttpResponse:
    article = _article(actor, article_id, edit=True)
    try:
        translation = access_translation(actor, article, _language(language))
    except NotFound:
        raise Http404 from None
    translation_mark_current(translation=translation, by=actor.agent)
    messages.success(request, _("Marked as up to date."))
    return redirect(f"{_article_url(actor, article)}?language={language}")


@workspace_view()
def kb_versions(request: HttpRequest, actor: Actor, article_id: int, language: str) -> HttpResponse:
    article = _article(actor, article_id, edit=True)
    versions = list(
        selectors.version_list(actor=actor, article=article, language=_language(language))
    )
    if not versions:
        raise Http404
    entries = []
    for newer, older in zip(versions, [*versions[1:], None], strict=True):
        entries.append({"version": newer, "diff": selectors.version_diff(older, newer)})
    return render(
        request,
        "ui/kb/versions.html",
        {
            "article": article,
            "language": language,
            "language_name": LANGUAGE_NAMES[language],
            "entries": entries,
            "current_number": versions[0].translation.version,
        },
    )


@workspace_view()
@require_POST
def kb_restore(
    request: HttpRequest, actor: Actor, article_id: int, version_id: int
) -> HttpResponse:
    article = _article(actor, article_id, edit=True)
    try:
        version = access_version(actor, article, version_id)
    except NotFound:
        raise Http404 from None
    restored = article_version_restore(version=version, by=actor.agent)
    messages.success(
        request,
        _("Version %(number)s is restored as version %(new)s.")
        % {"number": version.number, "new": restored.version},
    )
    return redirect("ui:kb_versions", actor.workspace.slug, article.pk, restored.language)
