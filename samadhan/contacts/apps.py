from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "samadhan.contacts"
    label = "contacts"
