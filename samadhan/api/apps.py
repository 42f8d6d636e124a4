from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "samadhan.api"
    label = "api"
