from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np
import pytest
from django.core.exceptions import ImproperlyConfigured

from samadhan.kb.search import embeddings, lexical
from samadhan.kb.search.embeddings import OpenAIEmbeddingsProvider, get_provider
from samadhan.kb.search.models import Chunk, Embedding
from samadhan.kb.search.selectors import kb_search
from samadhan.kb.search.tests.conftest import Publish
from samadhan.kb.services import article_create, article_delete, article_translation_save
from samadhan.workspaces.models import Workspace


class FakeEmbeddings(BaseHTTPRequestHandler):
    """Speaks the OpenAI embeddings JSON; a vector counts letters of the text (after any prefix)."""

    requests: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeEmbeddings.requests.append(
            {"path": self.path, "auth": self.headers.get("Authorization"), **payload}
        )
        data = [
            {"object": "embedding", "index": i, "embedding": [words.count(c) for c in "abcdx"]}
            for i, words in enumerate(t.split(": ", 1)[-1] for t in payload["input"])
        ]
        body = json.dumps({"object": "list", "data": data[::-1], "model": payload["model"]})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def fake_server() -> Iterator[str]:
    FakeEmbeddings.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeEmbeddings)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_openai_compatible_provider_against_a_fake_server(fake_server: str) -> None:
    provider = OpenAIEmbeddingsProvider(url=fake_server, model="e5-large", api_key="k1")
    vectors = provider.embed(["aab", "d"], role="passage")
    assert provider.name == "openai/e5-large"
    # Answers sorted back by index, normalised, e5 prefixes sent.
    expected = np.array([[2, 1, 0, 0, 0], [0, 0, 0, 1, 0]], dtype=np.float32)
    expected[0] /= np.linalg.norm(expected[0])
    np.testing.assert_allclose(vectors, expected, rtol=1e-6)
    assert FakeEmbeddings.requests == [
        {
            "path": "/v1/embeddings",
            "auth": "Bearer k1",
            "model": "e5-large",
            "input": ["passage: aab", "passage: d"],
        }
    ]
    plain = OpenAIEmbeddingsProvider(url=fake_server, model="text-embed", api_key="")
    plain.embed(["x"], role="query")
    assert FakeEmbeddings.requests[-1]["input"] == ["x"]
    assert FakeEmbeddings.requests[-1]["auth"] is None


def test_provider_comes_from_settings(settings: Any, fake_server: str) -> None:
    settings.KB_SEARCH_EMBEDDINGS = {
        "PROVIDER": "openai",
        "MODEL": "m",
        "URL": fake_server,
        "API_KEY": "",
    }
    assert get_provider().name == "openai/m"
    settings.KB_SEARCH_EMBEDDINGS = {"PROVIDER": "word2vec"}
    with pytest.raises(ImproperlyConfigured, match="word2vec"):
        get_provider()
    settings.KB_SEARCH_EMBEDDINGS = {"PROVIDER": "openai", "URL": "", "MODEL": ""}
    with pytest.raises(ImproperlyConfigured, match="SAMADHAN_EMBEDDINGS_URL"):
        get_provider()


def test_sentence_transformers_without_the_package_is_a_clear_error(settings: Any) -> None:
    settings.KB_SEARCH_EMBEDDINGS = {"PROVIDER": "sentence-transformers", "MODEL": "/models/e5"}
    try:
        import sentence_transformers  # noqa: F401
    except ImportError:
        with pytest.raises(ImproperlyConfigured, match="sentence-transformers package"):
            get_provider()
    else:  # pragma: no cover - only where someone installed it
        pytest.skip("sentence-transformers is installed here")
    embeddings._provider_for.cache_clear()


@pytest.mark.django_db(transaction=True)
def test_saving_a_translation_queues_indexing_and_embeds_once_per_hash(
    kb_workspace: Workspace, settings: Any, publish: Publish
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    article = article_create(workspace=kb_workspace, key="hours", source_language="en")

    def save(body: str, status: str = "published") -> None:
        article_translation_save(
            article=article,
            language="en",
            title="Support hours",
            body_markdown=body,
            keywords=["hours"],
            status=status,
            author=None,
        )

    save("We answer chats from 9:00 to 21:00 every day.")
    assert Chunk.objects.filter(article_id=article.pk).count() == 2
    assert Embedding.objects.count() == 2
    hits = kb_search(workspace_id=kb_workspace.pk, query="when are you open", language="en")
    assert [h.article_id for h in hits] == [article.pk]
    # Only the changed paragraph is embedded again; the title chunk is reused.
    save("We answer chats from 8:00 to 22:00 every day.")
    assert Embedding.objects.count() == 3
    # Unpublished: gone from both channels once the worker ran.
    save("We answer chats from 8:00 to 22:00 every day.", status="draft")
    assert Chunk.objects.filter(article_id=article.pk).count() == 0
    assert kb_search(workspace_id=kb_workspace.pk, query="support hours", language="en") == []


@pytest.mark.django_db(transaction=True)
def test_deleting_an_article_unindexes_it(
    kb_workspace: Workspace, settings: Any, publish: Publish
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    translation = publish(kb_workspace, "gone", "en", "Gift wrapping", "We wrap gifts for free.")
    assert kb_search(workspace_id=kb_workspace.pk, query="gift wrapping", language="en")
    article_delete(article=translation.article, by=None)
    assert not Chunk.objects.filter(translation_id=translation.pk).exists()
    assert kb_search(workspace_id=kb_workspace.pk, query="gift wrapping", language="en") == []
    assert (
        lexical.search(workspace_id=kb_workspace.pk, words=["gift"], statuses=["published"]) == []
    )
