from __future__ import annotations

import pytest

from samadhan.kb.models import ArticleTranslation, SearchQuery
from samadhan.kb.search.models import Chunk, Embedding
from samadhan.kb.search.selectors import kb_content_gaps, kb_search
from samadhan.kb.search.services import kb_search_click
from samadhan.kb.search.tests.conftest import Publish
from samadhan.testing.factories import make_workspace
from samadhan.workspaces.models import Workspace

pytestmark = pytest.mark.django_db

TRACK_EN = "Open **My Account → My Orders** to see where your parcel is. Like SH-4123456."
REFUND_EN = "Refunds reach your card in 5-7 working days after the return is checked."


def _seed(workspace: Workspace, publish: Publish) -> None:
    publish(workspace, "track-order", "en", "Track your order", TRACK_EN)
    publish(workspace, "track-order", "hi", "अपना ऑर्डर ट्रैक करें", "माय अकाउंट में ऑर्डर देखें।")
    publish(workspace, "track-order", "te", "మీ ఆర్డర్ ట్రాక్ చేయండి", "మై అకౌంట్‌లో ఆర్డర్ చూడండి.")
    publish(workspace, "track-order", "lv", "Sekojiet pasūtījumam", "Pasūtījuma statuss kontā.")
    publish(workspace, "refund-timeline", "en", "When will I get my refund?", REFUND_EN)


@pytest.mark.parametrize(
    ("query", "language", "shown"),
    [
        ("track order", "en", "en"),
        ("ऑर्डर ट्रैक", "hi", "hi"),
        ("ఆర్డర్ ట్రాక్", "te", "te"),
        ("pasutijums", "lv", "lv"),  # Latvian typed without diacritics
    ],
)
def test_each_language_finds_its_translation(
    kb_workspace: Workspace, publish: Publish, query: str, language: str, shown: str
) -> None:
    _seed(kb_workspace, publish)
    hits = kb_search(workspace_id=kb_workspace.pk, query=query, language=language)
    assert (
        hits[0].title
        == {
            "en": "Track your order",
            "hi": "अपना ऑर्डर ट्रैक करें",
            "te": "మీ ఆర్డర్ ట్రాక్ చేయండి",
            "lv": "Sekojiet pasūtījumam",
        }[shown]
    )
    assert hits[0].language == shown
    translation = ArticleTranslation.objects.get(pk=hits[0].translation_id)
    assert hits[0].url == (
        f"/help/{kb_workspace.slug}/{shown}/{hits[0].article_id}-{translation.slug}"
    )


def test_marathi_question_finds_english_article(kb_workspace: Workspace, publish: Publish) -> None:
    _seed(kb_workspace, publish)
    hits = kb_search(workspace_id=kb_workspace.pk, query="माझे पैसे परत कधी मिळतील?", language="mr")
    assert hits[0].title == "When will I get my refund?"
    assert hits[0].language == "en"  # the caller notes that it is in English
    log = SearchQuery.objects.get(workspace=kb_workspace)
    assert (log.language, log.detected_language, log.source) == ("mr", "mr", "api")
    assert log.result_count == len(hits)
    assert log.top_article_id == hits[0].article_id
    assert log.top_score == hits[0].score


def test_exact_code_and_snippet_highlight(kb_workspace: Workspace, publish: Publish) -> None:
    _seed(kb_workspace, publish)
    hits = kb_search(workspace_id=kb_workspace.pk, query="sh4123456", language="en")
    assert hits[0].title == "Track your order"
    hits = kb_search(workspace_id=kb_workspace.pk, query="working days refund", language="en")
    assert hits[0].title == "When will I get my refund?"
    assert "<mark>working</mark> <mark>days</mark>" in hits[0].snippet_html


def test_drafts_archived_and_internal_never_leak(kb_workspace: Workspace, publish: Publish) -> None:
    publish(kb_workspace, "secret", "en", "Warehouse door code", "The door code is 4711.")
    publish(kb_workspace, "draft", "en", "Door code draft", "Door code soon.", status="draft")
    publish(kb_workspace, "old", "en", "Old door code", "Door code was 1234.", status="archived")
    internal = publish(
        kb_workspace, "staff", "en", "Staff door code", "Staff door code 9.", status="internal"
    )
    # "secret" is then unpublished: the worker has not run yet, search must not show it.
    ArticleTranslation.objects.filter(article__key="secret").update(status="draft")
    public = kb_search(workspace_id=kb_workspace.pk, query="door code", language="en")
    assert public == []
    agents = kb_search(
        workspace_id=kb_workspace.pk, query="door code", language="en", include_internal=True
    )
    assert [h.translation_id for h in agents] == [internal.pk]
    other = make_workspace(languages=["en"])
    assert kb_search(workspace_id=other.pk, query="door code", language="en") == []


def test_unchanged_text_is_embedded_once(kb_workspace: Workspace, publish: Publish) -> None:
    translation = publish(kb_workspace, "track-order", "en", "Track your order", TRACK_EN)
    embeddings = Embedding.objects.count()
    chunks = list(Chunk.objects.filter(translation=translation).values_list("content_hash"))
    assert embeddings == len(chunks) == 2
    # Re-indexing (the task running twice, a save that changed only the status) embeds nothing.
    publish(kb_workspace, "track-order", "en", "Track your order", TRACK_EN, status="internal")
    assert Embedding.objects.count() == embeddings
    # The same text in another workspace reuses the vectors too.
    publish(make_workspace(languages=["en"]), "t", "en", "Track your order", TRACK_EN)
    assert Embedding.objects.count() == embeddings


def test_click_and_content_gaps(kb_workspace: Workspace, publish: Publish) -> None:
    _seed(kb_workspace, publish)
    hits = kb_search(workspace_id=kb_workspace.pk, query="track order", language="en")
    top = hits[0].article_id
    assert kb_search_click(workspace_id=kb_workspace.pk, query="track order", article_id=top)
    assert SearchQuery.objects.get(query="track order").clicked_article_id == hits[0].article_id
    for _ in range(2):
        kb_search(workspace_id=kb_workspace.pk, query="", language="hi", source="help_center")
    gaps = kb_content_gaps(workspace_id=kb_workspace.pk, threshold=0.0)
    assert [(g.query, g.language, g.searches, g.no_results) for g in gaps] == [("", "hi", 2, 2)]
