from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "samadhan.notifications"
    label = "notifications"
