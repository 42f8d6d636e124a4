from __future__ import annotations

from collections.abc import Callable

import pytest

from samadhan.accounts.models import Role
from samadhan.conftest import Seat
from samadhan.kb.models import SearchQuery
from samadhan.kb.search.selectors import kb_search
from samadhan.kb.search.tests.conftest import LANGUAGES, Publish
from samadhan.testing.api_client import body
from samadhan.testing.factories import make_workspace

pytestmark = pytest.mark.django_db


def test_search_endpoint(seat_factory: Callable[..., Seat], publish: Publish) -> None:
    workspace = make_workspace(languages=LANGUAGES)
    agent = seat_factory(workspace, role=Role.AGENT)
    collaborator = seat_factory(workspace, role=Role.COLLABORATOR)
    public = publish(
        workspace,
        "refund-timeline",
        "en",
        "When will I get my refund?",
        "Refunds reach your card in 5-7 working days.",
    )
    publish(
        workspace,
        "refund-desk",
        "en",
        "Refund desk checklist",
        "Check the refund.",
        status="internal",
    )
    response = agent.api.get("kb/search", {"q": "refund card", "language": "mr"})
    assert response.status_code == 200, response.content
    results = body(response)["results"]
    assert [r["title"] for r in results] == [
        "When will I get my refund?",
        "Refund desk checklist",
    ]
    first = results[0]
    assert first["article_id"] == public.article_id
    assert first["translation_id"] == public.pk
    assert first["language"] == "en"  # no Marathi translation: the English one, marked
    assert first["url"] == f"/help/{workspace.slug}/en/{public.article_id}-{public.slug}"
    assert "<mark>card</mark>" in first["snippet_html"]
    assert isinstance(first["score"], float)
    # Collaborators read published articles only, as in the KB API.
    response = collaborator.api.get("kb/search", {"q": "refund card"})
    assert [r["title"] for r in body(response)["results"]] == ["When will I get my refund?"]
    assert SearchQuery.objects.filter(workspace=workspace, source="api").count() == 2
    # Another workspace's token sees none of this workspace's articles.
    stranger = seat_factory(make_workspace(languages=["en"]))
    assert body(stranger.api.get("kb/search", {"q": "refund card"}))["results"] == []


def test_bad_search_input(seat: Seat) -> None:
    for params in ({}, {"q": "x", "limit": 500}, {"q": "x" * 501}, {"q": "nul \x00"}):
        response = seat.api.get("kb/search", params)
        assert (response.status_code, body(response)["code"]) == (422, "validation_error"), params
    # The selector itself cleans what other callers pass (the help center, the bot).
    kb_search(workspace_id=seat.workspace.pk, query="nul \x00, bell \x07 and \ud800", language=None)
    assert SearchQuery.objects.get(workspace=seat.workspace).query == "nul , bell and"
    assert body(seat.api.get("kb/search", {"q": "nothing here"}))["results"] == []
