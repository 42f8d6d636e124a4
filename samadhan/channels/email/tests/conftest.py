"""Real mail servers for the email channel's tests.

``smtp_server_factory`` starts an aiosmtpd server on 127.0.0.1 that records every
message it accepts and can be told to answer chosen SMTP codes (a 421 to the
next DATA, a 550 to a recipient) — the way a real relay fails. With ``tls=True``
it offers STARTTLS with a throwaway self-signed certificate (trusted through
``SSL_CERT_FILE`` for the test) and only accepts AUTH after it.

Other fixtures may be appended below; keep each one self-contained.
"""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer  # noqa: N811 - aiosmtpd's name
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.data, policy=default_policy)


@dataclass
class SmtpRecorder:
    """What the server received and how it should answer next."""

    host: str
    port: int
    received: list[Received] = field(default_factory=list)
    # Answers for the next DATA commands, in order ("421 ..." then "250 ..." ...).
    data_replies: list[str] = field(default_factory=list)
    # Fixed answers for RCPT TO of these addresses (lower case), e.g. "550 5.1.1 No such user".
    rcpt_replies: dict[str, str] = field(default_factory=dict)
    logins: list[str] = field(default_factory=list)
    tls_sessions: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def messages(self) -> list[EmailMessage]:
        return [r.message for r in self.received]


class _Handler:
    def __init__(self, recorder: SmtpRecorder) -> None:
        self.recorder = recorder

    async def handle_RCPT(  # noqa: N802 - aiosmtpd hook name
        self, server: SMTPServer, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        reply = self.recorder.rcpt_replies.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 - aiosmtpd hook name
        self, server: SMTPServer, session: Session, envelope: Envelope
    ) -> str:
        with self.recorder.lock:
            if server.transport is not None and server.transport.get_extra_info("ssl_object"):
                self.recorder.tls_sessions += 1
            if self.recorder.data_replies:
                return self.recorder.data_replies.pop(0)
            content = envelope.original_content or b""
            self.recorder.received.append(
                Received(
                    mail_from=str(envelope.mail_from),
                    rcpt_tos=list(envelope.rcpt_tos),
                    data=content if isinstance(content, bytes) else content.encode(),
                )
            )
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def smtp_tls_cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1/localhost (cert, key), made with openssl."""
    folder = tmp_path_factory.mktemp("smtp-tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    openssl = shutil.which("openssl")
    assert openssl, "the tests need the openssl command"
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            openssl,
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


SmtpServerFactory = Callable[..., SmtpRecorder]


@pytest.fixture
def smtp_server_factory(
    smtp_tls_cert: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> Iterator[SmtpServerFactory]:
    controllers: list[Controller] = []

    def start(
        *, tls: bool = False, implicit_tls: bool = False, login: tuple[str, str] | None = None
    ) -> SmtpRecorder:
        """``tls``: STARTTLS required; ``implicit_tls``: TLS from the first byte (port 465)."""
        recorder = SmtpRecorder(host="127.0.0.1", port=_free_port())
        kwargs: dict[str, Any] = {}
        if tls or implicit_tls:
            cert, key = smtp_tls_cert
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(str(cert), str(key))
            if implicit_tls:
                kwargs.update(ssl_context=context)
            else:
                kwargs.update(tls_context=context, require_starttls=True)
            # Our client trusts the throwaway certificate only in this test.
            monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        if login is not None:

            def authenticate(
                server: SMTPServer, session: Session, envelope: Envelope, mechanism: str, data: Any
            ) -> AuthResult:
                ok = (
                    isinstance(data, LoginPassword)
                    and (
                        data.login.decode(),
                        data.password.decode(),
                    )
                    == login
                )
                if ok:
                    recorder.logins.append(data.login.decode())
                return AuthResult(success=ok, handled=False)

            kwargs.update(
                authenticator=authenticate,
                auth_required=True,
                # aiosmtpd counts only STARTTLS as TLS; implicit TLS is encrypted anyway.
                auth_require_tls=tls,
            )
        controller = Controller(
            _Handler(recorder), hostname=recorder.host, port=recorder.port, **kwargs
        )
        controller.start()
        controllers.append(controller)
        return recorder

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def smtp_server(smtp_server_factory: SmtpServerFactory) -> SmtpRecorder:
    """A plain SMTP server without authentication."""
    return smtp_server_factory()
