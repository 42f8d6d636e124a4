"""Admin settings pages answer garbage input, never with a 500."""

from __future__ import annotations

from typing import Any

import pytest

from samadhan.conftest import Seat
from samadhan.ui.tests import signed_in
from samadhan.ui.tests.settings.support import (
    ADMIN_ONLY,
    MANAGER_OK,
    detail_urls,
    section_url,
    things,
    url,
)

pytestmark = pytest.mark.django_db


GARBAGE: list[dict[str, Any]] = [
    {},
    {"action": "nonsense"},
    {"action": "role", "role": "emperor"},
    {"action": "merge", "merge-target": "x" * 500},
    {"action": "rename", "rename-name": "   "},
    {
        "name": "\x00" + "n" * 500,
        "key": "K E Y",
        "field_type": "dropdown",
        "options": "|\n|",
        "kind": "web_form",
        "default_team": "99999999999999999999",
        "members": ["abc", "-1"],
        "agents": ["999999"],
        "url": "javascript:alert(1)",
        "events": ["nope"],
        "timezone": "../../etc/passwd",
        "languages": ["xx"],
        "holidays": "\n".join(["2026-01-01"] * 400),
        "mon_open": "on",
        "mon_from": "25:99",
        "position": "-5",
        "assignee": "12abc",
        "team": "none",
        "status": "exploded",
        "email": "not-an-email",
        "role": "owner",
        "text_hi": "{{ " * 50,
    },
]


def test_bad_input_is_answered_never_with_a_500(seat: Seat) -> None:
    t = things(seat.workspace, seat.agent)
    client = signed_in(seat.agent)
    ws = seat.workspace
    pages = [section_url(ws, s) for s in (*ADMIN_ONLY, *MANAGER_OK)]
    pages += [url(ws, "settings_macro_new"), *detail_urls(ws, t)]
    for page in pages:
        for data in GARBAGE:
            response = client.post(page, data)
            assert response.status_code in (200, 302, 405, 422), (page, data, response.status_code)
    assert client.get(section_url(ws, "audit") + "?before=" + "9" * 40).status_code == 200
    assert client.get(section_url(ws, "tags") + "?q=" + "%00" * 10).status_code == 200
