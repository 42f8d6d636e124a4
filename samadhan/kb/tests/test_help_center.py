from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samadhan.channels.models import InboxKind
from samadhan.channels.services import inbox_create
from samadhan.kb.models import Article, ArticleFeedback, ArticleTranslation
from samadhan.kb.search import vectors
from samadhan.kb.search.indexing import kb_translation_index
from samadhan.kb.services import (
    ArticleChanges,
    article_create,
    article_translation_save,
    article_update,
    category_create,
    section_create,
)
from samadhan.testing.factories import make_workspace
from samadhan.workspaces.models import Workspace

pytestmark = pytest.mark.django_db
BASE = "http://testserver"  # settings.SAMADHAN["PUBLIC_URL"] in tests is set below
SECRET = "SECRETWORD"
PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 7) Mobile Safari/537.36"


@pytest.fixture(autouse=True)
def _public_url(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SAMADHAN = {**settings.SAMADHAN, "PUBLIC_URL": BASE}


def save(
    article: Article, language: str, title: str, status: str, body: str = "Text."
) -> ArticleTranslation:
    return article_translation_save(
        article=article,
        language=language,
        title=title,
        body_markdown=body,
        keywords=[],
        status=status,
        author=None,
    )


class Site:
    def __init__(self) -> None:
        self.ws: Workspace = make_workspace(slug="sitara", languages=["en", "hi", "te", "lv"])
        category = category_create(
            workspace=self.ws, key="orders", names={"en": "Orders", "hi": "ऑर्डर", "te": "ఆర్డర్లు"}
        )
        self.category = category
        section = section_create(category=category, key="tracking", names={"en": "Tracking"})
        self.article = article_create(
            workspace=self.ws, key="where", source_language="en", section=section
        )
        self.en = save(self.article, "en", "Where is my order?", "published", "Check **Orders**.")
        self.hi = save(self.article, "hi", "मेरा ऑर्डर कहाँ है?", "published", "**ऑर्डर** देखें।")
        self.te_draft = save(self.article, "te", f"{SECRET} te draft", "draft")
        self.lv_internal = save(self.article, "lv", f"{SECRET} lv internal", "internal")
        self.te_article = article_create(
            workspace=self.ws, key="cancel", source_language="en", section=section
        )
        self.te = save(self.te_article, "te", "ఆర్డర్ ఎలా రద్దు చేయాలి?", "published", "రద్దు చేయండి.")
        save(self.te_article, "en", "How to cancel", "published")
        hidden_statuses = {
            "internal": "hidden-internal",
            "draft": "hidden-draft",
            "archived": "hidden-archived",
        }
        self.hidden = []
        for status, key in hidden_statuses.items():
            a = article_create(workspace=self.ws, key=key, source_language="en", section=section)
            save(a, "en", f"{SECRET} {status}", status, f"{SECRET} body")
            self.hidden.append(a)
        article_update(
            article=self.article, changes=ArticleChanges(related=[self.te_article]), by=None
        )
        # Indexed as the search worker does after each save (words only: no model needed).
        for translation_id in ArticleTranslation.objects.filter(workspace=self.ws).values_list(
            "id", flat=True
        ):
            kb_translation_index(translation_id=translation_id, embed=False)


@pytest.fixture
def site() -> Iterator[Site]:
    vectors.forget()  # matrices are cached per workspace id, and ids repeat after a rollback
    yield Site()
    vectors.forget()


def test_root_redirects_to_the_readers_language(site: Site, client: Client) -> None:
    assert client.get("/help/sitara/", HTTP_ACCEPT_LANGUAGE="hi")["Location"] == "/help/sitara/hi/"
    assert client.get("/help/sitara/", HTTP_ACCEPT_LANGUAGE="fr")["Location"] == "/help/sitara/en/"
    assert client.get("/help/nope/").status_code == 404


def test_home_lists_categories_in_the_page_language(site: Site, client: Client) -> None:
    response = client.get("/help/sitara/hi/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "hi"
    assert '<html lang="hi" dir="ltr">' in html
    assert "ऑर्डर" in html
    href = "/help/sitara/hi/c/{}-{}".format(site.category.pk, quote("ऑर्डर"))
    assert f'href="{href}"' in html
    # Languages with published articles only: Latvian has only an internal one.
    assert re.findall(r'hreflang="([a-z-]+)"', html) == ["en", "hi", "te", "x-default", "en", "te"]
    assert client.get("/help/sitara/lv/").status_code == 404
    assert client.get("/help/sitara/mr/").status_code == 404


def test_article_page_seo_and_canonical_redirect(site: Site, client: Client) -> None:
    slug = quote("मेरा-ऑर्डर-कहाँ-है")
    path = f"/help/sitara/hi/{site.article.pk}-{slug}"
    response = client.get(path, HTTP_USER_AGENT=PHONE)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<link rel="canonical" href="{BASE}{path}">' in html
    en_url = f"{BASE}/help/sitara/en/{site.article.pk}-where-is-my-order"
    assert re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html) == [
        ("en", en_url),
        ("hi", f"{BASE}{path}"),
        ("x-default", en_url),
    ]
    assert '<meta property="og:title" content="मेरा ऑर्डर कहाँ है?">' in html
    assert '<meta property="og:description" content="ऑर्डर देखें।">' in html
    assert "<strong>ऑर्डर</strong> देखें।" in html
    # The switcher offers English (published) but not Telugu (draft) or Latvian (internal).
    assert f'href="/help/sitara/en/{site.article.pk}-where-is-my-order" hreflang="en"' in html
    assert SECRET not in html
    # Breadcrumbs and related articles.
    # The chrome speaks the page's language (strings already translated in the catalogue).
    assert '<nav class="langs" aria-label="भाषा">' in html
    assert '<button type="submit" name="helpful" value="yes">हाँ</button>' in html
    assert "ఆర్డర్ ఎలా రద్దు చేయాలి?" not in html  # related in Hindi only: none published
    site.en.refresh_from_db()
    hi = ArticleTranslation.objects.get(pk=site.hi.pk)
    assert hi.view_count == 1

    for wrong in (
        f"/help/sitara/hi/{site.article.pk}-old-slug",
        f"/help/sitara/hi/{site.article.pk}",
    ):
        redirect = client.get(wrong)
        assert (redirect.status_code, redirect["Location"]) == (301, path)
    # A crawler's visit is not a view.
    client.get(path, HTTP_USER_AGENT="Googlebot/2.1")
    hi.refresh_from_db()
    assert hi.view_count == 1


def test_nothing_unpublished_leaks(site: Site, client: Client) -> None:
    te_draft = client.get(f"/help/sitara/te/{site.article.pk}-x")
    lv_internal = client.get(f"/help/sitara/lv/{site.article.pk}-x")
    assert (te_draft.status_code, lv_internal.status_code) == (404, 404)
    for article in site.hidden:
        assert client.get(f"/help/sitara/en/{article.pk}-x").status_code == 404
    assert client.get(f"/help/sitara/en/{2**64}-x").status_code == 404
    assert client.get(f"/help/sitara/en/c/{2**64}-x").status_code == 404
    pages = [
        client.get("/help/sitara/en/"),
        client.get(f"/help/sitara/en/c/{site.category.pk}-orders"),
        client.get(f"/help/sitara/en/{site.article.pk}-where-is-my-order"),
        client.get("/help/sitara/en/search", {"q": "body"}),
        client.get("/help/sitara/en/search", {"q": "internal"}),
        client.get("/help/sitara/sitemap.xml"),
    ]
    for page in pages:
        assert page.status_code == 200
        assert SECRET not in page.content.decode()
        assert "/lv/" not in page.content.decode()
    assert "No articles match" in pages[3].content.decode()
    assert "No articles match" in pages[4].content.decode()
    # The category counts published English articles only (2 of 5).
    assert "2 articles" in pages[0].content.decode()


def test_category_page(site: Site, client: Client) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/help/sitara/te/c/{site.category.pk}-{quote('ఆర్డర్లు')}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>ఆర్డర్లు</h1>" in html
    assert "ఆర్డర్ ఎలా రద్దు చేయాలి?" in html
    assert SECRET not in html
    assert len(queries) == 9, [q["sql"] for q in queries.captured_queries]
    redirect = client.get(f"/help/sitara/te/c/{site.category.pk}-orders")
    assert redirect.status_code == 301


def test_home_query_count_does_not_grow_with_articles(site: Site, client: Client) -> None:
    with CaptureQueriesContext(connection) as few:
        client.get("/help/sitara/en/")
    section = site.article.section
    for i in range(10):
        a = article_create(
            workspace=site.ws, key=f"more-{i}", source_language="en", section=section
        )
        save(a, "en", f"More {i}", "published")
    with CaptureQueriesContext(connection) as many:
        client.get("/help/sitara/en/")
    assert len(few) == len(many) == 5, [q["sql"] for q in many.captured_queries]


def test_search(site: Site, client: Client) -> None:
    response = client.get("/help/sitara/hi/search", {"q": "ऑर्डर"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "मेरा ऑर्डर कहाँ है?" in html
    assert '<meta name="robots" content="noindex">' in html
    empty = client.get("/help/sitara/en/search", {"q": "zzzz"}).content.decode()
    assert "No articles match" in empty


def test_sitemap_lists_published_translations_with_alternates(site: Site, client: Client) -> None:
    response = client.get("/help/sitara/sitemap.xml")
    xml = response.content.decode()
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    locs = re.findall(r"<loc>([^<]+)</loc>", xml)
    hi_url = f"{BASE}/help/sitara/hi/{site.article.pk}-{quote('मेरा-ऑर्डर-कहाँ-है')}"
    assert locs == [
        f"{BASE}/help/sitara/en/",
        f"{BASE}/help/sitara/hi/",
        f"{BASE}/help/sitara/te/",
        f"{BASE}/help/sitara/en/{site.article.pk}-where-is-my-order",
        hi_url,
        f"{BASE}/help/sitara/en/{site.te_article.pk}-how-to-cancel",
        f"{BASE}/help/sitara/te/{site.te_article.pk}-{quote('ఆర్డర్-ఎలా-రద్దు-చేయాలి')}",
    ]
    assert xml.count(f'<xhtml:link rel="alternate" hreflang="hi" href="{hi_url}"/>') == 2


def test_feedback_without_javascript(site: Site) -> None:
    client = Client(enforce_csrf_checks=True)
    path = f"/help/sitara/en/{site.article.pk}-where-is-my-order"
    page = client.get(path).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    action = f"/help/sitara/en/{site.article.pk}/feedback"
    assert f'<form method="post" action="{action}">' in page
    refused = client.post(action, {"helpful": "no"})
    assert refused.status_code == 403
    sent = client.post(
        action,
        {
            "helpful": "no",
            "comment": "Add the courier number",
            "csrfmiddlewaretoken": token.group(1),
        },
    )
    assert (sent.status_code, sent["Location"]) == (303, f"{path}?feedback=thanks#feedback")
    assert "Thank you for your feedback." in client.get(sent["Location"]).content.decode()
    assert list(ArticleFeedback.objects.values_list("translation_id", "helpful", "comment")) == [
        (site.en.pk, False, "Add the courier number")
    ]
    site.en.refresh_from_db()
    assert (site.en.helpful_count, site.en.unhelpful_count) == (0, 1)


def test_feedback_is_rate_limited_per_ip(site: Site, client: Client) -> None:
    action = f"/help/sitara/en/{site.article.pk}/feedback"
    statuses = [client.post(action, {"helpful": "yes"}).status_code for _ in range(21)]
    assert statuses == [303] * 20 + [429]
    assert client.post(action, {"helpful": "yes"}, REMOTE_ADDR="10.0.0.9").status_code == 303
    # Feedback on what is not published does not exist.
    hidden = site.hidden[0].pk
    assert (
        client.post(
            f"/help/sitara/en/{hidden}/feedback", {"helpful": "yes"}, REMOTE_ADDR="10.0.0.8"
        ).status_code
        == 404
    )


def test_contact_links(site: Site, client: Client) -> None:
    assert "Send us a message" not in client.get("/help/sitara/en/").content.decode()
    form = inbox_create(workspace=site.ws, kind=InboxKind.WEB_FORM, name="Form")
    html = client.get("/help/sitara/en/").content.decode()
    assert f'<a href="/forms/{form.public_id}/">Send us a message</a>' in html
