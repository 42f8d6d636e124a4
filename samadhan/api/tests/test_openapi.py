"""The published OpenAPI document describes what the API really accepts."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

from django.test import Client
from ninja import Schema

from samadhan.api.api import api
from samadhan.testing.api_client import body


def _subclasses(cls: type[Any]) -> Iterator[type[Any]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_the_schema_is_served_without_a_token() -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = body(response)  # type: ignore[arg-type]
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Samadhan API"
    assert document == json.loads(json.dumps(api.get_openapi_schema()))


def test_component_names_are_unique() -> None:
    # OpenAPI components are named after classes; two schema classes with one name
    # would silently document one of them in the other's place.
    ours = {c for c in _subclasses(Schema) if c.__module__.startswith("samadhan.")}
    published = set(api.get_openapi_schema()["components"]["schemas"])
    clashes = [name for name, count in Counter(c.__name__ for c in ours).items() if count > 1]
    assert [name for name in clashes if name in published] == []


def test_a_tickets_contact_is_documented_as_such() -> None:
    schema = api.get_openapi_schema()
    create = schema["paths"]["/api/v1/tickets"]["post"]["requestBody"]["content"]
    ref = create["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    contact_ref = schema["components"]["schemas"][ref]["properties"]["contact"]["$ref"]
    contact = schema["components"]["schemas"][contact_ref.rsplit("/", 1)[-1]]
    assert sorted(contact["properties"]) == ["email", "name", "phone"]


def test_every_operation_needs_the_bearer_token() -> None:
    schema = api.get_openapi_schema()
    operations = {
        (method, path): op for path, ops in schema["paths"].items() for method, op in ops.items()
    }
    assert len(operations) == 59
    # Raw email may also come from a mail server holding only the inbox's ingest secret.
    raw_email = ("post", "/api/v1/inboxes/{inbox_id}/raw-email")
    assert operations.pop(raw_email)["security"] == [{"TokenAuth": []}, {"IngestSecretAuth": []}]
    assert all(op["security"] == [{"TokenAuth": []}] for op in operations.values())
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
