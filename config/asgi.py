import os
import warnings

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Static files (whitenoise) and attachment downloads are file iterators; Django
# consumes them in a thread under ASGI and warns on every response. Harmless.
warnings.filterwarnings("ignore", message="StreamingHttpResponse must consume synchronous")

django.setup(set_prefix=False)

from samadhan.core.asgi import PersistentThreadASGIHandler  # noqa: E402 - after setup

application = PersistentThreadASGIHandler()
