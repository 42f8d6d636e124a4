from __future__ import annotations

import datetime
import unicodedata

import pytest
import time_machine
from pytest_django import DjangoCaptureOnCommitCallbacks

from samadhan.audit.models import AuditEntry
from samadhan.core.domain_events import EventType
from samadhan.core.errors import ValidationFailed
from samadhan.kb.feedback import article_feedback_record, article_view_record, is_bot
from samadhan.kb.models import Article, ArticleTranslation, ArticleVersion
from samadhan.kb.selectors import version_diff, version_previous
from samadhan.kb.services import (
    article_create,
    article_delete,
    article_translation_save,
    article_version_restore,
    translation_mark_current,
)
from samadhan.kb.text import slugify_local
from samadhan.testing.events import capture_events
from samadhan.testing.factories import make_agent, make_workspace
from samadhan.workspaces.models import Workspace

pytestmark = pytest.mark.django_db


def save(
    article: Article, language: str, title: str, body: str = "Body.", **kw: object
) -> ArticleTranslation:
    args: dict[str, object] = {"keywords": [], "status": "draft", "author": None} | kw
    return article_translation_save(
        article=article,
        language=language,
        title=title,
        body_markdown=body,
        **args,  # type: ignore[arg-type]
    )


@pytest.fixture
def workspace() -> Workspace:
    return make_workspace()


@pytest.fixture
def article(workspace: Workspace) -> Article:
    return article_create(workspace=workspace, key="refunds", source_language="en")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("मेरा ऑर्डर कहाँ है?", "मेरा-ऑर्डर-कहाँ-है"),
        ("మీ ఆర్డర్ ఎక్కడ ఉంది?", "మీ-ఆర్డర్-ఎక్కడ-ఉంది"),
        ("Kā atcelt pasūtījumu", "kā-atcelt-pasūtījumu"),
        ("Pre-orders: how they work", "pre-orders-how-they-work"),
        ("  ---  ", ""),
    ],
)
def test_slugs_keep_letters_and_marks_of_every_script(title: str, slug: str) -> None:
    assert slugify_local(title) == slug
    assert unicodedata.is_normalized("NFC", slugify_local(title))


def test_slug_is_nfc_without_joiners() -> None:
    decomposed = unicodedata.normalize("NFD", "Kā")  # a + combining macron
    assert slugify_local(decomposed) == "kā"
    assert slugify_local("क्\u200dष") == "क्ष"


def test_first_save_renders_sanitises_versions_and_publishes(
    workspace: Workspace,
    article: Article,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    editor = make_agent(workspace)
    title = "रिफ़ंड कब मिलेगा?"
    body = "## समय\n\n**5-7 दिन** <script>alert(1)</script> [x](javascript:alert(1))"
    with (
        time_machine.travel("2026-03-01 10:00Z", tick=False),
        capture_events() as events,
        django_capture_on_commit_callbacks(execute=True),
    ):
        tr = save(
            article,
            "hi",
            title,
            body,
            status="published",
            keywords=[" रिफ़ंड ", "रिफ़ंड"],
            author=editor,
        )
    tr.refresh_from_db()
    assert (tr.title, tr.body_markdown) == (title, body)  # stored exactly
    assert tr.slug == "रिफ़ंड-कब-मिलेगा"
    assert tr.keywords == ["रिफ़ंड"]
    assert tr.body_html == (
        "<h2>समय</h2>\n<p><strong>5-7 दिन</strong> &lt;script&gt;alert(1)&lt;/script&gt; "
        "[x](javascript:alert(1))</p>\n"
    )
    assert (tr.version, tr.status, tr.author_id) == (1, "published", editor.pk)
    assert tr.published_at == datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC)
    assert len(tr.content_hash) == 64
    assert list(tr.versions.values_list("number", "title", "status")) == [(1, title, "published")]
    assert [(e.type, e.workspace_id, e.payload) for e in events] == [
        (
            EventType.KB_TRANSLATION_SAVED,
            workspace.pk,
            {
                "article_id": article.pk,
                "translation_id": tr.pk,
                "language": "hi",
                "status": "published",
                "content_hash": tr.content_hash,
            },
        )
    ]
    entry = AuditEntry.objects.get(workspace=workspace, action="kb_translation.saved")
    assert (entry.actor_id, entry.target_id) == (editor.pk, str(tr.pk))


def test_unchanged_save_writes_nothing(
    article: Article, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    save(article, "en", "Refunds", keywords=["money"])
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        tr = save(article, "en", "Refunds", keywords=["money"])
    assert tr.version == 1
    assert ArticleVersion.objects.filter(translation=tr).count() == 1
    assert events == []


def test_source_change_outdates_other_languages_until_they_are_saved(article: Article) -> None:
    save(article, "en", "Refunds", "Five days.")
    save(article, "hi", "रिफ़ंड", "पाँच दिन।")
    save(article, "lv", "Atmaksa", "Piecas dienas.")
    # Saving a translation never outdates the source or the others.
    save(article, "hi", "रिफ़ंड", "पाँच दिन में।")
    assert (
        set(ArticleTranslation.objects.filter(outdated=True).values_list("language", flat=True))
        == set()
    )

    save(article, "en", "Refunds", "Seven days.")
    assert dict(article.translations.values_list("language", "outdated")) == {
        "en": False,
        "hi": True,
        "lv": True,
    }
    # A status-only change of the source leaves the words alone: nothing newly outdated.
    save(article, "lv", "Atmaksa", "Septiņas dienas.")
    save(article, "en", "Refunds", "Seven days.", status="published")
    assert dict(article.translations.values_list("language", "outdated")) == {
        "en": False,
        "hi": True,
        "lv": False,
    }
    # Saving unchanged words changes nothing; an editor who checked them says so.
    hi = save(article, "hi", "रिफ़ंड", "पाँच दिन में।")
    assert (hi.outdated, hi.version) == (True, 2)
    translation_mark_current(translation=hi, by=None)
    assert ArticleTranslation.objects.filter(article=article, outdated=True).count() == 0
    assert AuditEntry.objects.filter(action="kb_translation.marked_current").count() == 1


def test_slug_is_unique_per_workspace_and_language(workspace: Workspace, article: Article) -> None:
    other = article_create(workspace=workspace, key="refunds-2", source_language="en")
    elsewhere = article_create(workspace=make_workspace(), key="refunds", source_language="en")
    assert save(article, "lv", "Atmaksa").slug == "atmaksa"
    assert save(other, "lv", "Atmaksa").slug == "atmaksa-2"
    assert save(other, "hi", "Atmaksa").slug == "atmaksa"
    assert save(elsewhere, "lv", "Atmaksa").slug == "atmaksa"
    # Its own slug is never "taken" by itself.
    assert save(article, "lv", "Atmaksa", "New body").slug == "atmaksa"
    assert save(article, "te", "!!!").slug == "refunds"


def test_publish_time_is_kept_while_published(article: Article) -> None:
    with time_machine.travel("2026-03-01 10:00Z", tick=False):
        save(article, "en", "A", status="draft")
    with time_machine.travel("2026-03-02 10:00Z", tick=False):
        first = save(article, "en", "A", status="published").published_at
    with time_machine.travel("2026-03-03 10:00Z", tick=False):
        again = save(article, "en", "B", status="published").published_at
    assert first == again == datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)


def test_restore_is_a_new_version_and_diff_shows_changes(article: Article) -> None:
    save(article, "en", "Refunds", "Line one\nLine two", status="published")
    tr = save(article, "en", "Refunds", "Line one\nLine 2", status="published")
    v1, v2 = tr.versions.order_by("number")
    assert version_previous(v2) == v1
    assert [(d.kind, d.text) for d in version_diff(v1, v2)] == [
        ("hunk", "@@ -2,3 +2,3 @@"),
        ("context", ""),
        ("context", "Line one"),
        ("remove", "Line two"),
        ("add", "Line 2"),
    ]
    restored = article_version_restore(version=v1, by=None)
    assert (restored.version, restored.body_markdown, restored.status) == (
        3,
        "Line one\nLine two",
        "published",
    )
    assert list(tr.versions.values_list("number", flat=True)) == [3, 2, 1]


def test_validation(article: Article) -> None:
    with pytest.raises(ValidationFailed) as error:
        save(article, "xx", "T")
    assert error.value.fields == {"language": ["Unknown language."]}
    with pytest.raises(ValidationFailed) as error:
        save(article, "en", "   ")
    assert error.value.fields == {"title": ["Give a title of 1 to 300 characters."]}
    with pytest.raises(ValidationFailed) as error:
        save(article, "en", "T", status="secret")
    assert error.value.fields == {"status": ["Unknown status."]}
    with pytest.raises(ValidationFailed) as error:
        article_create(workspace=article.workspace, key="Not ASCII ä", source_language="en")
    assert error.value.fields == {"key": ["Use lowercase ASCII letters, digits and hyphens."]}


def test_feedback_and_views_count_with_f(article: Article) -> None:
    tr = save(article, "en", "Refunds", status="published")
    article_feedback_record(translation=tr, helpful=True)
    article_feedback_record(translation=tr, helpful=False, comment="  Too short  ")
    assert article_view_record(translation=tr, user_agent="Mozilla/5.0 (Linux; Android 14)")
    assert not article_view_record(translation=tr, user_agent="Googlebot/2.1")
    assert not article_view_record(translation=tr, user_agent="")
    tr.refresh_from_db()
    assert (tr.helpful_count, tr.unhelpful_count, tr.view_count) == (1, 1, 1)
    assert list(tr.feedback.order_by("id").values_list("helpful", "comment")) == [
        (True, ""),
        (False, "Too short"),
    ]
    assert [is_bot(a) for a in ("facebookexternalhit/1.1", "curl/8.5", "Firefox/130")] == [
        True,
        True,
        False,
    ]


def test_delete_publishes_the_translations_gone(
    article: Article, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    en = save(article, "en", "Refunds")
    hi = save(article, "hi", "रिफ़ंड")
    article_id = article.pk
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        article_delete(article=article, by=None)
    assert [(e.type, e.payload) for e in events] == [
        (
            EventType.KB_ARTICLE_DELETED,
            {
                "article_id": article_id,
                "translation_ids": [en.pk, hi.pk],
                "languages": ["en", "hi"],
            },
        )
    ]
    assert not ArticleTranslation.objects.filter(pk__in=[en.pk, hi.pk]).exists()
