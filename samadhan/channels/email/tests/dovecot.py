"""Real mail servers for the email tests: Debian's dovecot, and our own ``smtpd`` listener.

``./test`` installs the ``dovecot-imapd`` package. Each server gets its own directory
(config, passwd file, maildirs, sockets, log), listens on 127.0.0.1 on a free port,
accepts plain-text logins (loopback only) and is killed when the fixture ends.
"""

from __future__ import annotations

import asyncio
import grp
import json
import logging
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from imap_tools import MailBoxUnencrypted

from samadhan.channels.email.services import EmailSettingsChanges, email_inbox_create
from samadhan.channels.email.smtpd import serve
from samadhan.channels.models import Inbox
from samadhan.workspaces.models import Workspace

DOVECOT = "/usr/sbin/dovecot"

_CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2
auth_failure_delay = 0
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = 1
mail_location = maildir:{root}/mail/%u
{capability}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
passdb {{
  driver = oauth2
  mechanisms = xoauth2
  args = {root}/oauth2.conf.ext
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {ssl_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
"""


_OAUTH2 = """\
introspection_url = http://127.0.0.1:{port}/introspect
introspection_mode = auth
username_attribute = username
active_attribute = active
active_value = true
"""


class _TokenServer(ThreadingHTTPServer):
    """The OAuth2 provider's token introspection: dovecot asks it about XOAUTH2 tokens."""

    tokens: dict[str, str]


class _Introspect(BaseHTTPRequestHandler):
    server: _TokenServer

    def do_GET(self) -> None:
        token = self.headers.get("Authorization", "").removeprefix("Bearer ")
        user = self.server.tokens.get(token)
        body = json.dumps({"active": True, "username": user} if user else {"active": False})
        self.send_response(200 if user else 401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, format: str, *args: Any) -> None:
        return


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Dovecot:
    """A running dovecot; ``users`` maps login to password."""

    root: Path
    port: int  # plain IMAP, STARTTLS offered
    ssl_port: int  # IMAP over TLS
    cert: Path  # the server's self-signed certificate (trust it with SSL_CERT_FILE)
    process: subprocess.Popen[bytes]
    users: dict[str, str] = field(default_factory=dict)
    # XOAUTH2 access tokens the provider accepts: token -> user (tests add to it).
    tokens: dict[str, str] = field(default_factory=dict)
    host: str = "127.0.0.1"

    def mailbox(self, user: str, folder: str = "INBOX") -> MailBoxUnencrypted:
        """A logged-in imap-tools client, for the test's own looks into the mailbox."""
        return MailBoxUnencrypted(self.host, self.port, timeout=10).login(
            user, self.users[user], initial_folder=folder
        )

    def deliver(self, user: str, raw: bytes, folder: str = "INBOX") -> None:
        """Put a message into a user's mailbox the way an MTA's delivery would (IMAP APPEND)."""
        with self.mailbox(user, folder) as mailbox:
            mailbox.append(raw, folder, dt=None, flag_set=())

    def uids(self, user: str, folder: str = "INBOX", criteria: str = "ALL") -> list[str]:
        with self.mailbox(user, folder) as mailbox:
            return mailbox.uids(criteria)

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""


def _self_signed(root: Path) -> None:
    """A throwaway certificate for 127.0.0.1 (an EC key: quick to make)."""
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            "/usr/bin/openssl", "req", "-x509", "-newkey", "ec",
            "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", str(root / "key.pem"), "-out", str(root / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip


def _accounts() -> tuple[str, str, str, int, int]:
    """Who dovecot's processes run as: the package's users when root, else ourselves."""
    if os.getuid() == 0:
        internal = pwd.getpwnam("dovecot")
        login = pwd.getpwnam("dovenull")
        # Mail is owned by the unprivileged dovecot user: dovecot refuses uid 0 for mail.
        group = grp.getgrgid(internal.pw_gid).gr_name
        return internal.pw_name, group, login.pw_name, internal.pw_uid, internal.pw_gid
    me = pwd.getpwuid(os.getuid())
    return me.pw_name, grp.getgrgid(me.pw_gid).gr_name, me.pw_name, me.pw_uid, me.pw_gid


@contextmanager
def run_dovecot(users: dict[str, str], *, idle: bool = True) -> Iterator[Dovecot]:
    """Start dovecot in a fresh directory, wait until it answers, stop and remove it after."""
    if not os.access(DOVECOT, os.X_OK):
        pytest.fail("dovecot is not installed: run the suite with ./test (apt dovecot-imapd)")
    # Not pytest's tmp_path: dovecot's unprivileged processes must reach the passwd file
    # (pytest's base directory is private to us), and socket paths must stay short.
    root = Path(tempfile.mkdtemp(prefix="samadhan-dovecot-"))
    internal_user, internal_group, login_user, uid, gid = _accounts()
    for sub in ("run", "state", "mail", "home"):
        (root / sub).mkdir(exist_ok=True)
    for sub in ("mail", "home"):
        os.chown(root / sub, uid, gid)
    # The login and auth processes read the passwd file and the config as unprivileged users.
    root.chmod(0o755)
    (root / "passwd").write_text("".join(f"{u}:{{PLAIN}}{p}\n" for u, p in users.items()))
    (root / "passwd").chmod(0o644)
    tokens: dict[str, str] = {}
    token_server = _TokenServer(("127.0.0.1", 0), _Introspect)
    token_server.tokens = tokens
    threading.Thread(
        target=token_server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    (root / "oauth2.conf.ext").write_text(_OAUTH2.format(port=token_server.server_address[1]))
    (root / "oauth2.conf.ext").chmod(0o644)
    _self_signed(root)
    port, ssl_port = free_port(), free_port()
    capability = (
        ""
        if idle
        else "protocol imap {\n  imap_capability = IMAP4rev1 LITERAL+ SASL-IR UIDPLUS MOVE\n}"
    )
    config = root / "dovecot.conf"
    config.write_text(
        _CONFIG.format(
            root=root,
            port=port,
            ssl_port=ssl_port,
            uid=uid,
            gid=gid,
            internal_user=internal_user,
            internal_group=internal_group,
            login_user=login_user,
            capability=capability,
        )
    )
    process = subprocess.Popen(  # noqa: S603 - our fixed binary and config
        [DOVECOT, "-F", "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        # Its own process group: the teardown can end dovecot and all its children at once.
        start_new_session=True,
    )
    server = Dovecot(
        root=root,
        port=port,
        ssl_port=ssl_port,
        cert=root / "cert.pem",
        process=process,
        users=dict(users),
        tokens=tokens,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            if process.poll() is not None:
                err = process.stderr.read().decode(errors="replace") if process.stderr else ""
                pytest.fail(f"dovecot exited: {err}\n{server.log()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                    if sock.recv(100).startswith(b"* OK"):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"dovecot did not start listening:\n{server.log()}")
            time.sleep(0.05)
        yield server
    finally:
        token_server.shutdown()
        token_server.server_close()
        # A graceful stop takes dovecot a second; nothing of this throwaway server needs
        # to survive, so the group we started is killed outright.
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        if process.stderr:
            process.stderr.close()
        shutil.rmtree(root, ignore_errors=True)


def make_email_inbox(workspace: Workspace, address: str, *, name: str = "", **fields: Any) -> Inbox:
    """An email inbox made by the real service (IMAP/SMTP settings as keyword arguments)."""
    inbox = email_inbox_create(
        workspace=workspace,
        name=name or address,
        address=address,
        by=None,
        settings=EmailSettingsChanges(**fields),
    )
    return Inbox.objects.select_related("email").get(pk=inbox.pk)


def imap_fields(server: Dovecot, user: str, **extra: Any) -> dict[str, Any]:
    """EmailSettings fields pointing at ``user``'s mailbox on ``server``."""
    return {
        "imap_host": server.host,
        "imap_port": server.port,
        "imap_security": "none",
        "imap_username": user,
        "imap_password": server.users[user],
        **extra,
    }


# --- fixtures: import them into a test module (their names are set with ``name=``) ---------

DOVECOT_USERS = {"support@example.com": "imap-secret", "sales@example.com": "sales-secret"}


@pytest.fixture(name="dovecot")
def dovecot_fixture() -> Iterator[Dovecot]:
    """Debian's dovecot on 127.0.0.1 (IDLE announced), users in ``DOVECOT_USERS``."""
    with run_dovecot(DOVECOT_USERS) as server:
        yield server


@pytest.fixture(name="dovecot_without_idle")
def dovecot_without_idle_fixture() -> Iterator[Dovecot]:
    """The same server, but its capabilities leave IDLE out: clients must poll."""
    with run_dovecot(DOVECOT_USERS, idle=False) as server:
        yield server


@dataclass
class Listener:
    """``samadhan smtpd`` running in a thread of the test (with its own event loop)."""

    host: str
    port: int


@pytest.fixture(name="smtpd_factory")
def smtpd_factory_fixture() -> Iterator[Callable[..., Listener]]:
    """Start Samadhan's SMTP/LMTP listener (``smtpd.serve``) on a free loopback port."""
    running: list[tuple[threading.Thread, asyncio.AbstractEventLoop, asyncio.Event]] = []
    # aiosmtpd logs every connection at INFO, from its thread, also while the test's
    # output capture is being torn down; its warnings and errors still show.
    aiosmtpd_log = logging.getLogger("mail.log")
    level = aiosmtpd_log.level
    aiosmtpd_log.setLevel(logging.WARNING)

    def start(
        *, lmtp: bool = False, max_size: int | None = None, tls: ssl.SSLContext | None = None
    ) -> Listener:
        listener = Listener(host="127.0.0.1", port=free_port())
        loop = asyncio.new_event_loop()
        stop = asyncio.Event()
        ready = threading.Event()
        failed: list[BaseException] = []

        def run() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(
                    serve(
                        host=listener.host,
                        port=listener.port,
                        lmtp=lmtp,
                        max_size=max_size,
                        tls=tls,
                        ready=ready.set,
                        stop=stop,
                    )
                )
            except BaseException as exc:  # noqa: BLE001 - handed to the test below
                failed.append(exc)
                ready.set()
            finally:
                loop.close()

        thread = threading.Thread(target=run, name="smtpd", daemon=True)
        thread.start()
        assert ready.wait(10), "smtpd did not start"
        if failed:
            raise failed[0]
        running.append((thread, loop, stop))
        return listener

    yield start
    for thread, loop, stop in running:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=10)
    aiosmtpd_log.setLevel(level)
