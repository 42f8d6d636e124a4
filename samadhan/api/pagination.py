from __future__ import annotations

from typing import Generic, TypeVar

from ninja import Schema

T = TypeVar("T")


class PageOut(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None
