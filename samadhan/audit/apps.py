from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "samadhan.audit"
    label = "audit"
