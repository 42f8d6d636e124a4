"""Indexing tasks and the domain-event subscribers that queue them.

A saved translation is indexed for words at once (milliseconds, after commit),
so it is findable immediately, even while the worker works through a big import;
embedding takes a fraction of a second per paragraph on one core, so it is a task
and never runs in a web request.
"""

from __future__ import annotations

from django_tasks import task

from samadhan.core.domain_events import DomainEvent, EventType, subscribe
from samadhan.kb.search.indexing import kb_translation_index, kb_translations_unindex


@task()
def index_translation(*, translation_id: int) -> str:
    return kb_translation_index(translation_id=translation_id)


@task()
def unindex_translations(*, workspace_id: int, translation_ids: list[int]) -> None:
    kb_translations_unindex(workspace_id=workspace_id, translation_ids=translation_ids)


@subscribe(EventType.KB_TRANSLATION_SAVED)
def kb_translation_saved(event: DomainEvent) -> None:
    translation_id = int(event.payload["translation_id"])
    kb_translation_index(translation_id=translation_id, embed=False)
    index_translation.enqueue(translation_id=translation_id)


@subscribe(EventType.KB_ARTICLE_DELETED)
def kb_article_deleted(event: DomainEvent) -> None:
    ids = [int(i) for i in event.payload.get("translation_ids", [])]
    if ids:
        unindex_translations.enqueue(workspace_id=event.workspace_id, translation_ids=ids)
