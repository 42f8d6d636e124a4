"""URLs for the contact and organization page tests."""

from __future__ import annotations

from django.urls import reverse

from samadhan.conftest import Seat


def url(seat: Seat, name: str, *args: object) -> str:
    return reverse(f"ui:{name}", args=[seat.workspace.slug, *args])
