from django.apps import AppConfig


class RealtimeConfig(AppConfig):
    """Live updates for browsers: agents' pages and chat visitors (Django Channels)."""

    name = "samadhan.realtime"
    label = "realtime"
    verbose_name = "Realtime"

    def ready(self) -> None:
        # Registers the domain-event subscribers that push to agents' browsers.
        from samadhan.realtime import subscribers  # noqa: F401
