from django.apps import AppConfig


class KbConfig(AppConfig):
    """Knowledge base: articles in every language, the public help center, search."""

    name = "samadhan.kb"
    label = "kb"
    verbose_name = "Knowledge base"
