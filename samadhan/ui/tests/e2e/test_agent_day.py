"""An agent works a Telugu ticket in the browser, end to end.

Labels are looked up through gettext in the agent's language, so the test
reads the page the way the agent does (in Telugu here) without hard-coding
either the English or the translated text.
"""

from __future__ import annotations

from pathlib import Path

import regex
from django.utils import translation
from playwright.sync_api import BrowserContext, expect

from samadhan.accounts.models import Agent
from samadhan.demo.people import STAFF_DOMAIN
from samadhan.notifications.models import Notification
from samadhan.tickets.models import Message, MessageKind, Status, Ticket
from samadhan.ui.tests.e2e.conftest import log_in, overflow_problems, set_password
from samadhan.workspaces.models import Workspace

TELUGU = regex.compile(r"\p{Telugu}")


def t(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def test_agent_solves_a_telugu_ticket(
    demo: Workspace, context: BrowserContext, artifacts: Path
) -> None:
    lakshmi = set_password(f"lakshmi@{STAFF_DOMAIN}")
    lang = lakshmi.language  # the demo's Lakshmi works in Telugu
    assert lang == "te"
    colleague = Agent.objects.get(email=f"srinivas@{STAFF_DOMAIN}")
    page = context.new_page()
    log_in(page, lakshmi.email)
    expect(page.locator("html")).to_have_attribute("lang", "te")

    # Filter the inbox: all tickets, open, in Telugu.
    page.goto(f"/t/{demo.slug}/?view=all")
    page.locator("details.panel > summary").click()
    filters = page.locator("details.panel form").first
    filters.get_by_label(t(lang, "Language"), exact=True).select_option("te")
    filters.get_by_label(t(lang, "Open"), exact=True).check()
    filters.get_by_role("button", name=t(lang, "Apply filters")).click()
    page.wait_for_url("**language=te**")
    rows = page.locator("tr[data-row-link]")
    expect(rows.first).to_be_visible()
    numbers = [int(n) for n in rows.evaluate_all("rs => rs.map(r => r.dataset.number)")]
    shown = Ticket.objects.filter(workspace=demo, number__in=numbers)
    assert {(x.language, x.status) for x in shown} == {("te", "open")}
    page.screenshot(path=str(artifacts / "journey-1-inbox-filtered-te.png"), full_page=True)

    # Open the first one and apply a macro: its Telugu text is posted.
    number = numbers[0]
    rows.first.locator("a.subject").click()
    page.wait_for_url(f"**/t/{demo.slug}/{number}/")
    ticket = Ticket.objects.get(workspace=demo, number=number)
    page.get_by_label(t(lang, "Macro"), exact=True).select_option(label="Ask for order number")
    page.get_by_role("button", name=t(lang, "Apply macro")).click()
    page.wait_for_load_state()
    reply = Message.objects.filter(ticket=ticket).order_by("-id").first()
    assert reply is not None
    assert reply.kind == MessageKind.OUTBOUND
    assert TELUGU.search(reply.body_text)
    expect(page.locator(f"#m{reply.pk} .body")).to_contain_text(reply.body_text.split("\n")[0])

    # An internal note mentioning a colleague, picked from the @ suggestions.
    page.get_by_label(t(lang, "Internal note")).check()
    box = page.locator("#composer-body")
    box.click()
    box.press_sequentially("@sriniv")
    option = page.locator("#mention-list li").first
    expect(option).to_contain_text(colleague.name)
    box.press("Enter")
    box.press_sequentially("ఈ కస్టమర్‌కు రేపు కాల్ చేయండి.")
    expect(box).to_have_value(f"@{colleague.handle} ఈ కస్టమర్‌కు రేపు కాల్ చేయండి.")
    box.press("Control+Enter")
    page.wait_for_load_state()
    note = Message.objects.filter(ticket=ticket, kind=MessageKind.NOTE).order_by("-id").first()
    assert note is not None
    assert note.body_text == f"@{colleague.handle} ఈ కస్టమర్‌కు రేపు కాల్ చేయండి."
    expect(page.locator(f"#m{note.pk}.note")).to_be_visible()
    assert Notification.objects.filter(agent=colleague, message=note).exists()

    # Solve it from the properties panel.
    page.get_by_label(t(lang, "Status"), exact=True).select_option("solved")
    page.get_by_role("button", name=t(lang, "Save"), exact=True).click()
    page.wait_for_load_state()
    ticket.refresh_from_db()
    assert ticket.status == Status.SOLVED
    expect(page.locator(".page-head .badge").first).to_have_text(t(lang, "Solved"))
    page.screenshot(path=str(artifacts / "journey-2-ticket-solved-te.png"), full_page=True)
    assert overflow_problems(page) == []


def test_agent_switches_the_interface_to_marathi(demo: Workspace, context: BrowserContext) -> None:
    agent = set_password(f"sameer@{STAFF_DOMAIN}")
    page = context.new_page()
    log_in(page, agent.email)
    page.goto("/me/")
    page.get_by_label(t(agent.language or "en", "Language of the interface")).select_option("mr")
    page.get_by_role("button", name=t(agent.language or "en", "Save"), exact=True).click()
    page.wait_for_load_state()
    agent.refresh_from_db()
    assert agent.language == "mr"
    page.goto(f"/t/{demo.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "mr")
    for label in ("Mine", "Unassigned", "All open"):
        marathi = t("mr", label)
        assert marathi != label, f"{label!r} has no Marathi translation"
        expect(page.locator(".sidenav").get_by_text(marathi, exact=True)).to_be_visible()
