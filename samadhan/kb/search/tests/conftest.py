from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from samadhan.kb.models import Article, ArticleTranslation
from samadhan.kb.search import vectors
from samadhan.kb.search.embeddings import EmbeddingProvider, get_provider
from samadhan.kb.search.indexing import kb_translation_index
from samadhan.kb.services import article_create, article_translation_save
from samadhan.testing.factories import make_workspace
from samadhan.workspaces.models import Workspace

LANGUAGES = ["en", "hi", "mr", "te", "lv"]


@pytest.fixture(scope="session")
def e5() -> EmbeddingProvider:
    """The real bundled model, loaded once for the session."""
    return get_provider()


@pytest.fixture(autouse=True)
def _fresh_vectors() -> Iterator[None]:
    # Matrices are cached per workspace id; ids repeat after a test's rollback.
    vectors.forget()
    yield
    vectors.forget()


@pytest.fixture
def kb_workspace(db: None) -> Workspace:
    return make_workspace(languages=LANGUAGES)


Publish = Callable[..., ArticleTranslation]


@pytest.fixture
def publish(e5: EmbeddingProvider) -> Publish:
    """Save a translation through the KB service and index it as the worker would."""

    def save(
        workspace: Workspace,
        key: str,
        language: str,
        title: str,
        body: str,
        *,
        keywords: tuple[str, ...] = (),
        status: str = "published",
        **kwargs: Any,
    ) -> ArticleTranslation:
        article = Article.objects.filter(workspace=workspace, key=key).first()
        if article is None:
            article = article_create(workspace=workspace, key=key, source_language=language)
        translation = article_translation_save(
            article=article,
            language=language,
            title=title,
            body_markdown=body,
            keywords=list(keywords),
            status=status,
            author=None,
        )
        kb_translation_index(translation_id=translation.pk, **kwargs)
        return translation

    return save
