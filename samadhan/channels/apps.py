from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "samadhan.channels"
    label = "samadhan_channels"

    def ready(self) -> None:
        # Registers the email channel's domain-event subscribers (agent replies are
        # sent by email, new email tickets acknowledged).
        from samadhan.channels.email import outbound_tasks  # noqa: F401
