"""WebSocket routes of chat visitors (the widget on a customer's website)."""

from __future__ import annotations

from typing import Any

websocket_urlpatterns: list[Any] = []
