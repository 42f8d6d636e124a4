"""Outbound email over STARTTLS and implicit TLS, with login; untrusted certificates refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django import DjangoCaptureOnCommitCallbacks

from samadhan.accounts.models import Agent
from samadhan.channels.email.models import Security
from samadhan.channels.email.outbound import (
    email_message_deliver,
)
from samadhan.channels.email.tests.conftest import SmtpServerFactory
from samadhan.channels.email.tests.outbound.support import (
    agent_reply,
    customer_ticket,
    email_inbox,
    settings_change,
)
from samadhan.tickets.models import (
    DeliveryStatus,
)
from samadhan.workspaces.models import Workspace

pytestmark = pytest.mark.django_db


def test_starttls_and_login(
    office: tuple[Workspace, Agent],
    smtp_server_factory: SmtpServerFactory,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, agent = office
    server = smtp_server_factory(tls=True, login=("mailer", "s3cret"))
    inbox = email_inbox(
        workspace,
        server,
        smtp_security=Security.STARTTLS,
        smtp_username="mailer",
        smtp_password="s3cret",
    )
    ticket = customer_ticket(workspace, inbox, django_capture_on_commit_callbacks)
    reply = agent_reply(ticket, agent, django_capture_on_commit_callbacks)

    assert email_message_deliver(message_id=reply.pk).status == DeliveryStatus.SENT
    assert (server.tls_sessions, server.logins, len(server.received)) == (1, ["mailer"], 1)

    # A wrong password is a 535: terminal, visible, not retried.
    settings_change(inbox, smtp_password="wrong")
    again = agent_reply(ticket, agent, django_capture_on_commit_callbacks, "Another one.")
    result = email_message_deliver(message_id=again.pk)
    assert (result.status, result.retry_in) == (DeliveryStatus.FAILED, None)
    assert result.error.startswith("535 ")


# aiosmtpd only counts STARTTLS as TLS and warns about AUTH over the implicit-TLS port.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_implicit_tls(
    office: tuple[Workspace, Agent],
    smtp_server_factory: SmtpServerFactory,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, agent = office
    server = smtp_server_factory(implicit_tls=True, login=("mailer", "s3cret"))
    inbox = email_inbox(
        workspace,
        server,
        smtp_security=Security.SSL,
        smtp_username="mailer",
        smtp_password="s3cret",
    )
    ticket = customer_ticket(workspace, inbox, django_capture_on_commit_callbacks)
    reply = agent_reply(ticket, agent, django_capture_on_commit_callbacks)
    assert email_message_deliver(message_id=reply.pk).status == DeliveryStatus.SENT
    assert (server.tls_sessions, server.logins, len(server.received)) == (1, ["mailer"], 1)


def test_starttls_refuses_an_untrusted_certificate(
    office: tuple[Workspace, Agent],
    smtp_server_factory: SmtpServerFactory,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    workspace, agent = office
    server = smtp_server_factory(tls=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "no-such-ca.pem"))
    inbox = email_inbox(workspace, server, smtp_security=Security.STARTTLS)
    ticket = customer_ticket(workspace, inbox, django_capture_on_commit_callbacks)
    reply = agent_reply(ticket, agent, django_capture_on_commit_callbacks)
    result = email_message_deliver(message_id=reply.pk)
    assert (result.status, server.received) == (DeliveryStatus.FAILED, [])
    assert "certificate verify failed" in result.error
