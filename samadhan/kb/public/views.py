"""The public help center: /help/<workspace>/<language>/...

Server-rendered, no JavaScript needed. The chrome is translated into the page's
language (gettext), the content is whatever is published in it.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language_info
from django.views.decorators.http import require_GET, require_POST

from samadhan.core import ratelimit
from samadhan.core.conf import public_url
from samadhan.kb.feedback import article_feedback_record, article_view_record
from samadhan.kb.models import ArticleTranslation, SearchSource
from samadhan.kb.public import selectors
from samadhan.kb.search.selectors import kb_search
from samadhan.workspaces.models import Workspace

FEEDBACK_PER_HOUR = 20
SEARCH_LIMIT = 20


def _language_or_404(workspace: Workspace, language: str) -> list[str]:
    languages = selectors.help_languages(workspace)
    if language not in languages:
        raise Http404
    return languages


def article_path(translation: ArticleTranslation, workspace: Workspace) -> str:
    return reverse(
        "help:article",
        kwargs={
            "workspace": workspace.slug,
            "language": translation.language,
            "article_id": translation.article_id,
            "slug": translation.slug,
        },
    )


def _absolute(path: str) -> str:
    return public_url().rstrip("/") + path


def _page(
    request: HttpRequest,
    template: str,
    *,
    workspace: Workspace,
    language: str,
    languages: list[str],
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    with translation.override(language):
        response = render(
            request,
            template,
            {
                "workspace": workspace,
                "language": language,
                "language_bidi": get_language_info(language)["bidi"],
                "switch_languages": [
                    (code, get_language_info(code)["name_local"]) for code in languages
                ],
                "contact": selectors.help_contact(workspace),
                "home_url": reverse(
                    "help:home", kwargs={"workspace": workspace.slug, "language": language}
                ),
                "search_url": reverse(
                    "help:search", kwargs={"workspace": workspace.slug, "language": language}
                ),
                **context,
            },
            status=status,
        )
    response["Content-Language"] = language
    return response


@require_GET
def help_root(request: HttpRequest, workspace: str) -> HttpResponse:
    ws = selectors.help_workspace(workspace)
    languages = selectors.help_languages(ws)
    if not languages:
        raise Http404
    wanted = translation.get_language_from_request(request)
    language = next(
        (code for code in (wanted, ws.default_language) if code in languages), languages[0]
    )
    return redirect("help:home", workspace=ws.slug, language=language)


@require_GET
def help_home(request: HttpRequest, workspace: str, language: str) -> HttpResponse:
    ws = selectors.help_workspace(workspace)
    languages = _language_or_404(ws, language)
    alternates = [
        (code, _absolute(reverse("help:home", kwargs={"workspace": ws.slug, "language": code})))
        for code in languages
    ]
    return _page(
        request,
        "kb/help/home.html",
        workspace=ws,
        language=language,
        languages=languages,
        context={
            "categories": selectors.help_categories(ws, language),
            "alternates": alternates,
            "x_default": alternates[0][1] if alternates else "",
            "canonical": _absolute(request.path),
            "switch_urls": dict(alternates),
        },
    )


@require_GET
def help_category(
    request: HttpRequest, workspace: str, language: str, category_id: int, slug: str = ""
) -> HttpResponse:
    ws = selectors.help_workspace(workspace)
    languages = _language_or_404(ws, language)
    card, sections = selectors.help_category(ws, language, category_id)
    if slug != card.slug:
        return HttpResponseRedirect(_category_path(ws, language, card), status=301)
    return _page(
        request,
        "kb/help/category.html",
        workspace=ws,
        language=language,
        languages=languages,
        context={
            "card": card,
            "sections": sections,
            "canonical": _absolute(_category_path(ws, language, card)),
            "switch_urls": {},
        },
    )


def _category_path(ws: Workspace, language: str, card: selectors.CategoryCard) -> str:
    return reverse(
        "help:category",
        kwargs={
            "workspace": ws.slug,
            "language": language,
            "category_id": card.category.pk,
            "slug": card.slug,
        },
    )


@require_GET
def help_article(
    request: HttpRequest, workspace: str, language: str, article_id: int, slug: str = ""
) -> HttpResponse:
    ws = selectors.help_workspace(workspace)
    languages = _language_or_404(ws, language)
    current = selectors.help_article(ws, language, article_id)
    if slug != current.slug:
        return HttpResponseRedirect(article_path(current, ws), status=301)
    article_view_record(translation=current, user_agent=request.headers.get("User-Agent", ""))
    alternates = selectors.help_alternates(current)
    source = next(
        (t for t in alternates if t.language == current.article.source_language), alternates[0]
    )
    section = current.article.section
    category_card = None
    if section is not None:
        category_card = next(
            (
                c
                for c in selectors.help_categories(ws, language)
                if c.category.pk == section.category_id
            ),
            None,
        )
    description = Truncator(" ".join(strip_tags(current.body_html).split())).chars(160)
    return _page(
        request,
        "kb/help/article.html",
        workspace=ws,
        language=language,
        languages=languages,
        context={
            "translation": current,
            "category": category_card,
            "category_url": _category_path(ws, language, category_card) if category_card else "",
            "alternates": [(t.language, _absolute(article_path(t, ws))) for t in alternates],
            "x_default": _absolute(article_path(source, ws)),
            "switch_urls": {t.language: article_path(t, ws) for t in alternates},
            "canonical": _absolute(article_path(current, ws)),
            "description": description,
            "related": [(t, article_path(t, ws)) for t in selectors.help_related(current)],
            "feedback_url": reverse(
                "help:feedback",
                kwargs={"workspace": ws.slug, "language": language, "article_id": article_id},
            ),
            "thanks": request.GET.get("feedback") == "thanks",
            "og_locale": language,
        },
    )


@require_POST
def help_feedback(
    request: HttpRequest, workspace: str, language: str, article_id: int
) -> HttpResponse:
    ws = selectors.help_workspace(workspace)
    current = selectors.help_article(ws, language, article_id)
    ip = str(request.META.get("REMOTE_ADDR") or "unknown")
    verdict = ratelimit.hit(
        key=f"kb-feedback:{ws.pk}:{ip}", limit=FEEDBACK_PER_HOUR, window_seconds=3600
    )
    if not verdict.allowed:
        response = HttpResponse(status=429)
        response["Retry-After"] = str(verdict.retry_after)
        return response
    helpful = request.POST.get("helpful")
    if helpful not in ("yes", "no"):
        return HttpResponse(status=400)
    article_feedback_record(
        translation=current, helpful=helpful == "yes", comment=request.POST.get("comment", "")
    )
    return HttpResponseRedirect(f"{article_path(current, ws)}?feedback=thanks#feedback", status=303)


@require_GET
def help_search(request: HttpRequest, workspace: str, language: str) -> HttpResponse:
    ws = selectors.help_workspace(workspace)
    languages = _language_or_404(ws, language)
    q = request.GET.get("q", "")[:200]
    hits = []
    if q.strip():
        hits = kb_search(
            workspace_id=ws.pk,
            query=q,
            language=language,
            limit=SEARCH_LIMIT,
            source=SearchSource.HELP_CENTER,
        )
    return _page(
        request,
        "kb/help/search.html",
        workspace=ws,
        language=language,
        languages=languages,
        context={
            "q": q,
            # An article not translated into the page's language is shown in another, with a note.
            "results": [
                (hit, iri_to_uri(hit.url), get_language_info(hit.language)["name_local"])
                for hit in hits
            ],
            "canonical": _absolute(request.path),
            "switch_urls": {},
            "noindex": True,
        },
    )


@require_GET
def help_sitemap(request: HttpRequest, workspace: str) -> HttpResponse:
    ws = selectors.help_workspace(workspace)
    rows = selectors.help_sitemap(ws)
    urls = [
        (
            _absolute(article_path(row, ws)),
            row.updated_at,
            [(s.language, _absolute(article_path(s, ws))) for s in siblings],
        )
        for row, siblings in rows
    ]
    homes = [
        _absolute(reverse("help:home", kwargs={"workspace": ws.slug, "language": code}))
        for code in selectors.help_languages(ws)
    ]
    return render(
        request,
        "kb/help/sitemap.xml",
        {"urls": urls, "homes": homes},
        content_type="application/xml; charset=utf-8",
    )
