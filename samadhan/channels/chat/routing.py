"""Routes of chat visitors (the widget on a customer's website): a socket and a long poll."""

from __future__ import annotations

from typing import Any

from django.urls import path

from samadhan.channels.chat.consumers import VisitorConsumer
from samadhan.channels.chat.poll import VisitorPollConsumer

websocket_urlpatterns: list[Any] = [
    path("ws/chat/<str:public_id>/", VisitorConsumer.as_asgi()),
]

# Served before Django's handler (config/asgi.py): the wait runs on the event loop.
http_urlpatterns: list[Any] = [
    path("chat/v1/<str:public_id>/poll", VisitorPollConsumer.as_asgi()),
]
