from django.apps import AppConfig


class ChatConfig(AppConfig):
    """The live-chat channel: the website widget and its visitors."""

    name = "samadhan.channels.chat"
    label = "chat"
    verbose_name = "Live chat"
