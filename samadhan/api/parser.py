"""Request parsing that refuses what the database cannot store faithfully.

JSON's ``NaN``/``Infinity`` (Python's ``json`` accepts them) cannot be stored in
a JSON column or sent back as valid JSON; NUL characters and lone surrogates
cannot be stored in PostgreSQL text at all. Such input is a client error, found
here once for every endpoint instead of surfacing as a database exception.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja.errors import ValidationError
from ninja.parser import Parser

MAX_DEPTH = 64


class BodyNotJSON(ValueError):
    pass


def _reject_constant(name: str) -> NoReturn:
    raise BodyNotJSON(name)


def _bad_text(value: str) -> str | None:
    if "\x00" in value:
        return _("Text must not contain NUL characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _("Text must be valid Unicode.")
    return None


def _errors(value: Any, loc: tuple[Any, ...], depth: int = 0) -> list[dict[str, Any]]:
    if depth > MAX_DEPTH:
        return [{"loc": loc, "msg": _("Nested too deeply."), "type": "depth"}]
    found: list[dict[str, Any]] = []
    if isinstance(value, str):
        problem = _bad_text(value)
        if problem:
            found.append({"loc": loc, "msg": problem, "type": "text"})
    elif isinstance(value, dict):
        for key, item in value.items():
            problem = _bad_text(key)
            if problem:
                found.append({"loc": loc, "msg": problem, "type": "text"})
            found += _errors(item, (*loc, key), depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _errors(item, (*loc, index), depth + 1)
    return found


class StrictParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        # ninja turns any exception here into a 400; the ValidationError is
        # unwrapped again by the error handler to answer 422 with the field.
        data = json.loads(request.body, parse_constant=_reject_constant)
        errors = _errors(data, ("body",))
        if errors:
            raise ValidationError(errors)
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        result = super().parse_querydict(data, list_fields, request)
        errors = _errors({k: v for k, v in result.items() if isinstance(v, str | list)}, ("query",))
        if errors:
            raise ValidationError(errors)
        return result
