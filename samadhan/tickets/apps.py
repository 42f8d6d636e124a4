from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "samadhan.tickets"
    label = "tickets"
