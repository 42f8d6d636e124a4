"""Typed access to Samadhan's own settings (read at call time, so tests can override)."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def _get(name: str) -> Any:
    return settings.SAMADHAN[name]


def public_url() -> str:
    return str(_get("PUBLIC_URL"))


def api_rate_limit_per_minute() -> int:
    return int(_get("API_RATE_LIMIT_PER_MINUTE"))


def max_attachment_bytes() -> int:
    return int(_get("MAX_ATTACHMENT_BYTES"))


def webhook_allow_private_networks() -> bool:
    return bool(_get("WEBHOOK_ALLOW_PRIVATE_NETWORKS"))
