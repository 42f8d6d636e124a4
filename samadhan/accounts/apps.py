from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "samadhan.accounts"
    label = "accounts"
