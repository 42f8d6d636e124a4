"""/me, agents, teams and webhooks through HTTP."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from samadhan.accounts.models import Membership, Role
from samadhan.conftest import Seat
from samadhan.testing.api_client import body
from samadhan.testing.factories import make_agent
from samadhan.webhooks.models import WebhookSubscription


@pytest.mark.parametrize("role", list(Role))
def test_me_says_who_and_where(seat_factory: Callable[..., Seat], role: Role) -> None:
    seat = seat_factory(role=role)
    assert body(seat.api.get("me")) == {
        "id": seat.agent.pk,
        "name": seat.agent.name,
        "email": seat.agent.email,
        "handle": seat.agent.handle,
        "role": role.value,
        "workspace": seat.workspace.slug,
    }


def test_agents_lists_active_members_by_name(seat: Seat) -> None:
    seat.agent.name = "Meera"
    seat.agent.save()
    ravi = make_agent(seat.workspace, name="Ravi", email="Ravi@Example.TEST")
    anil = make_agent(seat.workspace, name="Anil", role=Role.COLLABORATOR)
    left = make_agent(seat.workspace, name="Left")
    Membership.objects.filter(agent=left).update(is_active=False)
    agents = body(seat.api.get("agents"))
    assert agents == [
        {
            "id": a.pk,
            "name": a.name,
            "email": a.email,
            "handle": a.handle,
            "role": role,
            "language": "",
        }
        for a, role in ((anil, "collaborator"), (seat.agent, "admin"), (ravi, "agent"))
    ]
    assert agents[2]["email"] == "ravi@example.test"


def test_teams(seat: Seat, seat_factory: Callable[..., Seat]) -> None:
    a, b = make_agent(seat.workspace), make_agent(seat.workspace)
    response = seat.api.post("teams", {"name": "हिन्दी सहायता", "member_ids": [b.pk, a.pk, a.pk]})
    assert response.status_code == 201, response.content
    team = body(response)
    assert team == {
        "id": team["id"],
        "name": "हिन्दी सहायता",
        "description": "",
        "member_ids": sorted([a.pk, b.pk]),
    }
    empty = body(seat.api.post("teams", {"name": "Latvian"}))
    assert body(seat.api.get("teams")) == [empty, team]

    outsider = seat_factory()
    for payload, fields in (
        ({"name": "X", "member_ids": [outsider.agent.pk]}, {"member_ids": ["Unknown agent."]}),
        ({"name": "Latvian"}, {"name": ["Already taken."]}),
        ({"name": ""}, {"name": ["String should have at least 1 character"]}),
    ):
        response = seat.api.post("teams", payload)
        assert (response.status_code, body(response)["fields"]) == (422, fields)
    manager = seat_factory(workspace=seat.workspace, role=Role.MANAGER)
    refused = manager.api.post("teams", {"name": "Mine"})
    assert (refused.status_code, body(refused)["code"]) == (403, "permission_denied")
    assert len(body(manager.api.get("teams"))) == 2


def _webhook(seat: Seat, **payload: Any) -> dict[str, Any]:
    response = seat.api.post("webhooks", payload)
    assert response.status_code == 201, response.content
    return body(response)  # type: ignore[no-any-return]


def test_webhooks_crud_and_deliveries(
    seat: Seat,
    allow_private_webhooks: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    created = _webhook(
        seat,
        url="http://127.0.0.1:9/hooks",
        events=["ticket.created", "message.created", "ticket.created"],
        description="CRM",
    )
    secret = WebhookSubscription.objects.get().secret
    assert created == {
        "id": created["id"],
        "url": "http://127.0.0.1:9/hooks",
        "events": ["message.created", "ticket.created"],
        "description": "CRM",
        "is_active": True,
        "created_at": created["created_at"],
        "secret": secret,
    }
    assert secret.startswith("whsec_")
    shown = {k: v for k, v in created.items() if k != "secret"}
    assert body(seat.api.get("webhooks")) == [shown]
    assert body(seat.api.get(f"webhooks/{created['id']}")) == shown

    with django_capture_on_commit_callbacks(execute=True):
        seat.api.post("tickets", {"subject": "Hi", "body": "x", "contact": {"name": "A"}})
    deliveries = body(seat.api.get(f"webhooks/{created['id']}/deliveries"))
    assert [(d["event_type"], d["status"], d["attempts"]) for d in deliveries] == [
        ("ticket.created", "pending", 0)
    ]

    patched = seat.api.patch(f"webhooks/{created['id']}", {"is_active": False, "events": []})
    assert (body(patched)["is_active"], body(patched)["events"]) == (False, [])
    deleted = seat.api.delete(f"webhooks/{created['id']}")
    assert (deleted.status_code, deleted.content) == (204, b"")
    assert seat.api.get(f"webhooks/{created['id']}").status_code == 404
    assert body(seat.api.get("webhooks")) == []


def test_webhook_targets_and_events_are_checked(
    seat: Seat, seat_factory: Callable[..., Seat]
) -> None:
    for payload, fields in (
        ({"url": "ftp://files.example.test/"}, {"url": ["use an http or https URL"]}),
        ({"url": "http://127.0.0.1:8000/"}, {"url": ["the host is on a private network"]}),
        ({"url": "http://[::1]/"}, {"url": ["the host is on a private network"]}),
        ({"url": "http://no-such-host.invalid/"}, {"url": ["the host name does not resolve"]}),
        (
            {"url": "https://1.1.1.1/", "events": ["ticket.exploded"]},
            {"events": ["Unknown event type."]},
        ),
    ):
        response = seat.api.post("webhooks", payload)
        assert (response.status_code, body(response)["fields"]) == (422, fields), payload
    manager = seat_factory(workspace=seat.workspace, role=Role.MANAGER)
    for response in (
        manager.api.get("webhooks"),
        manager.api.post("webhooks", {"url": "https://h.test/"}),
    ):
        assert (response.status_code, body(response)["code"]) == (403, "permission_denied")
