from django.apps import AppConfig


class UiConfig(AppConfig):
    """The agent workspace and admin settings in the browser (templates + htmx)."""

    name = "samadhan.ui"
    label = "ui"
    verbose_name = "Agent workspace"
