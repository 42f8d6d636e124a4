"""Languages and zones: browser, profile, workspace default; Babel dates in the agent's zone."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from babel.dates import format_datetime
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from samadhan.accounts.services import agent_update_profile
from samadhan.conftest import Seat
from samadhan.testing.factories import make_ticket, make_workspace
from samadhan.tickets.models import Status
from samadhan.tickets.services.ticket import TicketChanges, ticket_update
from samadhan.tickets.timeline import Author
from samadhan.ui.tests import signed_in

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def lang_of(page: str) -> str:
    found = re.search(r'<html lang="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


@pytest.fixture
def pending(seat: Seat) -> Seat:
    """A workspace with one pending ticket, so its status label shows in "All tickets"."""
    ticket = make_ticket(seat.workspace)
    ticket_update(
        ticket=ticket,
        author=Author.of_agent(seat.agent),
        changes=TicketChanges(status=Status.PENDING),
    )
    return seat


def all_tickets(seat: Seat, client: Client) -> str:
    response = client.get(reverse("ui:inbox", args=[seat.workspace.slug]), {"view": "all"})
    assert response.status_code == 200
    return response.content.decode()


def test_accept_language_marathi_shows_marathi_labels(pending: Seat) -> None:
    page = all_tickets(pending, signed_in(pending.agent, HTTP_ACCEPT_LANGUAGE="mr,en;q=0.5"))
    assert lang_of(page) == "mr"
    assert '<span class="badge status-pending">प्रलंबित</span>' in page
    for label in ("All tickets", "Filters", "Subject"):
        assert in_language("mr", label) in page
    assert in_language("mr", "All tickets") != "All tickets"
    assert ">All tickets<" not in page


def test_a_regional_browser_tag_finds_the_language(pending: Seat) -> None:
    page = all_tickets(pending, signed_in(pending.agent, HTTP_ACCEPT_LANGUAGE="te-IN"))
    assert lang_of(page) == "te"
    assert "పెండింగ్‌లో ఉంది" in page


def test_profile_language_overrides_the_browser(pending: Seat) -> None:
    agent_update_profile(agent=pending.agent, language="hi")
    page = all_tickets(pending, signed_in(pending.agent, HTTP_ACCEPT_LANGUAGE="mr"))
    assert lang_of(page) == "hi"
    assert '<span class="badge status-pending">लंबित</span>' in page


def test_profile_language_overrides_the_workspace_default(
    seat_factory: Callable[..., Seat],
) -> None:
    seat = seat_factory(workspace=make_workspace(default_language="te"))
    agent_update_profile(agent=seat.agent, language="lv")
    page = all_tickets(seat, signed_in(seat.agent, HTTP_ACCEPT_LANGUAGE="de"))
    assert lang_of(page) == "lv"


@pytest.mark.parametrize("header", ["de-DE,fr;q=0.8", "", "*", "xx;q=oops"])
def test_workspace_default_when_the_browser_has_no_supported_language(
    seat_factory: Callable[..., Seat], header: str
) -> None:
    seat = seat_factory(workspace=make_workspace(default_language="te"))
    page = all_tickets(seat, signed_in(seat.agent, HTTP_ACCEPT_LANGUAGE=header))
    assert lang_of(page) == "te"
    assert in_language("te", "All tickets") in page


def test_browser_language_wins_over_the_workspace_default(
    seat_factory: Callable[..., Seat],
) -> None:
    seat = seat_factory(workspace=make_workspace(default_language="te"))
    page = all_tickets(seat, signed_in(seat.agent, HTTP_ACCEPT_LANGUAGE="hi"))
    assert lang_of(page) == "hi"


def test_the_language_menu_saves_on_the_profile_and_in_a_cookie(pending: Seat) -> None:
    client = signed_in(pending.agent, HTTP_ACCEPT_LANGUAGE="en")
    inbox = reverse("ui:inbox", args=[pending.workspace.slug])
    response = client.post(reverse("ui:language"), {"language": "mr", "next": inbox})
    assert response.status_code == 302
    assert response["Location"] == inbox
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "mr"
    pending.agent.refresh_from_db()
    assert pending.agent.language == "mr"
    assert lang_of(all_tickets(pending, client)) == "mr"
    # An unknown language or a foreign "next" falls back safely.
    response = client.post(
        reverse("ui:language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    pending.agent.refresh_from_db()
    assert pending.agent.language == ""


def test_language_menu_when_signed_out_uses_a_cookie(db: None) -> None:
    client = Client()
    response = client.post(reverse("ui:language"), {"language": "te", "next": "/login/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "te"
    page = client.get(reverse("ui:login")).content.decode()
    assert lang_of(page) == "te"


def test_profile_form_sets_language_and_time_zone(seat: Seat) -> None:
    client = signed_in(seat.agent)
    response = client.post(
        reverse("ui:profile"),
        {"name": "Asha Rao", "language": "te", "timezone": "Asia/Kolkata"},
        follow=True,
    )
    assert response.status_code == 200
    assert lang_of(response.content.decode()) == "te"
    seat.agent.refresh_from_db()
    assert (seat.agent.name, seat.agent.language, seat.agent.timezone) == (
        "Asha Rao",
        "te",
        "Asia/Kolkata",
    )
    response = client.post(
        reverse("ui:profile"), {"name": "Asha Rao", "language": "zz", "timezone": "Mars/Base"}
    )
    assert response.status_code == 200
    seat.agent.refresh_from_db()
    assert seat.agent.timezone == "Asia/Kolkata"


def ticket_at(seat: Seat, moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return make_ticket(seat.workspace).number


@pytest.mark.parametrize(
    ("language", "zone"),
    [
        ("en", "Asia/Kolkata"),
        ("hi", "Asia/Kolkata"),
        ("te", "America/Los_Angeles"),
        ("lv", "Europe/Riga"),
    ],
)
def test_dates_are_formatted_by_babel_in_the_agents_zone(
    seat: Seat, language: str, zone: str
) -> None:
    number = ticket_at(seat, T0)
    agent_update_profile(agent=seat.agent, language=language, timezone_name=zone)
    page = (
        signed_in(seat.agent)
        .get(reverse("ui:ticket", args=[seat.workspace.slug, number]))
        .content.decode()
    )
    expected = format_datetime(T0, "short", tzinfo=ZoneInfo(zone), locale=language)
    assert f"<dd>{expected}</dd>" in page
    full = format_datetime(T0, "full", tzinfo=ZoneInfo(zone), locale=language)
    assert f'<time datetime="{T0.isoformat()}" title="{full}">' in page


def test_kolkata_is_five_and_a_half_hours_ahead(seat: Seat) -> None:
    number = ticket_at(seat, T0)
    agent_update_profile(agent=seat.agent, language="en", timezone_name="Asia/Kolkata")
    page = (
        signed_in(seat.agent)
        .get(reverse("ui:ticket", args=[seat.workspace.slug, number]))
        .content.decode()
    )
    assert "2:30\u202fPM" in page or "2:30 PM" in page


def test_the_workspace_zone_applies_without_a_profile_zone(
    seat_factory: Callable[..., Seat],
) -> None:
    seat = seat_factory(workspace=make_workspace(timezone="Asia/Kolkata"))
    number = ticket_at(seat, T0)
    page = (
        signed_in(seat.agent)
        .get(reverse("ui:ticket", args=[seat.workspace.slug, number]))
        .content.decode()
    )
    expected = format_datetime(T0, "short", tzinfo=ZoneInfo("Asia/Kolkata"), locale="en")
    assert f"<dd>{expected}</dd>" in page


def test_relative_times_in_the_agents_language(seat: Seat) -> None:
    number = ticket_at(seat, T0)
    agent_update_profile(agent=seat.agent, language="hi")
    with time_machine.travel(T0 + timedelta(hours=3), tick=False):
        page = (
            signed_in(seat.agent)
            .get(reverse("ui:inbox", args=[seat.workspace.slug]), {"view": "all"})
            .content.decode()
        )
    assert reverse("ui:ticket", args=[seat.workspace.slug, number]) in page
    assert "3 घंटे पहले" in page
