"""Tenants never see each other: every object-addressing operation, table-driven.

The operations come from the OpenAPI schema, so a new endpoint is tested the
moment it exists; one whose path parameter has no entry in ``PARAM_OBJECTS``
(or whose body has no entry in ``BODIES``) fails here instead of being skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.http import HttpResponse

from samadhan.accounts.models import Role
from samadhan.accounts.services import team_create
from samadhan.api.api import api
from samadhan.api.tests.conftest import Tenant
from samadhan.conftest import Seat
from samadhan.kb.models import Article, ArticleTranslation
from samadhan.testing.api_client import body
from samadhan.testing.factories import make_agent, make_ticket
from samadhan.tickets.models import Ticket

SCHEMA = api.get_openapi_schema()
PREFIX = "/api/v1"
_PARAM = re.compile(r"\{(\w+)\}")

# Which object of a tenant each path parameter names.
PARAM_OBJECTS: dict[str, Callable[[Tenant], int]] = {
    "number": lambda t: t.ticket.number,
    "message_id": lambda t: t.second_message.pk,
    "contact_id": lambda t: t.contact.pk,
    "organization_id": lambda t: t.organization.pk,
    "webhook_id": lambda t: t.webhook.pk,
    "macro_id": lambda t: t.macro.pk,
    "attachment_id": lambda t: t.attachment.pk,
    "inbox_id": lambda t: t.inbox.pk,
    "article_id": lambda t: t.article.pk,
    "version_id": lambda t: t.kb_version.pk,
}
# Path parameters that name no object of their own: the same value for both tenants.
PARAM_VALUES: dict[str, str] = {"language": "en"}

# A valid body for every operation that takes one, referring to the caller's
# own objects: the only thing wrong with the request is the foreign path object.
BODIES: dict[tuple[str, str], Callable[[Tenant], dict[str, Any]]] = {
    ("patch", "/tickets/{number}"): lambda own: {"priority": "high", "subject": "taken over"},
    ("post", "/tickets/{number}/messages"): lambda own: {"body": "hello", "kind": "reply"},
    ("post", "/tickets/{number}/merge"): lambda own: {"target": own.ticket.number},
    ("post", "/tickets/{number}/links"): lambda own: {"target": own.ticket.number},
    ("patch", "/contacts/{contact_id}"): lambda own: {"name": "Renamed"},
    ("post", "/contacts/{contact_id}/identities"): lambda own: {
        "kind": "email",
        "value": "stolen@example.test",
    },
    ("post", "/contacts/{contact_id}/merge"): lambda own: {"into": own.contact.pk},
    ("patch", "/organizations/{organization_id}"): lambda own: {"name": "Renamed"},
    ("patch", "/webhooks/{webhook_id}"): lambda own: {"is_active": False},
    ("patch", "/inboxes/{inbox_id}"): lambda own: {"is_active": False, "name": "Taken"},
    ("patch", "/inboxes/{inbox_id}/bot"): lambda own: {"enabled": True, "llm_api_key": "x"},
    ("patch", "/kb/articles/{article_id}"): lambda own: {"position": 7},
    ("put", "/kb/articles/{article_id}/translations/{language}"): lambda own: {
        "title": "Taken",
        "body_markdown": "Taken over.",
        "status": "published",
    },
}


def _operations() -> list[tuple[str, str, bool]]:
    ops = []
    for path, methods in SCHEMA["paths"].items():
        for method, operation in methods.items():
            ops.append((method, path.removeprefix(PREFIX), "requestBody" in operation))
    return ops


OPERATIONS = _operations()
OBJECT_OPERATIONS = [op for op in OPERATIONS if _PARAM.search(op[1])]


def call(seat: Seat, method: str, path: str, data: dict[str, Any] | None = None) -> HttpResponse:
    kwargs: dict[str, Any] = dict(seat.api.headers)
    if data is not None:
        kwargs.update(data=json.dumps(data), content_type="application/json")
    return seat.api.client.generic(method.upper(), PREFIX + path, **kwargs)  # type: ignore[return-value]


def _variants(params: list[str]) -> list[dict[str, str]]:
    """Every parameter foreign at once, then each one alone among the caller's own."""
    variants = [dict.fromkeys(params, "foreign")]
    if len(params) > 1:
        for foreign in params:
            variants.append({p: "foreign" if p == foreign else "own" for p in params})
    return variants


def test_the_schema_has_object_operations_to_check() -> None:
    assert len(OBJECT_OPERATIONS) >= 20
    assert {p for _m, path, _b in OBJECT_OPERATIONS for p in _PARAM.findall(path)} == set(
        PARAM_OBJECTS
    ) | set(PARAM_VALUES)


@pytest.mark.parametrize(
    ("method", "path", "has_body"),
    OBJECT_OPERATIONS,
    ids=[f"{m.upper()} {p}" for m, p, _b in OBJECT_OPERATIONS],
)
def test_foreign_objects_are_not_found(
    tenant_factory: Callable[..., Tenant], method: str, path: str, has_body: bool
) -> None:
    a, b = tenant_factory("a", earlier_tickets=5), tenant_factory("b")
    params = [p for p in _PARAM.findall(path) if p not in PARAM_VALUES]
    unmapped = [p for p in params if p not in PARAM_OBJECTS]
    assert not unmapped, f"add {unmapped} to PARAM_OBJECTS so isolation covers {path}"
    assert not has_body or (method, path) in BODIES, f"add {method} {path} to BODIES"
    before = _snapshot(a)

    for variant in _variants(params):
        values: dict[str, object] = dict(PARAM_VALUES)
        values |= {
            p: PARAM_OBJECTS[p](a if side == "foreign" else b) for p, side in variant.items()
        }
        data = BODIES[(method, path)](b) if has_body else None
        response = call(b.seat, method, path.format(**values), data)
        assert response.status_code == 404, (variant, response.status_code, response.content)
        assert body(response)["code"] == "not_found"

    assert _snapshot(a) == before


def _snapshot(t: Tenant) -> dict[str, Any]:
    ticket = Ticket.objects.get(pk=t.ticket.pk)
    t.contact.refresh_from_db()
    t.organization.refresh_from_db()
    t.webhook.refresh_from_db()
    t.inbox.refresh_from_db()
    return {
        "ticket": (ticket.subject, ticket.priority, ticket.status, ticket.merged_into_id),
        "messages": list(ticket.messages.order_by("id").values_list("id", "body_text")),
        "links": ticket.links_out.count() + ticket.links_in.count(),
        "contact": (t.contact.name, t.contact.merged_into_id, t.contact.identities.count()),
        "organization": t.organization.name,
        "webhook": (t.webhook.is_active, t.webhook.url),
        "inbox": (t.inbox.is_active, t.inbox.name, t.inbox.raw_emails.count()),
        "tickets": Ticket.objects.filter(workspace=t.seat.workspace).count(),
        "kb": list(
            ArticleTranslation.objects.filter(article=t.article).values_list(
                "language", "title", "status", "version", "outdated"
            )
        ),
        "kb_article": Article.objects.filter(pk=t.article.pk).values_list("position").get(),
    }


def test_foreign_objects_named_in_bodies_are_refused(
    tenant_factory: Callable[..., Tenant],
) -> None:
    a, b = tenant_factory("a", earlier_tickets=5), tenant_factory("b")
    before = _snapshot(a)
    n = b.ticket.number
    cases: list[tuple[str, str, dict[str, Any], int, str]] = [
        ("post", f"/tickets/{n}/merge", {"target": a.ticket.number}, 404, "not_found"),
        ("post", f"/tickets/{n}/links", {"target": a.ticket.number}, 404, "not_found"),
        ("post", f"/contacts/{b.contact.pk}/merge", {"into": a.contact.pk}, 404, "not_found"),
        (
            "patch",
            f"/contacts/{b.contact.pk}",
            {"organization_id": a.organization.pk},
            404,
            "not_found",
        ),
        (
            "post",
            "/contacts",
            {"name": "New", "organization_id": a.organization.pk},
            404,
            "not_found",
        ),
        ("patch", f"/tickets/{n}", {"assignee_id": a.other_agent.pk}, 422, "validation_error"),
        ("patch", f"/tickets/{n}", {"team_id": a.team.pk}, 422, "validation_error"),
        (
            "post",
            f"/tickets/{n}/messages",
            {"body": "mine now", "attachment_ids": [a.pending_attachment.pk]},
            422,
            "validation_error",
        ),
        (
            "post",
            "/tickets",
            {"subject": "s", "body": "b", "contact": {"name": "X"}, "team_id": a.team.pk},
            422,
            "validation_error",
        ),
        (
            "post",
            "/teams",
            {"name": "Poachers", "member_ids": [a.other_agent.pk]},
            422,
            "validation_error",
        ),
    ]
    for method, path, data, status, code in cases:
        response = call(b.seat, method, path, data)
        assert (response.status_code, body(response)["code"]) == (status, code), (path, data)
    assert _snapshot(a) == before
    assert a.pending_attachment.message_id is None


def test_collections_never_list_another_workspaces_rows(
    tenant_factory: Callable[..., Tenant],
) -> None:
    a, b = tenant_factory("a", earlier_tickets=5), tenant_factory("b")

    def ids(path: str, key: str = "id") -> set[Any]:
        response = b.seat.api.get(path)
        assert response.status_code == 200, response.content
        data = body(response)
        rows = data["items"] if isinstance(data, dict) else data
        return {row[key] for row in rows}

    assert ids("tickets") == {b.ticket.pk}
    assert ids("contacts") == {b.contact.pk}
    assert ids("organizations") == {b.organization.pk}
    assert ids("agents") == {b.seat.agent.pk, b.other_agent.pk}
    assert ids("teams") == {b.team.pk}
    assert ids("macros") == {b.macro.pk}
    assert ids("webhooks") == {b.webhook.pk}
    assert ids("inboxes") == {b.inbox.pk}
    assert ids("kb/articles") == {b.article.pk}
    assert ids("kb/categories") == set()
    assert ids("custom-fields", "key") == {"field_b"}
    # Filters naming A's objects, tags or words find nothing of A's.
    for params in (
        {"contact": a.contact.pk},
        {"team": a.team.pk},
        {"assignee": str(a.other_agent.pk)},
        {"tag": "tag-a"},
        {"q": "secretworda"},
        {"q": "Parcel"},
    ):
        response = b.seat.api.get("tickets", params)
        items = body(response)["items"]
        assert [i["number"] for i in items if i["id"] == a.ticket.pk] == [], params
        assert all(i["id"] == b.ticket.pk for i in items), params


def test_collaborator_sees_and_writes_only_what_their_team_allows(
    seat_factory: Callable[..., Seat],
) -> None:
    admin = seat_factory(role=Role.ADMIN)
    workspace = admin.workspace
    collaborator = seat_factory(workspace=workspace, role=Role.COLLABORATOR)
    colleague = make_agent(workspace)
    team_x = team_create(workspace=workspace, name="X", members=[collaborator.agent])
    team_y = team_create(workspace=workspace, name="Y", members=[colleague])
    mine = [make_ticket(workspace, subject=f"x{i}", team_id=team_x.pk) for i in range(2)]
    theirs = make_ticket(workspace, subject="y", team_id=team_y.pk)
    unteamed = make_ticket(workspace, subject="none")

    listed = body(collaborator.api.get("tickets"))["items"]
    assert sorted(t["number"] for t in listed) == sorted(t.number for t in mine)
    assert len(body(admin.api.get("tickets"))["items"]) == 4
    for hidden in (theirs, unteamed):
        for method, path, data in [
            ("get", f"/tickets/{hidden.number}", None),
            ("get", f"/tickets/{hidden.number}/messages", None),
            ("get", f"/tickets/{hidden.number}/events", None),
            ("post", f"/tickets/{hidden.number}/messages", {"body": "psst", "kind": "note"}),
        ]:
            response = call(collaborator, method, path, data)
            assert response.status_code == 404, (path, response.content)
            assert body(response)["code"] == "not_found"

    visible = mine[0].number
    note = collaborator.api.post(f"tickets/{visible}/messages", {"body": "FYI", "kind": "note"})
    assert note.status_code == 201
    assert (body(note)["kind"], body(note)["author_agent_id"]) == (
        "note",
        collaborator.agent.pk,
    )
    refused = [
        collaborator.api.post(f"tickets/{visible}/messages", {"body": "Hi", "kind": "reply"}),
        collaborator.api.post(f"tickets/{visible}/messages", {"body": "Hi", "kind": "inbound"}),
        collaborator.api.patch(f"tickets/{visible}", {"status": "solved"}),
        collaborator.api.post("tickets", {"subject": "s", "body": "b", "contact": {"name": "C"}}),
    ]
    assert [(r.status_code, body(r)["code"]) for r in refused] == [(403, "permission_denied")] * 4
    messages = body(admin.api.get(f"tickets/{visible}/messages"))
    assert [m["kind"] for m in messages] == ["inbound", "note"]
    assert body(admin.api.get(f"tickets/{visible}"))["status"] == "new"
