"""Who may call the visitor API from a browser: the inbox's allowed origins, nobody else."""

from __future__ import annotations

from collections.abc import Mapping

ALLOW_HEADERS = "Authorization, Content-Type"
ALLOW_METHODS = "GET, POST, OPTIONS"


def cors_headers(origin: str) -> dict[str, str]:
    """Headers that let ``origin`` (already checked against the inbox) read the answer."""
    return {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Allow-Headers": ALLOW_HEADERS,
        "Access-Control-Allow-Methods": ALLOW_METHODS,
        "Access-Control-Max-Age": "600",
        "Vary": "Origin",
    }


def bearer(headers: Mapping[str, str]) -> str:
    value = headers.get("authorization", "") or headers.get("Authorization", "")
    scheme, _sep, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""
