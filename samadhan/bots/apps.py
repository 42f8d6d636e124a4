from django.apps import AppConfig


class BotsConfig(AppConfig):
    """The answer bot: knowledge-base answers on chat and email, and the handoff to people."""

    name = "samadhan.bots"
    label = "bots"
    verbose_name = "Answer bot"

    def ready(self) -> None:
        # Registers the domain-event subscribers that queue the bot's work.
        from samadhan.bots import tasks  # noqa: F401
