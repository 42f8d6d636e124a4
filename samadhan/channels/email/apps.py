from django.apps import AppConfig


class EmailChannelConfig(AppConfig):
    name = "samadhan.channels.email"
    label = "samadhan_email"
    verbose_name = "Email channel"
