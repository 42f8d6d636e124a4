"""The demo workspace, loaded once per class through ``samadhan demo`` on the real database."""

from __future__ import annotations

import datetime
import io
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.test import TestCase, override_settings
from django.utils import timezone

from samadhan.accounts.models import Agent, Membership, Skill, Team
from samadhan.channels.models import Inbox
from samadhan.contacts.models import Contact, Organization
from samadhan.demo.macros import MACROS
from samadhan.demo.plan import LANGUAGES, Step, TicketPlan, ticket_plans
from samadhan.demo.scenario import Script, slot_names
from samadhan.kb.models import Article, ArticleTranslation, ArticleVersion, CategoryTranslation
from samadhan.notifications.models import Notification
from samadhan.tickets.macros import PLACEHOLDERS
from samadhan.tickets.models import (
    CustomField,
    Macro,
    MacroTranslation,
    Message,
    Status,
    Ticket,
    TicketEvent,
)
from samadhan.workspaces.models import Workspace

LOGIN_PREFIX = "Log in at http://127.0.0.1:8000/login/ as admin@demo.samadhan.test"


def _demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def _snapshot() -> dict[str, int]:
    return {
        "workspaces": Workspace.objects.count(),
        "agents": Agent.objects.count(),
        "memberships": Membership.objects.count(),
        "teams": Team.objects.count(),
        "skills": Skill.objects.count(),
        "inboxes": Inbox.objects.count(),
        "organizations": Organization.objects.count(),
        "contacts": Contact.objects.count(),
        "tickets": Ticket.objects.count(),
        "messages": Message.objects.count(),
        "events": TicketEvent.objects.count(),
        "macros": Macro.objects.count(),
        "macro_texts": MacroTranslation.objects.count(),
        "fields": CustomField.objects.count(),
        "notifications": Notification.objects.count(),
        "articles": Article.objects.count(),
        "article_versions": ArticleVersion.objects.count(),
    }


def _plan(language: str, script: Script, status: Status) -> TicketPlan:
    return next(
        p
        for p in ticket_plans(today=timezone.localdate())
        if p.language == language and p.scenario.script == script and p.status == status
    )


# PBKDF2 would double the run time for one password.
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DemoWorkspaceTests(TestCase):
    first_output: str

    @classmethod
    def setUpTestData(cls) -> None:
        cls.first_output = _demo()

    def test_the_workspace_and_its_people(self) -> None:
        workspace = Workspace.objects.get(slug="demo")
        assert workspace.languages == ["en", "hi", "mr", "te", "lv"]
        assert workspace.default_language == "en"
        assert workspace.timezone == "Asia/Kolkata"
        roles = Counter(
            Membership.objects.filter(workspace=workspace).values_list("role", flat=True)
        )
        assert roles == {"owner": 1, "admin": 1, "manager": 1, "agent": 6, "collaborator": 1}
        teams = dict(
            Team.objects.filter(workspace=workspace)
            .annotate(n=Count("members"))
            .values_list("name", "n")
        )
        assert teams == {"Orders & Delivery": 5, "Payments & Warranty": 4}
        languages = Skill.objects.filter(workspace=workspace, kind="language")
        assert sorted(languages.values_list("value", flat=True)) == sorted(LANGUAGES)
        assert set(Inbox.objects.filter(workspace=workspace).values_list("kind", flat=True)) == {
            "api",
            "web_form",
        }
        assert Organization.objects.filter(workspace=workspace).count() == 5
        per_language = Counter(
            Contact.objects.filter(workspace=workspace).values_list("language", flat=True)
        )
        assert per_language == dict.fromkeys(LANGUAGES, 12)
        # Every customer has a history with the shop.
        assert not Contact.objects.filter(workspace=workspace, tickets__isnull=True).exists()

    def test_tickets_in_every_status_and_language(self) -> None:
        tickets = Ticket.objects.filter(workspace__slug="demo")
        assert tickets.count() == 300
        assert Counter(tickets.values_list("status", flat=True)) == dict.fromkeys(Status.values, 50)
        assert Counter(tickets.values_list("language", flat=True)) == dict.fromkeys(LANGUAGES, 60)
        assert Counter(tickets.values_list("channel", flat=True)) == {"api": 200, "web_form": 100}
        assert not tickets.filter(status=Status.NEW, assignee__isnull=False).exists()
        assert not tickets.exclude(status=Status.NEW).filter(assignee__isnull=True).exists()
        messages = Message.objects.filter(ticket__workspace__slug="demo")
        assert Counter(messages.values_list("kind", flat=True)) == {
            "inbound": 586,
            "outbound": 350,
            "note": 100,
        }
        # Every internal note mentions a colleague, who is notified.
        assert Notification.objects.filter(workspace__slug="demo").count() == 100
        assert not messages.filter(body_text__contains="{").exists()
        assert tickets.filter(custom_fields__has_key="order_number").count() > 100
        assert tickets.filter(custom_fields__under_warranty=True).count() == 25

    def test_conversations_have_a_believable_past(self) -> None:
        now = timezone.now()
        tickets = list(Ticket.objects.filter(workspace__slug="demo"))
        for ticket in tickets:
            times = list(
                Message.objects.filter(ticket=ticket)
                .order_by("id")
                .values_list("created_at", flat=True)
            )
            assert times == sorted(times), ticket.number
            assert ticket.created_at == times[0] <= ticket.updated_at <= now
            if ticket.first_response_at is not None:
                assert ticket.created_at < ticket.first_response_at <= ticket.updated_at
        # Spread over days, closed ones older than new ones, replies minutes apart.
        ages = {t.number: now - t.created_at for t in tickets}
        assert max(ages.values()) - min(ages.values()) > datetime.timedelta(days=5)
        oldest_new = max(ages[t.number] for t in tickets if t.status == Status.NEW)
        youngest_closed = min(ages[t.number] for t in tickets if t.status == Status.CLOSED)
        assert oldest_new < youngest_closed

    def test_macros_speak_all_five_languages(self) -> None:
        macros = Macro.objects.filter(workspace__slug="demo")
        assert sorted(macros.values_list("name", flat=True)) == sorted(m.name for m in MACROS)
        for macro in macros:
            assert sorted(macro.translations.values_list("language", flat=True)) == sorted(
                LANGUAGES
            )
        for spec in MACROS:
            for text in spec.texts.values():
                used = {s.strip() for s in text.split("{{")[1:]}
                assert {u.split("}}")[0].strip() for u in used} <= set(PLACEHOLDERS)
        fields = CustomField.objects.filter(workspace__slug="demo")
        assert sorted(fields.values_list("key", flat=True)) == [
            "order_number",
            "product",
            "purchase_date",
            "under_warranty",
        ]

    def test_a_help_center_in_five_languages(self) -> None:
        workspace = Workspace.objects.get(slug="demo")
        assert Article.objects.filter(workspace=workspace).count() == 42
        published = ArticleTranslation.objects.filter(workspace=workspace, status="published")
        assert dict(
            published.values_list("language").annotate(n=Count("id")).order_by("language")
        ) == {"en": 42, "hi": 42, "lv": 42, "mr": 42, "te": 42}
        names = CategoryTranslation.objects.filter(
            workspace=workspace, category__key="orders-delivery"
        )
        assert dict(names.values_list("language", "name")) == {
            "en": "Orders and delivery",
            "hi": "ऑर्डर और डिलीवरी",
            "mr": "ऑर्डर आणि डिलिव्हरी",
            "te": "ఆర్డర్లు, డెలివరీ",
            "lv": "Pasūtījumi un piegāde",
        }
        assert published.get(article__key="cancel-order", language="hi").slug == ("ऑर्डर-कैसे-रद्द-करें")

    def test_the_first_run_prints_a_working_generated_login(self) -> None:
        lines = self.first_output.splitlines()
        assert lines[0].startswith("Loaded the demo workspace “Sitara Home Store” (demo) in ")
        assert lines[0].endswith(" s (tickets: 300, contacts: 60, agents: 10, macros: 6).")
        assert lines[1].startswith(f"{LOGIN_PREFIX} / ")
        password = lines[1].removeprefix(f"{LOGIN_PREFIX} / ")
        assert len(password) >= 16
        owner = Agent.objects.get(email="admin@demo.samadhan.test")
        assert password not in owner.password
        assert authenticate(email=owner.email, password=password) == owner
        assert Membership.objects.get(agent=owner).role == "owner"

    def test_a_second_run_creates_nothing_and_prints_the_login_again(self) -> None:
        before = _snapshot()

        output = _demo()

        assert _snapshot() == before
        assert output.splitlines() == [
            "The demo workspace “Sitara Home Store” (demo) is already loaded; nothing was added.",
            (
                f"{LOGIN_PREFIX} with its existing password (the demo printed it when it created "
                "this login; run again with --admin-password to set a new one)."
            ),
        ]

    def test_admin_password_resets_the_login(self) -> None:
        before = _snapshot()

        output = _demo("--admin-password", "mango-lassi-42")

        assert _snapshot() == before
        assert output.splitlines()[1:] == [
            f"{LOGIN_PREFIX} / mango-lassi-42",
            "The password of admin@demo.samadhan.test was changed.",
        ]
        owner = authenticate(email="admin@demo.samadhan.test", password="mango-lassi-42")
        assert owner is not None

    def test_unicode_is_stored_exactly_as_written(self) -> None:
        for language in ("te", "hi", "mr", "lv"):
            plan = _plan(language, Script.NATIVE, Status.CLOSED)
            opening = Message.objects.get(external_id=plan.external_id)
            assert opening.body_text.encode() == plan.opening.encode()
            ticket = opening.ticket
            assert ticket.subject == plan.subject
            handles = dict(Agent.objects.values_list("email", "handle"))
            handles = {email.split("@")[0]: handle for email, handle in handles.items()}
            expected = plan.text(Step.RESOLUTION, ticket_number=ticket.number, handles=handles)
            resolution = ticket.messages.filter(kind="outbound").order_by("id").last()
            assert resolution is not None
            assert resolution.body_text.encode() == expected.encode()

    def test_customers_write_the_way_real_customers_do(self) -> None:
        romanised = _plan("hi", Script.ROMANISED, Status.NEW)
        assert "mera order abhi tak nahi aaya" in romanised.subject
        assert Ticket.objects.filter(subject="mera order abhi tak nahi aaya").count() == 6
        plain = Message.objects.get(
            external_id=_plan("lv", Script.NO_DIACRITICS, Status.OPEN).external_id
        )
        assert not set("āčēģīķļņšūž") & set(plain.body_text)
        # ...while the agents answer them with proper diacritics.
        reply = plain.ticket.messages.filter(kind="outbound").first()
        assert reply is not None
        assert "Ar cieņu" in reply.body_text

    def test_every_scenario_only_uses_known_slots(self) -> None:
        known = {"name", "agent", "order", "product", "amount", "date", "eta", "bought"}
        known |= {"tracking", "ref", "city", "ticket", "@lead", "@neha", "@karlis", "@ilze"}
        for plan in ticket_plans(today=timezone.localdate()):
            scenario = plan.scenario
            for step in ("subject", "opening", "reply", "follow", "note", "resolution", "thanks"):
                assert slot_names(getattr(scenario, step)) <= known, (scenario.key, step)
            assert "{@" in scenario.note, scenario.key


def test_a_short_password_is_refused() -> None:
    with pytest.raises(CommandError, match="at least 8 characters"):
        _demo("--admin-password", "short")


def test_a_bad_slug_is_refused() -> None:
    with pytest.raises(CommandError, match="not a valid workspace slug"):
        _demo("--workspace", "no spaces please")


def test_a_bad_email_is_refused() -> None:
    with pytest.raises(CommandError, match="not-an-email is not a valid email address"):
        _demo("--admin-email", "not-an-email")
