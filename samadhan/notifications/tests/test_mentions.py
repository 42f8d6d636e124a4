"""@mentions in internal notes: who is notified, the timeline, and the email."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.mail import EmailMessage
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from samadhan.accounts.models import Agent, Membership, Role
from samadhan.accounts.services import agent_create, membership_deactivate, membership_set
from samadhan.core.domain_events import EventType
from samadhan.core.tests.workers import run_db_worker
from samadhan.notifications.models import Notification, NotificationKind
from samadhan.notifications.services import notification_mark_read, notification_send_email
from samadhan.notifications.tasks import notification_email
from samadhan.notifications.tests.catalog import write_catalog
from samadhan.testing.events import capture_events
from samadhan.testing.factories import make_ticket, make_workspace
from samadhan.tickets.models import MessageKind, Ticket, TicketEvent
from samadhan.tickets.services.message import message_create
from samadhan.tickets.timeline import Author
from samadhan.workspaces.models import Workspace

HINDI = {
    "Hello %(name)s,": "नमस्ते %(name)s,",
    "Someone": "कोई",
    "%(actor_name)s mentioned you in an internal note on ticket #%(number)s (%(subject)s):": (
        "%(actor_name)s ने टिकट #%(number)s (%(subject)s) के आंतरिक नोट में आपका उल्लेख किया:"
    ),
    "Open the ticket:": "टिकट खोलें:",
    "%(name)s mentioned you on ticket #%(number)s": (
        "%(name)s ने टिकट #%(number)s पर आपका उल्लेख किया"
    ),
}
LATVIAN = {
    "Hello %(name)s,": "Sveiki, %(name)s,",
    "%(name)s mentioned you on ticket #%(number)s": "%(name)s jūs pieminēja pieteikumā #%(number)s",
}


@pytest.fixture
def office(db: None, settings: Settings, tmp_path: Path) -> dict[str, Any]:
    """A Latvian-default workspace: a writer, a Hindi reader, a reader with no language."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SAMADHAN = {**settings.SAMADHAN, "PUBLIC_URL": "https://help.example.test"}
    write_catalog(tmp_path, "hi", HINDI)
    write_catalog(tmp_path, "lv", LATVIAN)
    settings.LOCALE_PATHS = [tmp_path]
    workspace = make_workspace(slug="acme", default_language="lv")

    def agent(handle: str, name: str, language: str, role: Role = Role.AGENT) -> Agent:
        made = agent_create(
            email=f"{handle}@acme.test", name=name, handle=handle, language=language, password=None
        )
        membership_set(workspace=workspace, agent=made, role=role)
        return made

    return {
        "workspace": workspace,
        "writer": agent("asha", "Asha D'Souza & Co", "en"),
        "kiran": agent("kiran", "Kiran", "hi"),
        "liga": agent("liga", "Līga", ""),
        "ticket": make_ticket(workspace, subject="Pasūtījums <42>"),
    }


def _note(office: dict[str, Any], text: str, kind: MessageKind = MessageKind.NOTE) -> Any:
    return message_create(
        ticket=office["ticket"], author=Author.of_agent(office["writer"]), kind=kind, body_text=text
    )


def test_mentions_notify_members_only_and_write_one_event(
    office: dict[str, Any], django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    workspace: Workspace = office["workspace"]
    stranger = agent_create(email="x@else.test", name="X", handle="stranger")
    membership_set(workspace=make_workspace(), agent=stranger, role=Role.AGENT)
    gone = agent_create(email="gone@acme.test", name="Gone", handle="gone")
    membership_set(workspace=workspace, agent=gone, role=Role.AGENT)
    Membership.objects.filter(agent=gone).update(is_active=False)
    text = (
        "@Kiran @liga, @stranger @gone @asha @nobody: mail asha@kiran.test — see also @kiran again"
    )

    with capture_events() as events, django_capture_on_commit_callbacks(execute=False):
        note = _note(office, text)

    notified = Notification.objects.filter(workspace=workspace).order_by("agent__handle")
    assert [(n.agent.handle, n.kind, n.ticket_id, n.message_id, n.actor_id) for n in notified] == [
        ("kiran", NotificationKind.MENTION, office["ticket"].pk, note.pk, office["writer"].pk),
        ("liga", NotificationKind.MENTION, office["ticket"].pk, note.pk, office["writer"].pk),
    ]
    event = TicketEvent.objects.filter(ticket=office["ticket"], kind="mention").get()
    assert (event.actor_kind, event.actor_agent_id) == ("agent", office["writer"].pk)
    assert event.data == {
        "agent_ids": sorted([office["kiran"].pk, office["liga"].pk]),
        "message_id": note.pk,
    }
    assert events == []  # nothing before commit (callbacks not executed)


def test_mention_domain_events_after_commit(
    office: dict[str, Any], django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        note = _note(office, "@kiran")
    mentions = [e.payload for e in events if e.type == EventType.AGENT_MENTIONED]
    assert mentions == [
        {
            "agent_id": office["kiran"].pk,
            "ticket_number": office["ticket"].number,
            "message_id": note.pk,
            "by_agent_id": office["writer"].pk,
        }
    ]


def test_public_replies_do_not_notify(office: dict[str, Any]) -> None:
    _note(office, "@kiran will call you", kind=MessageKind.OUTBOUND)
    assert not Notification.objects.exists()
    assert not TicketEvent.objects.filter(kind="mention").exists()


def test_email_is_in_the_recipients_language(
    office: dict[str, Any], mailoutbox: list[EmailMessage]
) -> None:
    _note(office, "@kiran @liga कृपया देखें <b>now</b>")
    ticket: Ticket = office["ticket"]
    for notification in Notification.objects.order_by("agent__handle"):
        assert notification_send_email(notification_id=notification.pk) is True

    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["kiran@acme.test"], f"Asha D'Souza & Co ने टिकट #{ticket.number} पर आपका उल्लेख किया"),
        (["liga@acme.test"], f"Asha D'Souza & Co jūs pieminēja pieteikumā #{ticket.number}"),
    ]
    assert mailoutbox[0].body == (
        "नमस्ते Kiran,\n\n"
        f"Asha D'Souza & Co ने टिकट #{ticket.number} (Pasūtījums <42>) के आंतरिक नोट में "
        "आपका उल्लेख किया:\n\n"
        "@kiran @liga कृपया देखें <b>now</b>\n\n"
        f"टिकट खोलें: https://help.example.test/t/acme/{ticket.number}\n\n"
        "— Samadhan, Acme\n\n"
    )
    # Līga has no language of her own: the workspace's (Latvian), English where untranslated.
    assert mailoutbox[1].body.startswith("Sveiki, Līga,\n\nAsha D'Souza & Co mentioned you in")


def test_sending_twice_sends_one_email(
    office: dict[str, Any], mailoutbox: list[EmailMessage]
) -> None:
    _note(office, "@kiran")
    notification = Notification.objects.get()
    assert notification_email.call(notification_id=notification.pk) is True
    assert notification_email.call(notification_id=notification.pk) is False
    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_mark_read_only_touches_own_unread(office: dict[str, Any]) -> None:
    _note(office, "@kiran @liga")
    mine = Notification.objects.get(agent=office["kiran"])
    theirs = Notification.objects.get(agent=office["liga"])
    assert notification_mark_read(agent=office["kiran"], ids=[mine.pk, theirs.pk]) == 1
    assert notification_mark_read(agent=office["kiran"], ids=[mine.pk]) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.django_db(transaction=True)
def test_worker_sends_the_mention_email_once(
    office: dict[str, Any], mailoutbox: list[EmailMessage]
) -> None:
    from django_tasks_db.models import DBTaskResult

    _note(office, "@kiran")  # commits: the email task is enqueued for real
    task = DBTaskResult.objects.get()
    assert (task.task_path, task.args_kwargs["kwargs"], task.status) == (
        "samadhan.notifications.tasks.notification_email",
        {"notification_id": Notification.objects.get().pk},
        "READY",
    )

    run_db_worker()
    run_db_worker()

    task.refresh_from_db()
    assert (task.status, task.return_value) == ("SUCCESSFUL", True)
    number = office["ticket"].number
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["kiran@acme.test"], f"Asha D'Souza & Co ने टिकट #{number} पर आपका उल्लेख किया")
    ]


def test_collaborators_are_notified_only_on_tickets_of_their_teams(office: dict[str, Any]) -> None:
    from samadhan.accounts.services import team_create
    from samadhan.tickets.services.ticket import TicketChanges, ticket_update

    workspace: Workspace = office["workspace"]
    helper = agent_create(email="meera@acme.test", name="Meera", handle="meera")
    membership_set(workspace=workspace, agent=helper, role=Role.COLLABORATOR)
    ticket: Ticket = office["ticket"]

    _note(office, "@meera can you check the invoice?")
    assert not Notification.objects.filter(agent=helper).exists()

    team = team_create(workspace=workspace, name="Billing", members=[helper])
    ticket_update(
        ticket=ticket,
        author=Author.of_agent(office["writer"]),
        changes=TicketChanges(team_id=team.pk, set_team=True),
    )
    _note(office, "@meera now it is your team's ticket")
    assert Notification.objects.filter(agent=helper).count() == 1


def test_no_email_goes_to_an_agent_deactivated_after_the_mention(
    office: dict[str, Any], mailoutbox: list[EmailMessage]
) -> None:
    _note(office, "@kiran please call the customer")
    notification = Notification.objects.get(agent=office["kiran"])
    membership_deactivate(workspace=office["workspace"], agent=office["kiran"])

    assert notification_send_email(notification_id=notification.pk) is False
    assert notification_send_email(notification_id=notification.pk) is False
    assert mailoutbox == []
    notification.refresh_from_db()
    assert notification.emailed_at is not None
