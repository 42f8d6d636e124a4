"""Outbound email: agent replies, built to thread and sent per inbox (see acknowledgement.py).

Every mail we send carries our own Message-ID (kept as the Message's external_id so a
customer's reply finds its ticket), In-Reply-To/References pointing at the thread,
a Reply-To with the ticket's token and the ticket number in the subject. Sending is a
task: ``email_message_deliver`` tries once and tells the task when to try again.
"""

from __future__ import annotations

import html
import secrets
import smtplib
import ssl
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, formataddr

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samadhan.channels.email.headers import (
    normalize_message_id,
    reply_address,
    subject_base,
    subject_tagged,
)
from samadhan.channels.email.models import EmailSettings, Security
from samadhan.channels.models import Inbox, InboxKind
from samadhan.channels.reply_routes import email_router_for
from samadhan.contacts.models import Identity, IdentityKind
from samadhan.core.html import text_to_html
from samadhan.tickets.models import (
    AuthorKind,
    DeliveryStatus,
    Message,
    MessageKind,
    Ticket,
    TicketParticipant,
)
from samadhan.tickets.timeline import SYSTEM
from samadhan.workspaces.models import Workspace

SMTP_TIMEOUT_SECONDS = 30
MAX_ATTEMPTS = 8
BASE_BACKOFF_SECONDS = 60
MAX_BACKOFF_SECONDS = 3600
# RFC 5322 asks to keep the root and the most recent ids when References grows.
MAX_REFERENCES = 20
# At most this many auto-acknowledgements per contact per window: a mail loop with a
# misbehaving autoresponder that slips through the header checks stops here.
MAX_ERROR_CHARS = 2000


class SendError(Exception):
    """Sending failed; ``transient`` says whether trying again later may help."""

    def __init__(self, text: str, *, transient: bool) -> None:
        super().__init__(text)
        self.text = text[:MAX_ERROR_CHARS]
        self.transient = transient


@dataclass(frozen=True, kw_only=True)
class Delivery:
    """The outcome of one attempt: the status it left and, when retrying, the delay."""

    status: DeliveryStatus
    retry_in: timedelta | None = None
    error: str = ""


# --- where a ticket's mail goes out -------------------------------------------------


def email_settings_for_ticket(ticket: Ticket) -> EmailSettings | None:
    """The ticket's own email inbox, else the workspace's first active one, else None.

    A channel with its own router (chat: reply_routes) names the inbox, or none.
    """
    inboxes = Inbox.objects.filter(
        workspace_id=ticket.workspace_id, kind=InboxKind.EMAIL, is_active=True
    )
    router = email_router_for(ticket)
    if router is not None:
        routed = router.inbox_id(ticket)
        if routed is None:
            return None
        return (
            EmailSettings.objects.filter(inbox__in=inboxes.filter(pk=routed))
            .select_related("inbox")
            .first()
        )
    if ticket.inbox_id is not None:
        own = EmailSettings.objects.filter(
            inbox__in=inboxes.filter(pk=ticket.inbox_id)
        ).select_related("inbox")
        found = own.first()
        if found is not None:
            return found
    return (
        EmailSettings.objects.filter(inbox__in=inboxes)
        .select_related("inbox")
        .order_by("inbox_id")
        .first()
    )


def contact_email(ticket: Ticket) -> str | None:
    identity = (
        Identity.objects.filter(
            workspace_id=ticket.workspace_id, contact_id=ticket.contact_id, kind=IdentityKind.EMAIL
        )
        .order_by("id")
        .first()
    )
    return identity.value if identity else None


def cc_addresses(ticket: Ticket, *, exclude: set[str]) -> list[str]:
    """Ticket participants other than the contact (people CC'd on the conversation)."""
    addresses: list[str] = []
    for value in (
        TicketParticipant.objects.filter(workspace_id=ticket.workspace_id, ticket=ticket)
        .order_by("id")
        .values_list("email", flat=True)
    ):
        if value and value.lower() not in exclude:
            exclude.add(value.lower())
            addresses.append(value)
    return addresses


# --- headers ------------------------------------------------------------------------


def _domain(address: str) -> str:
    return address.rpartition("@")[2] or "localhost"


def outbound_message_id(*, message: Message, settings: EmailSettings) -> str:
    """``{random}.{pk}@{domain}`` (normalised, without brackets)."""
    return f"{secrets.token_hex(8)}.{message.pk}@{_domain(settings.address)}"


def message_external_id_assign(*, message: Message, settings: EmailSettings) -> Message:
    """Give an outbound message its Message-ID and inbox, once: retries keep the same id."""
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(
            workspace_id=message.workspace_id, pk=message.pk
        )
        if locked.external_id:
            return locked
        locked.external_id = outbound_message_id(message=locked, settings=settings)
        locked.inbox_id = settings.inbox_id
        if locked.delivery_status == DeliveryStatus.NONE:
            locked.delivery_status = DeliveryStatus.QUEUED
        locked.save(update_fields=["external_id", "inbox", "delivery_status"])
    return locked


def thread_ids(message: Message) -> tuple[str | None, list[str]]:
    """(In-Reply-To, References) for ``message``: the thread's earlier mail ids.

    In-Reply-To names the customer's latest mail (what the agent answers), else
    our previous mail; References is the whole chain, root first, capped.
    """
    earlier = list(
        Message.objects.filter(
            workspace_id=message.workspace_id,
            ticket_id=message.ticket_id,
            external_id__isnull=False,
        )
        .exclude(kind=MessageKind.NOTE)
        .filter(
            Q(created_at__lt=message.created_at)
            | Q(created_at=message.created_at, pk__lt=message.pk)
        )
        .order_by("created_at", "id")
        .values_list("kind", "external_id")
    )
    ids = [normalize_message_id(ext) for _kind, ext in earlier if ext]
    ids = [i for i in dict.fromkeys(ids) if i and "@" in i]
    inbound = [
        normalize_message_id(ext) for kind, ext in earlier if kind == MessageKind.INBOUND and ext
    ]
    inbound = [i for i in inbound if i and "@" in i]
    in_reply_to = inbound[-1] if inbound else (ids[-1] if ids else None)
    if len(ids) > MAX_REFERENCES:
        ids = ids[:1] + ids[-(MAX_REFERENCES - 1) :]
    return in_reply_to, ids


def email_subject(ticket: Ticket, settings: EmailSettings, *, reply: bool) -> str:
    tagged = subject_tagged(
        subject_base(ticket.subject), number=ticket.number, prefix=settings.subject_prefix
    )
    return f"Re: {tagged}" if reply else tagged


def signature(message: Message, settings: EmailSettings) -> str:
    """The agent's name and the inbox: who answered, and for which team."""
    if message.author_agent is not None and message.author_agent.name:
        return f"{message.author_agent.name}\n{settings.inbox.name}"
    return settings.inbox.name


def _html_document(body_html: str, signature_text: str, language: str) -> str:
    sig = text_to_html(signature_text)
    lang = f' lang="{html.escape(language)}"' if language else ""
    return (
        f'<!DOCTYPE html><html{lang}><head><meta charset="utf-8"></head><body>'
        f'{body_html}<div class="signature">-- <br>{sig}</div></body></html>'
    )


def email_build(
    *, message: Message, settings: EmailSettings, to: str, cc: list[str] | None = None
) -> EmailMessage:
    """The MIME message for an outbound Message (which must have its external_id)."""
    ticket = message.ticket
    if not message.external_id:
        raise ValueError("assign the Message-ID first (message_external_id_assign)")
    automatic = message.author_kind == AuthorKind.SYSTEM
    in_reply_to, references = thread_ids(message)
    mail = EmailMessage(policy=SMTP_POLICY)
    if message.author_agent is not None and message.author_agent.name:
        display = f"{message.author_agent.name} ({settings.inbox.name})"
    else:
        display = settings.inbox.name
    mail["From"] = formataddr((display, settings.address))
    mail["To"] = to
    if cc:
        mail["Cc"] = ", ".join(cc)
    if settings.plus_addressing:
        mail["Reply-To"] = formataddr(
            (settings.inbox.name, reply_address(settings.address, ticket.pk))
        )
    mail["Subject"] = email_subject(ticket, settings, reply=bool(in_reply_to) and not automatic)
    mail["Date"] = format_datetime(message.created_at or timezone.now())
    mail["Message-ID"] = f"<{message.external_id}>"
    if in_reply_to:
        mail["In-Reply-To"] = f"<{in_reply_to}>"
    if references:
        mail["References"] = " ".join(f"<{i}>" for i in references)
    if automatic:
        # RFC 3834: other robots must not answer this one.
        mail["Auto-Submitted"] = "auto-replied"
        mail["X-Auto-Response-Suppress"] = "All"
        mail["Precedence"] = "auto_reply"
    mail["X-Samadhan-Ticket"] = str(ticket.number)
    sig = signature(message, settings)
    mail.set_content(f"{message.body_text.rstrip()}\n\n-- \n{sig}\n")
    mail.add_alternative(_html_document(message.body_html, sig, ticket.language), subtype="html")
    for attachment in message.attachments.order_by("id"):
        maintype, _sep, subtype = attachment.content_type.partition("/")
        with attachment.file.open("rb") as handle:
            data = handle.read()
        mail.add_attachment(
            data,
            maintype=maintype or "application",
            subtype=subtype or "octet-stream",
            filename=attachment.filename,
        )
    if ticket.language:
        # Set last: building the body moves Content-* headers into the first part.
        mail["Content-Language"] = ticket.language
    return mail


# --- SMTP ---------------------------------------------------------------------------


def _tls_context() -> ssl.SSLContext:
    # The system's trust store (SSL_CERT_FILE/SSL_CERT_DIR are honoured by OpenSSL).
    return ssl.create_default_context()


def _smtp_exchange(
    settings: EmailSettings, mail: EmailMessage, recipients: list[str]
) -> dict[str, tuple[int, bytes]]:
    """One SMTP session; returns the recipients the server refused while taking the rest."""
    if settings.smtp_security == Security.SSL:
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.smtp_host,
            settings.smtp_port,
            timeout=SMTP_TIMEOUT_SECONDS,
            context=_tls_context(),
        )
    else:
        client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_SECONDS)
    try:
        client.ehlo()
        if settings.smtp_security == Security.STARTTLS:
            client.starttls(context=_tls_context())
            client.ehlo()
        if settings.smtp_username:
            client.login(settings.smtp_username, settings.smtp_password)
        return client.send_message(mail, from_addr=settings.address, to_addrs=recipients)
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def smtp_send(*, settings: EmailSettings, mail: EmailMessage, recipients: list[str]) -> str:
    """Hand ``mail`` to the inbox's SMTP server, raising SendError when nobody gets it.

    4xx answers and network trouble are transient; 5xx answers, a refused
    certificate and a server without STARTTLS are not. Returns the refusals of
    single recipients (a CC) when the server took the mail for the others, else "".
    """
    if not settings.smtp_host:
        raise SendError(_("The inbox has no SMTP server configured."), transient=False)
    try:
        refused = _smtp_exchange(settings, mail, recipients)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _t in exc.recipients.values()]
        details = "; ".join(
            f"{addr}: {code} {_text(text)}" for addr, (code, text) in exc.recipients.items()
        )
        raise SendError(details, transient=any(400 <= c < 500 for c in codes)) from exc
    except smtplib.SMTPResponseException as exc:
        code = exc.smtp_code
        text = f"{code} {_text(exc.smtp_error)}".strip()
        raise SendError(text, transient=400 <= code < 500) from exc
    except (smtplib.SMTPNotSupportedError, ssl.SSLCertVerificationError) as exc:
        raise SendError(f"{type(exc).__name__}: {exc}", transient=False) from exc
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        raise SendError(f"{type(exc).__name__}: {exc}", transient=True) from exc
    return "; ".join(f"{addr}: {code} {_text(text)}" for addr, (code, text) in refused.items())


# --- delivery -----------------------------------------------------------------------


def backoff(attempt: int) -> timedelta:
    return timedelta(seconds=min(BASE_BACKOFF_SECONDS * 2 ** (attempt - 1), MAX_BACKOFF_SECONDS))


def _delivery_note(message: Message, text: str) -> None:
    from samadhan.tickets.services.message import message_create

    message_create(ticket=message.ticket, author=SYSTEM, kind=MessageKind.NOTE, body_text=text)


def _agents_language(message: Message) -> str | None:
    # Notes are read by the team: the workspace's language, not the customer's.
    return (
        Workspace.objects.filter(pk=message.workspace_id)
        .values_list("default_language", flat=True)
        .first()
    )


def message_delivery_status_set(
    *, message: Message, status: DeliveryStatus, error: str = ""
) -> Message:
    """Record how sending went; an error also leaves an internal note on the ticket.

    ``error`` with status SENT names recipients (CCs) the server refused.
    """
    with transaction.atomic():
        Message.objects.filter(workspace_id=message.workspace_id, pk=message.pk).update(
            delivery_status=status
        )
        message.delivery_status = status
        if status != DeliveryStatus.FAILED and not error:
            return message
        with translation.override(_agents_language(message)):
            if status == DeliveryStatus.FAILED:
                text = _("The email could not be delivered: %(error)s") % {"error": error}
            else:
                text = _("The email was sent, but these recipients were refused: %(error)s") % {
                    "error": error
                }
        _delivery_note(message, text)
    return message


def _sendable(message_id: int) -> tuple[Message, EmailSettings] | Delivery:
    """The message and its inbox when it still has to go out, else the outcome to report."""
    message = (
        Message.objects.select_related("ticket", "author_agent", "ticket__contact")
        .filter(pk=message_id, kind=MessageKind.OUTBOUND)
        .first()
    )
    if message is None:
        return Delivery(status=DeliveryStatus.NONE)
    if message.delivery_status in (
        DeliveryStatus.SENT,
        DeliveryStatus.DELIVERED,
        DeliveryStatus.FAILED,
    ):
        return Delivery(status=DeliveryStatus(message.delivery_status))
    settings = email_settings_for_ticket(message.ticket)
    if settings is None:
        # The inbox was removed or paused since the reply was queued.
        error = _("The workspace has no active email inbox to send from.")
        message_delivery_status_set(message=message, status=DeliveryStatus.FAILED, error=error)
        return Delivery(status=DeliveryStatus.FAILED, error=error)
    return message, settings


def email_message_deliver(*, message_id: int, attempt: int = 1) -> Delivery:
    """Try once to send an outbound message by email; safe to run twice.

    The Message-ID is fixed before the first attempt, so a mail that reached the
    server just before a crash is resent under the same id (receivers drop the copy).

    Returns the status left on the message; ``retry_in`` is set when a transient
    error (4xx, connection) should be tried again, up to ``MAX_ATTEMPTS``.
    """
    found = _sendable(message_id)
    if isinstance(found, Delivery):
        return found
    message, settings = found
    ticket = message.ticket
    to = contact_email(ticket)
    try:
        if to is None:
            raise SendError(_("The contact has no email address."), transient=False)
        message = message_external_id_assign(message=message, settings=settings)
        cc = cc_addresses(ticket, exclude={to.lower(), settings.address.lower()})
        with translation.override(ticket.language or None):
            mail = email_build(message=message, settings=settings, to=to, cc=cc)
        refused = smtp_send(settings=settings, mail=mail, recipients=[to, *cc])
    except SendError as exc:
        if exc.transient and attempt < MAX_ATTEMPTS:
            return Delivery(status=DeliveryStatus.QUEUED, retry_in=backoff(attempt), error=exc.text)
        message_delivery_status_set(message=message, status=DeliveryStatus.FAILED, error=exc.text)
        return Delivery(status=DeliveryStatus.FAILED, error=exc.text)
    message_delivery_status_set(message=message, status=DeliveryStatus.SENT, error=refused)
    return Delivery(status=DeliveryStatus.SENT, error=refused)


def email_reply_queue(*, message: Message) -> bool:
    """Queue an agent's public reply for sending if its ticket talks by email (once)."""
    if message.kind != MessageKind.OUTBOUND or message.author_kind == AuthorKind.CONTACT:
        return False
    if message.delivery_status != DeliveryStatus.NONE:
        return False  # already queued, sent or failed: a repeated event sends nothing twice
    router = email_router_for(message.ticket)
    if router is not None and not router.wanted(message):
        return False  # the ticket's own channel delivers it (a chat visitor still online)
    settings = email_settings_for_ticket(message.ticket)
    if settings is None or contact_email(message.ticket) is None:
        return False
    from samadhan.channels.email.outbound_tasks import send_email_message
    from samadhan.core.transaction import enqueue_on_commit

    message_external_id_assign(message=message, settings=settings)
    enqueue_on_commit(send_email_message, message_id=message.pk)
    return True
