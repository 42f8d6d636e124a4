from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samadhan.core"
    label = "core"
