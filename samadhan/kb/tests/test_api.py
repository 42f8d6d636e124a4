from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from samadhan.accounts.access import actor_for
from samadhan.accounts.models import Role
from samadhan.conftest import Seat
from samadhan.core.errors import NotFound, PermissionDenied
from samadhan.kb.access import access_article, access_article_for_edit, kb_readable_statuses
from samadhan.kb.models import Article, ArticleTranslation
from samadhan.kb.services import article_create, article_translation_save
from samadhan.testing.api_client import body

pytestmark = pytest.mark.django_db


def put(seat: Seat, path: str, data: dict[str, Any]) -> HttpResponse:
    return seat.api.client.put(  # type: ignore[return-value]
        f"/api/v1/{path}",
        data=json.dumps(data),
        content_type="application/json",
        **seat.api.headers,
    )


def article_with(seat: Seat, key: str, statuses: dict[str, str]) -> Article:
    article = article_create(workspace=seat.workspace, key=key, source_language="en")
    for language, status in statuses.items():
        article_translation_save(
            article=article,
            language=language,
            title=f"{key} {language}",
            body_markdown="Text",
            keywords=[],
            status=status,
            author=None,
        )
    return article


@pytest.mark.parametrize(
    ("role", "visible", "statuses"),
    [
        (
            Role.OWNER,
            {"pub", "int", "draft", "arch"},
            {"draft", "published", "internal", "archived"},
        ),
        (
            Role.ADMIN,
            {"pub", "int", "draft", "arch"},
            {"draft", "published", "internal", "archived"},
        ),
        (
            Role.MANAGER,
            {"pub", "int", "draft", "arch"},
            {"draft", "published", "internal", "archived"},
        ),
        (Role.AGENT, {"pub", "int"}, {"published", "internal"}),
        (Role.COLLABORATOR, {"pub"}, {"published"}),
    ],
)
def test_who_reads_what(
    seat_factory: Callable[..., Seat], role: Role, visible: set[str], statuses: set[str]
) -> None:
    admin = seat_factory(role=Role.ADMIN)
    seat = seat_factory(workspace=admin.workspace, role=role)
    articles = {
        "pub": article_with(admin, "pub", {"en": "published", "hi": "draft"}),
        "int": article_with(admin, "int", {"en": "internal"}),
        "draft": article_with(admin, "draft", {"en": "draft"}),
        "arch": article_with(admin, "arch", {"en": "archived"}),
    }
    actor = actor_for(agent=seat.agent, workspace=seat.workspace)
    assert kb_readable_statuses(actor) == statuses
    listed = body(seat.api.get("kb/articles"))["items"]
    assert {a["key"] for a in listed} == visible
    for key, article in articles.items():
        if key in visible:
            assert access_article(actor, article.pk) == article
        else:
            with pytest.raises(NotFound):
                access_article(actor, article.pk)
    pub = next(a for a in listed if a["key"] == "pub")
    # The Hindi draft is only an editor's business.
    expected = ["en", "hi"] if role in (Role.OWNER, Role.ADMIN, Role.MANAGER) else ["en"]
    assert [t["language"] for t in pub["translations"]] == expected

    can_edit = role in (Role.OWNER, Role.ADMIN, Role.MANAGER)
    response = put(seat, f"kb/articles/{articles['pub'].pk}/translations/lv", {"title": "Jauns"})
    assert response.status_code == (200 if can_edit else 403)
    if not can_edit:
        assert body(response)["code"] == "permission_denied"
        with pytest.raises(PermissionDenied):
            access_article_for_edit(actor, articles["pub"].pk)
        response = seat.api.post("kb/articles", {"key": "new", "source_language": "en"})
        assert (response.status_code, body(response)["code"]) == (403, "permission_denied")


def test_article_lifecycle_over_the_api(seat: Seat) -> None:
    category = seat.api.post(
        "kb/categories", {"key": "orders", "names": {"en": "Orders", "hi": "ऑर्डर"}}
    )
    assert category.status_code == 201, category.content
    assert body(category)["names"] == [
        {"language": "en", "name": "Orders", "description": ""},
        {"language": "hi", "name": "ऑर्डर", "description": ""},
    ]
    section = seat.api.post(
        "kb/sections",
        {"key": "tracking", "category_id": body(category)["id"], "names": {"en": "Tracking"}},
    )
    assert section.status_code == 201, section.content
    created = seat.api.post(
        "kb/articles",
        {"key": "where-is-my-order", "source_language": "en", "section_id": body(section)["id"]},
    )
    assert created.status_code == 201, created.content
    article = body(created)
    assert (article["key"], article["category_id"], article["translations"]) == (
        "where-is-my-order",
        body(category)["id"],
        [],
    )
    path = f"kb/articles/{article['id']}"
    saved = put(
        seat,
        f"{path}/translations/te",
        {
            "title": "నా ఆర్డర్ ఎక్కడ?",
            "body_markdown": "*త్వరలో*",
            "keywords": ["ఆర్డర్"],
            "status": "published",
        },
    )
    assert saved.status_code == 200, saved.content
    te = body(saved)
    assert (te["slug"], te["body_html"], te["version"], te["status"]) == (
        "నా-ఆర్డర్-ఎక్కడ",
        "<p><em>త్వరలో</em></p>\n",
        1,
        "published",
    )
    put(seat, f"{path}/translations/te", {"title": "నా ఆర్డర్ ఎక్కడ ఉంది?", "status": "published"})
    versions = body(seat.api.get(f"{path}/versions", {"language": "te"}))
    assert [(v["number"], v["title"]) for v in versions] == [
        (2, "నా ఆర్డర్ ఎక్కడ ఉంది?"),
        (1, "నా ఆర్డర్ ఎక్కడ?"),
    ]
    restored = seat.api.post(f"{path}/versions/{versions[1]['id']}/restore")
    assert (restored.status_code, body(restored)["version"], body(restored)["title"]) == (
        200,
        3,
        "నా ఆర్డర్ ఎక్కడ?",
    )
    other = article_with(seat, "tracking-help", {"en": "published"})
    patched = seat.api.patch(path, {"position": 3, "related_ids": [other.pk]})
    assert patched.status_code == 200, patched.content
    assert (body(patched)["position"], body(patched)["related_ids"]) == (3, [other.pk])
    # Related is symmetrical.
    assert body(seat.api.get(f"kb/articles/{other.pk}"))["related_ids"] == [article["id"]]


def test_errors_have_the_one_shape(seat: Seat) -> None:
    article = article_with(seat, "a", {"en": "draft"})
    cases = [
        (
            put(seat, f"kb/articles/{article.pk}/translations/xx", {"title": "T"}),
            422,
            "validation_error",
        ),
        (
            put(
                seat,
                f"kb/articles/{article.pk}/translations/en",
                {"title": "T", "status": "secret"},
            ),
            422,
            "validation_error",
        ),
        (put(seat, "kb/articles/999999/translations/en", {"title": "T"}), 404, "not_found"),
        (
            seat.api.post("kb/articles", {"key": "a", "source_language": "en"}),
            422,
            "validation_error",
        ),
        (
            seat.api.post("kb/articles", {"key": "b", "source_language": "en", "section_id": 999}),
            422,
            "validation_error",
        ),
        (seat.api.post(f"kb/articles/{article.pk}/versions/999999/restore"), 404, "not_found"),
    ]
    for response, status, code in cases:
        assert (response.status_code, body(response)["code"]) == (status, code), response.content
        assert set(body(response)) == {"code", "message", "fields"}
    assert body(cases[0][0])["fields"] == {"language": ["Unknown language."]}
    assert body(cases[3][0])["fields"] == {"key": ["An article with this key already exists."]}
    assert ArticleTranslation.objects.filter(article=article).count() == 1


def test_article_list_query_count_does_not_grow(seat: Seat) -> None:
    for i in range(3):
        article_with(seat, f"a{i}", {"en": "published", "hi": "draft"})
    seat.api.get("kb/articles")  # the token's first use of the minute writes its last use
    with CaptureQueriesContext(connection) as few:
        assert len(body(seat.api.get("kb/articles"))["items"]) == 3
    for i in range(3, 9):
        article_with(seat, f"a{i}", {"en": "published", "lv": "published"})
    with CaptureQueriesContext(connection) as many:
        assert len(body(seat.api.get("kb/articles"))["items"]) == 9
    # One query per table (token, articles, translations, related), not per article.
    assert len(many) == len(few) == 4, [q["sql"] for q in many.captured_queries]
