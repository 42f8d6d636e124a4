"""The knowledge base pages of the agent workspace."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samadhan.accounts.models import Agent, Role
from samadhan.audit.models import AuditEntry
from samadhan.conftest import Seat
from samadhan.kb.feedback import article_feedback_record
from samadhan.kb.models import Article, ArticleTranslation
from samadhan.kb.services import (
    article_create,
    article_translation_save,
    category_create,
    section_create,
)
from samadhan.testing.factories import make_agent
from samadhan.workspaces.models import Workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def seat(seat: Seat) -> Seat:
    seat.workspace.languages = ["en", "hi", "mr", "te", "lv"]
    seat.workspace.save(update_fields=["languages"])
    return seat


def _client(agent: Agent) -> Client:
    client = Client()
    client.force_login(agent)
    return client


def _article(workspace: Workspace, key: str, texts: dict[str, tuple[str, str]]) -> Article:
    article = article_create(workspace=workspace, key=key, source_language="en")
    for language, (title, status) in texts.items():
        article_translation_save(
            article=article,
            language=language,
            title=title,
            body_markdown=f"{title} body",
            keywords=[],
            status=status,
            author=None,
        )
    return article


def test_the_matrix_shows_which_languages_lag_behind(seat: Seat) -> None:
    ws = seat.workspace
    client = _client(seat.agent)
    refunds = _article(ws, "refunds", {"en": ("Refunds", "published"), "hi": ("रिफ़ंड", "published")})
    _article(ws, "hours", {"en": ("Hours", "published"), "te": ("సమయాలు", "draft")})
    # English changes: Hindi now lags behind.
    article_translation_save(
        article=refunds,
        language="en",
        title="Refunds",
        body_markdown="New",
        keywords=[],
        status="published",
        author=None,
    )
    page = client.get(f"/t/{ws.slug}/kb/")
    html = page.content.decode()
    assert page.status_code == 200
    row = re.search(
        r"<tr>\s*<th scope=\"row\"><a class=\"subject\"[^>]*>Refunds</a>.*?</tr>", html, re.S
    )
    assert row is not None
    cells = re.findall(r"<td>(.*?)</td>", row.group(0), re.S)
    assert [re.sub(r"<[^>]+>", "", c).strip() for c in cells[:5]] == [
        "Published",
        "Published Outdated",
        "Missing",
        "Missing",
        "Missing",
    ]
    lagging_hi = client.get(f"/t/{ws.slug}/kb/", {"language": "hi"}).content.decode()
    assert ">Refunds<" in lagging_hi
    assert ">Hours<" in lagging_hi
    lagging_en = client.get(f"/t/{ws.slug}/kb/", {"language": "en"}).content.decode()
    assert ">Refunds<" not in lagging_en
    assert "No articles here yet." in lagging_en
    # The top bar links here.
    assert f'<a href="/t/{ws.slug}/kb/">Knowledge base</a>' in html


def test_list_query_count_does_not_grow(seat: Seat) -> None:
    client = _client(seat.agent)
    for i in range(2):
        _article(seat.workspace, f"a{i}", {"en": (f"A{i}", "published")})
    client.get(f"/t/{seat.workspace.slug}/kb/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/t/{seat.workspace.slug}/kb/")
    for i in range(2, 12):
        _article(seat.workspace, f"a{i}", {"en": (f"A{i}", "published"), "lv": (f"L{i}", "draft")})
    with CaptureQueriesContext(connection) as many:
        client.get(f"/t/{seat.workspace.slug}/kb/")
    assert len(many) == len(few)


def test_edit_preview_save_versions_diff_restore(seat: Seat) -> None:
    ws = seat.workspace
    client = _client(seat.agent)
    article = _article(ws, "refunds", {"en": ("Refunds", "published")})
    edit = f"/t/{ws.slug}/kb/{article.pk}/hi/edit"
    form = client.get(edit).content.decode()
    assert '<label for="id_body_markdown">Text (Markdown)</label>' in form
    assert 'lang="hi"' in form
    assert "Refunds body" in form  # the source text beside the editor

    preview = client.post(
        edit,
        {
            "title": "रिफ़ंड",
            "body_markdown": "**पाँच** दिन",
            "keywords": "",
            "status": "draft",
            "preview": "1",
        },
    )
    assert "<strong>पाँच</strong> दिन" in preview.content.decode()
    assert not ArticleTranslation.objects.filter(article=article, language="hi").exists()

    saved = client.post(
        edit,
        {
            "title": "रिफ़ंड",
            "body_markdown": "पाँच दिन",
            "keywords": "पैसा, वापसी",
            "status": "published",
        },
    )
    assert (saved.status_code, saved["Location"]) == (
        302,
        f"/t/{ws.slug}/kb/{article.pk}/?language=hi",
    )
    client.post(
        edit,
        {"title": "रिफ़ंड", "body_markdown": "सात दिन", "keywords": "पैसा", "status": "published"},
    )
    hi = ArticleTranslation.objects.get(article=article, language="hi")
    assert (hi.version, hi.keywords, hi.author_id) == (2, ["पैसा"], seat.agent.pk)

    versions = client.get(f"/t/{ws.slug}/kb/{article.pk}/hi/versions").content.decode()
    assert '<span class="kb-diff-remove">\u2212 पाँच दिन</span>' in versions
    assert '<span class="kb-diff-add">+ सात दिन</span>' in versions
    first = hi.versions.get(number=1)
    restored = client.post(f"/t/{ws.slug}/kb/{article.pk}/versions/{first.pk}/restore")
    assert restored.status_code == 302
    hi.refresh_from_db()
    assert (hi.version, hi.body_markdown) == (3, "पाँच दिन")

    bad = client.post(edit, {"title": "", "body_markdown": "x", "status": "published"})
    assert bad.status_code == 422


def test_outdated_can_be_confirmed_and_feedback_is_shown(seat: Seat) -> None:
    ws = seat.workspace
    client = _client(seat.agent)
    article = _article(
        ws, "refunds", {"en": ("Refunds", "published"), "lv": ("Atmaksa", "published")}
    )
    article_translation_save(
        article=article,
        language="en",
        title="Refunds!",
        body_markdown="x",
        keywords=[],
        status="published",
        author=None,
    )
    lv = ArticleTranslation.objects.get(article=article, language="lv")
    article_feedback_record(translation=lv, helpful=False, comment="Nav skaidrs")
    page = client.get(f"/t/{ws.slug}/kb/{article.pk}/", {"language": "lv"}).content.decode()
    assert "Nav skaidrs" in page
    assert "Still up to date" in page
    client.post(f"/t/{ws.slug}/kb/{article.pk}/lv/current")
    lv.refresh_from_db()
    assert lv.outdated is False


@pytest.mark.parametrize(
    ("role", "sees"), [(Role.AGENT, {"Public", "Staff only"}), (Role.COLLABORATOR, {"Public"})]
)
def test_readers_see_what_their_role_allows_and_cannot_edit(
    seat: Seat, role: Role, sees: set[str]
) -> None:
    ws = seat.workspace
    public = _article(ws, "public", {"en": ("Public", "published")})
    _article(ws, "staff", {"en": ("Staff only", "internal")})
    _article(ws, "draft", {"en": ("Draft one", "draft")})
    reader = _client(make_agent(ws, role=role))
    html = reader.get(f"/t/{ws.slug}/kb/").content.decode()
    assert {t for t in ("Public", "Staff only", "Draft one") if f">{t}<" in html} == sees
    assert "New article" not in html
    assert reader.get(f"/t/{ws.slug}/kb/{public.pk}/").status_code == 200
    assert reader.get(f"/t/{ws.slug}/kb/{public.pk}/en/edit").status_code == 403
    assert reader.get(f"/t/{ws.slug}/kb/new").status_code == 404
    other = Article.objects.get(key="draft")
    assert reader.get(f"/t/{ws.slug}/kb/{other.pk}/").status_code == 404


def test_new_article(seat: Seat) -> None:
    client = _client(seat.agent)
    response = client.post(
        f"/t/{seat.workspace.slug}/kb/new",
        {"key": "gift-cards", "source_language": "te", "section": ""},
    )
    article = Article.objects.get(workspace=seat.workspace, key="gift-cards")
    assert (response.status_code, response["Location"]) == (
        302,
        f"/t/{seat.workspace.slug}/kb/{article.pk}/te/edit",
    )
    again = client.post(
        f"/t/{seat.workspace.slug}/kb/new",
        {"key": "gift-cards", "source_language": "te", "section": ""},
    )
    assert again.status_code == 422
    assert "An article with this key already exists." in again.content.decode()


def test_an_editor_moves_an_article_to_another_section(seat: Seat) -> None:
    ws = seat.workspace
    client = _client(seat.agent)
    category = category_create(workspace=ws, key="orders", names={"en": "Orders"})
    section = section_create(category=category, key="tracking", names={"en": "Tracking"})
    article = _article(ws, "where", {"en": ("Where is it?", "published")})
    page = client.get(f"/t/{ws.slug}/kb/{article.pk}/").content.decode()
    assert f'<option value="{section.pk}">orders / tracking</option>' in page
    moved = client.post(f"/t/{ws.slug}/kb/{article.pk}/section", {"section": str(section.pk)})
    assert moved.status_code == 302
    article.refresh_from_db()
    assert article.section_id == section.pk
    assert AuditEntry.objects.get(action="kb_article.updated").changes == {
        "section_id": [None, section.pk]
    }
    foreign = client.post(f"/t/{ws.slug}/kb/{article.pk}/section", {"section": "999999"})
    assert foreign.status_code == 404
    client.post(f"/t/{ws.slug}/kb/{article.pk}/section", {"section": ""})
    article.refresh_from_db()
    assert article.section_id is None
