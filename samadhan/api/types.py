"""Field types and the input base shared by the API schemas of every app."""

from __future__ import annotations

from typing import Annotated

from ninja import Schema
from pydantic import ConfigDict, Field

# Ids the database can hold: a larger number cannot name a row, and SQLite
# cannot even bind it in an ``IN (...)`` list.
MAX_ID = 2**62
ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]
LanguageCode = Annotated[str, Field(min_length=1, max_length=16)]


class StrictIn(Schema):
    """Input bodies refuse unknown fields (a typo is an error, not silently ignored)."""

    model_config = ConfigDict(extra="forbid")
