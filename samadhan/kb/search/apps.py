from django.apps import AppConfig


class KbSearchConfig(AppConfig):
    """Knowledge-base search: analysis, the lexical and semantic indexes, the query log."""

    name = "samadhan.kb.search"
    label = "kb_search"
    verbose_name = "Knowledge-base search"

    def ready(self) -> None:
        # Registers the domain-event subscriber that queues (re)indexing.
        from samadhan.kb.search import tasks  # noqa: F401
