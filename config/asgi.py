import os
import warnings

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Static files (whitenoise) and attachment downloads are file iterators; Django
# consumes them in a thread under ASGI and warns on every response. Harmless.
warnings.filterwarnings("ignore", message="StreamingHttpResponse must consume synchronous")

django.setup(set_prefix=False)

# After setup: the routes import models.
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import re_path  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from samadhan.channels.chat.routing import http_urlpatterns as chat_http  # noqa: E402
from samadhan.core.asgi import PersistentThreadASGIHandler  # noqa: E402

application = ProtocolTypeRouter(
    {
        # The chat long poll waits on the event loop, before Django's one sync thread.
        "http": URLRouter([*chat_http, re_path(r"", PersistentThreadASGIHandler())]),  # type: ignore[arg-type]
        "websocket": URLRouter(websocket_urlpatterns),
    }
)
