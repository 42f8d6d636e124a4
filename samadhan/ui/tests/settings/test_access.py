"""Admin settings pages: who sees what, tenant isolation, and query counts per list page."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samadhan.accounts.models import ApiToken, Role, SkillKind, Team
from samadhan.accounts.services import skill_create, team_create
from samadhan.audit.models import AuditEntry
from samadhan.conftest import Seat
from samadhan.testing.factories import make_agent, make_ticket
from samadhan.tickets.services.macro import macro_create
from samadhan.tickets.tags import ticket_tags_set
from samadhan.ui.tests import signed_in
from samadhan.ui.tests.settings.support import (
    ADMIN_ONLY,
    MANAGER_OK,
    detail_urls,
    nav,
    section_url,
    things,
    url,
)
from samadhan.webhooks.models import WebhookSubscription

pytestmark = pytest.mark.django_db


def test_every_page_renders_for_an_admin(seat: Seat) -> None:
    t = things(seat.workspace, seat.agent)
    client = signed_in(seat.agent)
    home = client.get(section_url(seat.workspace, ""))
    assert home.status_code == 200
    assert nav(home.content.decode()) == [
        "Overview",
        "Workspace",
        "Agents",
        "Teams",
        "Skills",
        "Inboxes",
        "Custom fields",
        "Tags",
        "Macros",
        "Webhooks",
        "API tokens",
        "Audit log",
    ]
    pages = [section_url(seat.workspace, s) for s in (*ADMIN_ONLY, *MANAGER_OK)]
    pages += [url(seat.workspace, "settings_macro_new"), *detail_urls(seat.workspace, t)]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert 'aria-current="page"' in html, page
        # Every visible input has a label that points at it.
        for input_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html):
            if (
                f'id="{input_id}"' in html
                and 'type="hidden"' not in html.split(f'id="{input_id}"')[0].rsplit("<", 1)[1]
            ):
                assert f'for="{input_id}"' in html, (page, input_id)


def test_a_manager_sees_the_sections_a_manager_may(seat_factory: Callable[..., Seat]) -> None:
    admin = seat_factory()
    manager = make_agent(admin.workspace, role=Role.MANAGER)
    t = things(admin.workspace, admin.agent)
    ws = admin.workspace
    client = signed_in(manager)
    home = client.get(section_url(ws, ""))
    assert nav(home.content.decode()) == ["Overview", "Teams", "Skills", "Tags", "Macros"]
    for section in MANAGER_OK:
        assert client.get(section_url(ws, section)).status_code == 200, section
    for section in ADMIN_ONLY:
        assert client.get(section_url(ws, section)).status_code == 403, section
    for page in detail_urls(ws, t):
        allowed = any(f"/settings/{s}/" in page for s in ("teams", "skills", "tags", "macros"))
        assert client.get(page).status_code == (200 if allowed else 403), page
    assert client.post(section_url(ws, "tokens"), {"name": "x"}).status_code == 403
    assert not ApiToken.objects.filter(name="x").exists()


@pytest.mark.parametrize("role", [Role.AGENT, Role.COLLABORATOR])
def test_agents_get_403(seat: Seat, role: Role) -> None:
    client = signed_in(make_agent(seat.workspace, role=role))
    for section in (*MANAGER_OK, *ADMIN_ONLY):
        assert client.get(section_url(seat.workspace, section)).status_code == 403
    assert client.post(section_url(seat.workspace, "teams"), {"name": "X"}).status_code == 403
    assert not Team.objects.exists()


def test_signed_out_is_sent_to_sign_in(seat: Seat) -> None:
    response = Client().get(section_url(seat.workspace, "teams"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("ui:login"))


def test_another_workspaces_objects_are_404(seat_factory: Callable[..., Seat]) -> None:
    mine, theirs = seat_factory(), seat_factory()
    t = things(theirs.workspace, theirs.agent)
    client = signed_in(mine.agent)
    for page in detail_urls(theirs.workspace, t):
        # Their objects at my workspace's addresses: not found.
        mine_page = page.replace(f"/t/{theirs.workspace.slug}/", f"/t/{mine.workspace.slug}/")
        assert client.get(mine_page).status_code == 404, mine_page
        assert client.post(mine_page, {"name": "hijack", "action": "rename"}).status_code == 404
        # Their workspace itself: not found either.
        assert client.get(page).status_code == 404, page
    ws = mine.workspace.slug
    for path in (
        f"/t/{ws}/settings/teams/{t['team'].pk}/delete",
        f"/t/{ws}/settings/skills/{t['skill'].pk}/delete",
        f"/t/{ws}/settings/webhooks/{t['webhook'].pk}/delete",
        f"/t/{ws}/settings/tokens/{t['token'].pk}/revoke",
    ):
        assert client.post(path, {"confirm": "on"}).status_code == 404, path
    assert Team.objects.filter(pk=t["team"].pk, name="Billing").exists()
    assert WebhookSubscription.objects.filter(pk=t["webhook"].pk).exists()
    assert ApiToken.objects.get(pk=t["token"].pk).revoked_at is None
    assert not AuditEntry.objects.filter(actor=mine.agent).exists()


def _queries_for(client: Client, page: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page).status_code == 200
    return len(captured)


@pytest.mark.parametrize("section", ["agents", "teams", "skills", "tags", "macros", "audit"])
def test_list_pages_do_not_query_per_row(seat: Seat, section: str) -> None:
    """The number of queries stays the same with one row or with many."""
    ws = seat.workspace
    client = signed_in(seat.agent)

    def add_rows(n: int, start: int) -> None:
        for i in range(start, start + n):
            agent = make_agent(ws)
            team_create(workspace=ws, name=f"Team {i}", members=[agent], by=seat.agent)
            skill_create(workspace=ws, by=seat.agent, kind=SkillKind.TOPIC, value=f"t{i}")
            macro_create(workspace=ws, name=f"M{i}", texts={"en": "x", "hi": "y"})
            ticket_tags_set(ticket=make_ticket(ws), names=[f"tag{i}"])

    add_rows(1, 0)
    page = section_url(ws, section)
    client.get(page)  # the first visit also stores the workspace in the session
    few = _queries_for(client, page)
    add_rows(6, 1)
    assert _queries_for(client, page) == few
