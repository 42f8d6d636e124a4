"""Signing in and out, brute-force limits, password reset, landing and workspace isolation."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse
from django.utils import translation

from samadhan.accounts.models import Agent, Role
from samadhan.accounts.services import agent_update_profile, membership_deactivate
from samadhan.conftest import Seat
from samadhan.contacts.services import organization_create
from samadhan.testing.factories import make_agent, make_contact, make_ticket, make_workspace
from samadhan.ui.tests import PASSWORD, signed_in
from samadhan.ui.views.auth import LOGIN_LIMIT_PER_ACCOUNT, LOGIN_LIMIT_PER_IP, RESET_LIMIT_PER_IP

pytestmark = pytest.mark.django_db

LOGIN = reverse("ui:login")
WRONG = "not-the-password"


def log_in(client: Client, email: str, password: str, **extra: Any) -> Any:
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


def test_login_success_lands_in_the_workspace(seat: Seat) -> None:
    client = Client()
    response = log_in(client, seat.agent.email, PASSWORD, follow=True)
    assert response.redirect_chain == [
        (reverse("ui:start"), 302),
        (reverse("ui:inbox", args=[seat.workspace.slug]), 302),
    ]
    assert response.status_code == 200
    assert response.wsgi_request.user == seat.agent


def test_login_email_is_case_insensitive_and_next_is_followed(seat: Seat) -> None:
    target = reverse("ui:contacts", args=[seat.workspace.slug])
    response = Client().get(target)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={target}"
    response = Client().post(
        LOGIN, {"username": seat.agent.email.upper(), "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == target


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("agent@nowhere.test", PASSWORD),
        ("x" * 500, "y" * 5000),
        ("has spaces and\ttabs@example.test", PASSWORD),
        (None, WRONG),
    ],
)
def test_login_failure_shows_an_error(seat: Seat, email: str | None, password: str) -> None:
    client = Client()
    response = log_in(client, seat.agent.email if email is None else email, password)
    assert response.status_code == 200
    assert "That email and password do not match an active account." in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert client.get(reverse("ui:start")).status_code == 302


def test_login_with_empty_fields_asks_for_them(seat: Seat) -> None:
    response = log_in(Client(), "", "")
    assert response.status_code == 200
    assert "That email and password do not match an active account." in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_inactive_agent_cannot_log_in(seat: Seat) -> None:
    Agent.objects.filter(pk=seat.agent.pk).update(is_active=False)
    response = log_in(Client(), seat.agent.email, PASSWORD)
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_brute_force_on_one_account_is_stopped_with_429(seat: Seat) -> None:
    for _attempt in range(LOGIN_LIMIT_PER_ACCOUNT):
        assert log_in(Client(), seat.agent.email, WRONG).status_code == 200
    response = log_in(Client(), seat.agent.email, WRONG)
    assert response.status_code == 429
    assert "Too many sign-in attempts. Try again in" in response.content.decode()
    # Even the right password is refused until the window passes ...
    limited = log_in(Client(), seat.agent.email.upper(), PASSWORD)
    assert limited.status_code == 429
    assert not limited.wsgi_request.user.is_authenticated
    # ... and other accounts are not locked out by it.
    other = make_agent(seat.workspace)
    assert log_in(Client(), other.email, PASSWORD).status_code == 302


def test_brute_force_from_one_address_is_stopped_with_429(seat: Seat) -> None:
    for n in range(LOGIN_LIMIT_PER_IP):
        response = log_in(Client(), f"guess{n}@example.test", WRONG, REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 200
    response = log_in(Client(), seat.agent.email, PASSWORD, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    assert log_in(Client(), seat.agent.email, PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == (
        302
    )


def test_logout(seat: Seat) -> None:
    client = signed_in(seat.agent)
    inbox = reverse("ui:inbox", args=[seat.workspace.slug])
    assert client.get(inbox).status_code == 200
    response = client.post(reverse("ui:logout"))
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert client.get(inbox).status_code == 302


def test_password_reset_mail_in_the_agents_language_and_the_link_works(
    seat: Seat, monkeypatch: pytest.MonkeyPatch
) -> None:
    agent_update_profile(agent=seat.agent, language="hi")
    languages: list[str | None] = []
    send = EmailMessage.send

    def recording_send(self: EmailMessage, fail_silently: bool = False) -> int:
        languages.append(translation.get_language())
        return send(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", recording_send)
    client = Client(HTTP_ACCEPT_LANGUAGE="te")
    response = client.post(reverse("ui:password_reset"), {"email": seat.agent.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("ui:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [seat.agent.email]
    assert languages == ["hi"]
    with translation.override("hi"):
        assert message.subject == translation.gettext("Choose a new Samadhan password")
    link = re.search(r"https?://[^/\s]+(/\S+)", str(message.body))
    assert link is not None

    response = client.get(link.group(1), follow=True)
    assert response.status_code == 200
    set_password_url = response.redirect_chain[-1][0]
    new_password = "a-brand-new-Passphrase-42"
    response = client.post(
        set_password_url, {"new_password1": new_password, "new_password2": new_password}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("ui:password_reset_complete")
    assert log_in(Client(), seat.agent.email, new_password).status_code == 302
    assert log_in(Client(), seat.agent.email, PASSWORD).status_code == 200
    # The link is spent once used.
    response = client.get(link.group(1), follow=True)
    assert "new_password1" not in response.content.decode()


def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(seat: Seat) -> None:
    response = Client().post(reverse("ui:password_reset"), {"email": "who@nowhere.test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("ui:password_reset_done")
    assert mail.outbox == []


def test_password_reset_requests_are_rate_limited(seat: Seat) -> None:
    for _request in range(RESET_LIMIT_PER_IP):
        assert Client().post(
            reverse("ui:password_reset"), {"email": seat.agent.email}
        ).status_code == (302)
    response = Client().post(reverse("ui:password_reset"), {"email": seat.agent.email})
    assert response.status_code == 429
    assert "Too many reset requests." in response.content.decode()
    assert len(mail.outbox) == RESET_LIMIT_PER_IP


def test_a_bad_reset_link_is_not_a_500(seat: Seat) -> None:
    url = reverse("ui:password_reset_confirm", args=["Mg", "nonsense-token"])
    response = Client().get(url, follow=True)
    assert response.status_code == 200
    assert "new_password1" not in response.content.decode()


def test_start_goes_to_the_last_workspace_used(seat_factory: Callable[..., Seat]) -> None:
    first = seat_factory(workspace=make_workspace("aaa-first"))
    agent = first.agent
    second = make_workspace("zzz-second")
    from samadhan.accounts.services import membership_set

    membership_set(workspace=second, agent=agent, role=Role.AGENT)
    client = signed_in(agent)
    start = reverse("ui:start")
    # Never used a workspace: the first by name.
    assert client.get(start)["Location"] == reverse("ui:inbox", args=["aaa-first"])
    client.get(reverse("ui:contacts", args=["zzz-second"]))
    assert client.get(start)["Location"] == reverse("ui:inbox", args=["zzz-second"])
    client.get(reverse("ui:inbox", args=["aaa-first"]))
    assert client.get(start)["Location"] == reverse("ui:inbox", args=["aaa-first"])
    # Removed from the last one: back to one still open to the agent.
    client.get(reverse("ui:inbox", args=["zzz-second"]))
    membership_deactivate(workspace=second, agent=agent)
    assert client.get(start)["Location"] == reverse("ui:inbox", args=["aaa-first"])


def test_start_without_a_workspace_and_signed_out(db: None) -> None:
    lonely = Agent.objects.create_user(email="lonely@example.test", password=PASSWORD)
    response = signed_in(lonely).get(reverse("ui:start"))
    assert response.status_code == 200
    assert "ui/no_workspace.html" in [t.name for t in response.templates]
    response = Client().get(reverse("ui:start"))
    assert response.status_code == 302
    assert response["Location"] == LOGIN


def test_workspace_switcher_lists_only_own_workspaces(seat_factory: Callable[..., Seat]) -> None:
    mine = seat_factory(workspace=make_workspace("mine-one"))
    from samadhan.accounts.services import membership_set

    membership_set(workspace=make_workspace("mine-two"), agent=mine.agent, role=Role.AGENT)
    left = make_workspace("left-behind")
    membership_set(workspace=left, agent=mine.agent, role=Role.AGENT)
    membership_deactivate(workspace=left, agent=mine.agent)
    seat_factory(workspace=make_workspace("not-mine"))
    page = signed_in(mine.agent).get(reverse("ui:inbox", args=["mine-one"])).content.decode()
    menu = page[page.index('class="menu-body" role="menu"') :]
    menu = menu[: menu.index("</div>")]
    assert re.findall(r'href="/t/([^/]+)/"', menu) == ["mine-one", "mine-two"]


def test_another_workspaces_pages_are_404(seat_factory: Callable[..., Seat]) -> None:
    me = seat_factory()
    other = seat_factory()
    ticket = make_ticket(other.workspace)
    contact = make_contact(other.workspace)
    organization = organization_create(workspace=other.workspace, name="Theirs")
    client = signed_in(me.agent)
    slug = other.workspace.slug
    for name, args in [
        ("inbox", []),
        ("inbox_counts", []),
        ("ticket", [ticket.number]),
        ("ticket_new", []),
        ("contacts", []),
        ("contact", [contact.pk]),
        ("organizations", []),
        ("organization", [organization.pk]),
        ("settings", []),
    ]:
        assert client.get(reverse(f"ui:{name}", args=[slug, *args])).status_code == 404, name
    for name, args in [
        ("bulk", []),
        ("ticket_message", [ticket.number]),
        ("ticket_properties", [ticket.number]),
        ("ticket_merge", [ticket.number]),
    ]:
        assert client.post(reverse(f"ui:{name}", args=[slug, *args]), {}).status_code == 404
    assert client.get("/t/no-such-workspace/").status_code == 404
    # Their ticket's number in my own workspace is not theirs either.
    mine = reverse("ui:ticket", args=[me.workspace.slug, ticket.number])
    response = client.get(mine)
    assert response.status_code == 404
    assert ticket.subject not in response.content.decode()


def test_a_deactivated_member_gets_404(seat_factory: Callable[..., Seat]) -> None:
    admin = seat_factory()
    gone = seat_factory(workspace=admin.workspace, role=Role.AGENT)
    client = signed_in(gone.agent)
    inbox = reverse("ui:inbox", args=[admin.workspace.slug])
    assert client.get(inbox).status_code == 200
    membership_deactivate(workspace=admin.workspace, agent=gone.agent)
    assert client.get(inbox).status_code == 404


def test_the_login_page_sends_a_signed_in_agent_on(seat: Seat) -> None:
    response = signed_in(seat.agent).get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == reverse("ui:start")


def test_login_does_not_redirect_off_site(seat: Seat) -> None:
    response = Client().post(
        LOGIN,
        {"username": seat.agent.email, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("ui:start")
