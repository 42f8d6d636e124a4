from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "samadhan.webhooks"
    label = "webhooks"

    def ready(self) -> None:
        # Registers the domain-event subscriber.
        from samadhan.webhooks import subscribers  # noqa: F401
