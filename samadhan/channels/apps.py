from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "samadhan.channels"
    label = "samadhan_channels"
