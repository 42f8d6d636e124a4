"""workspace_update: every field checked before anything is saved; changes audited."""

from __future__ import annotations

from typing import Any

import pytest

from samadhan.audit.models import AuditEntry
from samadhan.core.errors import ValidationFailed
from samadhan.testing.factories import make_agent, make_workspace
from samadhan.workspaces.models import Workspace
from samadhan.workspaces.services import workspace_update

pytestmark = pytest.mark.django_db


def refused(workspace: Workspace, **changes: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationFailed) as caught:
        workspace_update(workspace=workspace, by=None, **changes)
    return caught.value.fields


def test_bad_values_are_refused_field_by_field() -> None:
    ws = make_workspace()
    assert refused(ws, timezone="Mars/Olympus") == {"timezone": ["Unknown time zone."]}
    assert refused(ws, timezone="") == {"timezone": ["Unknown time zone."]}
    assert refused(ws, name="  ") == {"name": ["Give a name of at most 200 characters."]}
    assert refused(ws, default_language="xx", languages=["en"]) == {
        "default_language": ["Unknown language."]
    }
    assert refused(ws, languages=["en", "Tamil"]) == {
        "languages": ["Give language codes such as hi, te or pt-br."]
    }
    assert refused(ws, languages=["hi"]) == {
        "languages": ["The default language must be one of the languages."]
    }
    assert refused(ws, business_hours={"mon": [["09:00", "24:00"]]}) == {
        "business_hours.mon": ["Enter times as HH:MM."]
    }
    assert refused(ws, business_hours={"mon": [["18:00", "09:00"]]}) == {
        "business_hours.mon": ["The closing time must be after the opening time."]
    }
    assert refused(ws, business_hours={"tue": [["09:00", "13:00"], ["12:00", "18:00"]]}) == {
        "business_hours.tue": ["Opening intervals overlap."]
    }
    assert refused(ws, business_hours={"someday": []}) == {"business_hours": ["Unknown weekday."]}
    assert refused(ws, business_hours={"mon": "9-5"}) == {
        "business_hours.mon": ["Give a list of opening intervals."]
    }
    assert refused(ws, holidays=["2026-13-01"]) == {
        "holidays": ["Not a date (use YYYY-MM-DD): 2026-13-01"]
    }
    # One bad field keeps the good ones from being saved too.
    assert set(refused(ws, name="New", timezone="Nowhere/Zone")) == {"timezone"}
    ws.refresh_from_db()
    assert (ws.name, ws.timezone) == (ws.slug.title(), "UTC")
    assert not AuditEntry.objects.filter(action="workspace.updated").exists()


def test_hours_are_sorted_and_holidays_deduplicated_and_audited() -> None:
    ws = make_workspace()
    admin = make_agent(ws)
    workspace_update(
        workspace=ws,
        by=admin,
        timezone="Europe/Riga",
        business_hours={
            "sat": [],
            "fri": [["14:00", "18:00"], ["09:00", "13:00"]],
            "mon": [["09:00", "17:00"]],
        },
        holidays=["2026-06-24", " 2026-06-23", "2026-06-24"],
    )
    ws.refresh_from_db()
    assert ws.business_hours == {
        "mon": [["09:00", "17:00"]],
        "fri": [["09:00", "13:00"], ["14:00", "18:00"]],
    }
    assert ws.holidays == ["2026-06-23", "2026-06-24"]
    entry = AuditEntry.objects.get(action="workspace.updated")
    assert entry.actor == admin
    assert set(entry.changes) == {"timezone", "business_hours", "holidays"}

    # Saving the same values again changes nothing and records nothing.
    workspace_update(workspace=ws, by=admin, timezone="Europe/Riga", holidays=ws.holidays)
    assert AuditEntry.objects.filter(action="workspace.updated").count() == 1
