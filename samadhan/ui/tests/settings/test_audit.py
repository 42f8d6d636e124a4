"""The admin settings audit page."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from samadhan.accounts.services import team_create
from samadhan.conftest import Seat
from samadhan.ui.tests import signed_in
from samadhan.ui.tests.settings.support import (
    section_url,
    url,
)

pytestmark = pytest.mark.django_db


def test_the_audit_page_lists_changes(seat_factory: Callable[..., Seat]) -> None:
    seat, other = seat_factory(), seat_factory()
    client = signed_in(seat.agent)
    client.post(section_url(seat.workspace, "teams"), {"name": "Tier 2"})
    client.post(section_url(seat.workspace, "tokens"), {"name": "Zapier"})
    client.post(section_url(other.workspace, "teams"), {"name": "Not mine"})  # 404
    team_create(workspace=other.workspace, name="Their team", by=other.agent)
    page = client.get(section_url(seat.workspace, "audit")).content.decode()
    assert "Team created" in page
    assert "Tier 2" in page
    assert "API token created" in page
    assert "Zapier" in page
    assert "Their team" not in page
    assert "Not mine" not in page
    assert seat.agent.name in page
    only_teams = client.get(section_url(seat.workspace, "audit") + "?group=team.").content.decode()
    assert "Tier 2" in only_teams
    assert "Zapier" not in only_teams
    junk = client.get(section_url(seat.workspace, "audit") + "?group=x&actor=abc&before=zz")
    assert junk.status_code == 200


def test_audit_entries_link_to_targets_that_still_exist(seat: Seat) -> None:
    client = signed_in(seat.agent)
    kept = team_create(workspace=seat.workspace, name="Kept", by=seat.agent)
    gone = team_create(workspace=seat.workspace, name="Gone", by=seat.agent)
    client.post(url(seat.workspace, "settings_team_delete", gone.pk), {"confirm": "on"})
    page = client.get(section_url(seat.workspace, "audit")).content.decode()
    assert f'<a href="{url(seat.workspace, "settings_team", kept.pk)}"><strong>Kept' in page
    assert url(seat.workspace, "settings_team", gone.pk) not in page
    assert "<strong>Gone</strong>" in page
