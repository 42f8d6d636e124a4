from django.apps import AppConfig


class ChatConfig(AppConfig):
    """The live-chat channel: the website widget and its visitors."""

    name = "samadhan.channels.chat"
    label = "chat"
    verbose_name = "Live chat"

    def ready(self) -> None:
        from samadhan.channels.chat.models import ChatSettings  # noqa: F401
        from samadhan.channels.chat.subscribers import ChatEmailRouter
        from samadhan.channels.models import InboxKind
        from samadhan.channels.reply_routes import email_router_register

        email_router_register(InboxKind.CHAT, ChatEmailRouter())
