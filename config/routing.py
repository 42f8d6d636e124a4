"""WebSocket routes: agents' browsers and chat visitors, each package its own list.

Each package wraps its routes in the checks it needs: agents' sockets are
same-origin and authenticated by the session; visitors' sockets come from
customers' websites and are checked against the chat inbox's allowed origins.
"""

from __future__ import annotations

from samadhan.channels.chat.routing import websocket_urlpatterns as chat_routes
from samadhan.realtime.routing import websocket_urlpatterns as agent_routes

websocket_urlpatterns = [*agent_routes, *chat_routes]
