from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "samadhan.workspaces"
    label = "workspaces"
