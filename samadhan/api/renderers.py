from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja.renderers import BaseRenderer
from ninja.responses import NinjaJSONEncoder


class Utf8JSONRenderer(BaseRenderer):
    """JSON with non-ASCII text kept as UTF-8 instead of ``\\u`` escapes."""

    media_type = "application/json"
    charset = "utf-8"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return json.dumps(data, cls=NinjaJSONEncoder, ensure_ascii=False).encode()
