from django.apps import AppConfig


class RealtimeConfig(AppConfig):
    """Live updates for browsers: agents' pages and chat visitors (Django Channels)."""

    name = "samadhan.realtime"
    label = "realtime"
    verbose_name = "Realtime"
