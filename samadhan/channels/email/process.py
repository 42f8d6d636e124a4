"""From a stored raw email to a ticket message (or a deliberate decision not to make one)."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from datetime import timedelta
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses
from html import escape as html_escape

from django.conf import settings as django_settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samadhan.accounts.models import Agent, Membership
from samadhan.channels.email.headers import address_base
from samadhan.channels.email.ingest import raw_email_bytes
from samadhan.channels.email.models import EmailSettings, RawEmail, RawEmailStatus
from samadhan.channels.email.noise import Noise, classify, parse_dsn
from samadhan.channels.email.parse import MAX_TEXT_CHARS, Address, ParsedEmail, parse_email
from samadhan.channels.email.quotes import reply_html, reply_text
from samadhan.channels.email.threading import MatchReason, ThreadMatch, thread_find
from samadhan.channels.models import Inbox, InboxKind
from samadhan.contacts.models import Contact
from samadhan.contacts.services import contact_find_or_create
from samadhan.core.errors import AppError
from samadhan.core.html import sanitize_html
from samadhan.tickets.models import (
    DeliveryStatus,
    LinkKind,
    Message,
    MessageKind,
    Status,
    Ticket,
)
from samadhan.tickets.services.merge import ticket_link
from samadhan.tickets.services.message import attachment_upload, message_create
from samadhan.tickets.services.participant import participants_add
from samadhan.tickets.services.ticket import ticket_create
from samadhan.tickets.timeline import CONTACT_AUTHOR, SYSTEM, Author

logger = logging.getLogger(__name__)

UNPARSED_TAG = "unparsed"
_CID = re.compile(r"""cid:([^"'\s>)]+)""", re.IGNORECASE)
# "From: Name <a@b>" in a forwarded message's quoted header block.
_FORWARDED_FROM = re.compile(r"^\s*(?:\*\s*)?(?:From|Von|De|Van)\s*:\s*\**\s*(.+)$", re.MULTILINE)


@dataclass
class Outcome:
    status: RawEmailStatus
    ticket: Ticket | None = None
    message: Message | None = None
    error: str = ""
    notes: list[str] = field(default_factory=list)


def _settings(inbox: Inbox) -> EmailSettings:
    found = EmailSettings.objects.filter(inbox=inbox).first()
    # Mail posted to an inbox without settings still threads, with the defaults.
    return found if found is not None else EmailSettings(inbox=inbox, address="")


def _own_addresses(workspace_id: int) -> set[str]:
    return {
        address_base(a)
        for a in EmailSettings.objects.filter(
            inbox__workspace_id=workspace_id, inbox__kind=InboxKind.EMAIL
        ).values_list("address", flat=True)
        if a
    }


def _agent_sender(workspace_id: int, email: str) -> Agent | None:
    membership = (
        Membership.objects.filter(
            workspace_id=workspace_id,
            is_active=True,
            agent__email__iexact=email,
            agent__is_active=True,
        )
        .select_related("agent")
        .first()
    )
    return membership.agent if membership else None


def _contact(workspace_id: int, inbox: Inbox, sender: Address | None) -> Contact:
    workspace = inbox.workspace
    if sender is not None:
        try:
            return contact_find_or_create(
                workspace=workspace, email=sender.email, name=sender.name[:200]
            )
        except AppError:
            logger.info("sender address %r refused by contacts", sender.email)
    name = (sender.name or sender.email) if sender else ""
    return contact_find_or_create(workspace=workspace, name=name[:200] or _("Unknown sender"))


def _upload(inbox: Inbox, parsed: ParsedEmail, notes: list[str]) -> dict[str, int]:
    """Attachments stored; returns content-id (or a position key) → attachment id."""
    ids: dict[str, int] = {}
    for position, part in enumerate(parsed.attachments):
        try:
            attachment = attachment_upload(
                workspace_id=inbox.workspace_id,
                uploaded_by=None,
                filename=part.filename,
                content_type=part.content_type,
                stream=io.BytesIO(part.data),
                size=len(part.data),
            )
        except AppError as exc:
            notes.append(
                _("Attachment %(name)s was not kept: %(reason)s")
                % {"name": part.filename, "reason": exc.message}
            )
            continue
        ids[part.content_id or f"#{position}"] = attachment.pk
    return ids


def _resolve_cids(html: str, ids: dict[str, int], workspace_slug: str) -> str:
    def url(match: re.Match[str]) -> str:
        attachment_id = ids.get(match.group(1))
        if attachment_id is None:
            return match.group(0)
        return reverse(
            "ui:attachment", kwargs={"slug": workspace_slug, "attachment_id": attachment_id}
        )

    return _CID.sub(url, html)


_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""\b(src|alt)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def _remote_images_as_links(html: str) -> str:
    """Remote images become links: opening a mail must not tell the sender it was read."""

    def replace(match: re.Match[str]) -> str:
        attrs = {
            m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
            for m in _ATTR.finditer(match.group(0))
        }
        src = attrs.get("src", "")
        if not src.lower().startswith(("http://", "https://", "//")):
            return match.group(0)
        label = html_escape(attrs.get("alt") or _("image"))
        return f'<a href="{html_escape(src)}">[{label}]</a>'

    return _IMG.sub(replace, html)


def _bodies(
    parsed: ParsedEmail, *, reply: bool, cids: dict[str, int], slug: str
) -> tuple[str, str]:
    text = reply_text(parsed.text) if reply else parsed.text
    html = parsed.html
    if html and reply:
        html = reply_html(html)
    if html:
        html = _remote_images_as_links(_resolve_cids(html, cids, slug))
        if len(sanitize_html(html)) > 2 * MAX_TEXT_CHARS:
            # Bloated HTML (a newsletter, a pasted spreadsheet): the text still says it.
            html = ""
    if not text.strip() and not html.strip():
        text = _("(This email has no text.)")
    return text, html


def _people(parsed: ParsedEmail) -> list[tuple[str, str]]:
    return [(a.name, a.email) for a in [*parsed.to, *parsed.cc]]


def _delivery_failed(message: Message, error: str) -> None:
    """The outbound mail bounced: visible on the message and as a note on the ticket."""
    Message.objects.filter(workspace_id=message.workspace_id, pk=message.pk).update(
        delivery_status=DeliveryStatus.FAILED
    )
    message.delivery_status = DeliveryStatus.FAILED
    message_create(
        ticket=message.ticket,
        author=SYSTEM,
        kind=MessageKind.NOTE,
        body_text=_("The email could not be delivered: %(error)s") % {"error": error},
    )


def _bounce(raw: RawEmail, parsed: ParsedEmail, data: bytes) -> Outcome:
    bounce = parse_dsn(parsed.headers, data)
    if bounce is None or not bounce.original_message_ids:
        return Outcome(RawEmailStatus.IGNORED, error="bounce without a recognisable original")
    originals = list(
        Message.objects.filter(
            workspace_id=raw.workspace_id,
            external_id__in=bounce.original_message_ids,
            kind=MessageKind.OUTBOUND,
        ).select_related("ticket")
    )
    if not originals:
        return Outcome(RawEmailStatus.IGNORED, error="bounce for mail we did not send")
    if not bounce.failed:
        return Outcome(RawEmailStatus.IGNORED, ticket=originals[0].ticket, error="delay notice")
    for original in originals:
        if original.delivery_status != DeliveryStatus.FAILED:
            _delivery_failed(
                original, bounce.describe() or _("The recipient's server returned the email.")
            )
    return Outcome(RawEmailStatus.PROCESSED, ticket=originals[0].ticket)


def _forwarded_sender(text: str) -> Address | None:
    for line in _FORWARDED_FROM.findall(text):
        pairs = getaddresses([line.replace("*", "").replace("mailto:", "")])
        for name, addr in pairs:
            if "@" in addr:
                return Address(name=name, email=addr)
    return None


@dataclass
class _Mail:
    raw: RawEmail
    inbox: Inbox
    settings: EmailSettings
    parsed: ParsedEmail
    own: set[str]
    contact: Contact
    match: ThreadMatch | None


def _ignore_reason(raw: RawEmail, parsed: ParsedEmail, own: set[str]) -> str:
    if parsed.message_id and (
        Message.objects.filter(
            workspace_id=raw.workspace_id, external_id=parsed.message_id
        ).exists()
    ):
        # Our own reply coming back (Bcc, a list) or the same mail via a second inbox.
        return "message already in this workspace"
    if parsed.sender is not None and address_base(parsed.sender.email) in own:
        return "sent by one of our own addresses"
    return ""


def _process(raw: RawEmail, data: bytes) -> Outcome:
    inbox = raw.inbox
    parsed = parse_email(data)
    noise = classify(parsed.headers)
    if noise == Noise.BOUNCE:
        return _bounce(raw, parsed, data)
    own = _own_addresses(raw.workspace_id)
    reason = _ignore_reason(raw, parsed, own)
    if reason:
        return Outcome(RawEmailStatus.IGNORED, error=reason)
    settings = _settings(inbox)
    sender = parsed.sender or (parsed.reply_to[0] if parsed.reply_to else None)
    agent = _agent_sender(raw.workspace_id, sender.email) if sender else None
    contact = _contact(raw.workspace_id, inbox, sender)
    if agent is None and _looping(contact):
        return Outcome(RawEmailStatus.IGNORED, error="too many mails from this sender (loop?)")
    match = thread_find(settings=settings, parsed=parsed, contact=contact)
    mail = _Mail(raw, inbox, settings, parsed, own, contact, match)
    if agent is not None and match is not None:
        return _agent_note(mail, agent, match.ticket)
    if noise == Noise.AUTO_REPLY:
        return _auto_reply_note(mail)
    if agent is not None and match is None and settings.create_tickets_from_agent_forwards:
        original = _forwarded_sender(parsed.text)
        if original is not None and address_base(original.email) not in own:
            mail.contact = _contact(raw.workspace_id, inbox, original)
    tags = [str(noise)] if noise in (Noise.BULK, Noise.LIST) else []
    return _conversation(mail, tags=tags)


def contact_mails_per_hour() -> int:
    """More mail than this from one contact in an hour is a loop; ``SAMADHAN`` overrides."""
    return int(django_settings.SAMADHAN.get("EMAIL_CONTACT_LIMIT_PER_HOUR", 60))


def _looping(contact: Contact) -> bool:
    since = timezone.now() - timedelta(hours=1)
    recent = Message.objects.filter(
        workspace_id=contact.workspace_id,
        author_contact=contact,
        kind=MessageKind.INBOUND,
        created_at__gte=since,
    )
    return recent.count() >= contact_mails_per_hour()


def _agent_note(mail: _Mail, agent: Agent, ticket: Ticket) -> Outcome:
    """An agent answering from their mail client: kept internal, never sent on."""
    notes: list[str] = []
    cids = _upload(mail.inbox, mail.parsed, notes)
    text, html = _bodies(mail.parsed, reply=True, cids=cids, slug=mail.inbox.workspace.slug)
    message = message_create(
        ticket=ticket,
        author=Author.of_agent(agent),
        kind=MessageKind.NOTE,
        body_text=text,
        body_html=html or None,
        inbox=mail.inbox,
        external_id=mail.parsed.message_id or None,
        attachment_ids=list(cids.values()),
    )
    _notes(message.ticket, notes)
    return Outcome(RawEmailStatus.PROCESSED, ticket=message.ticket, message=message)


def _auto_reply_note(mail: _Mail) -> Outcome:
    """Out-of-office notices matter to agents but must not reopen or start a ticket."""
    if mail.match is None:
        return Outcome(RawEmailStatus.IGNORED, error="automatic reply")
    sender = mail.parsed.sender
    who = sender.email if sender else _("Unknown sender")
    message = message_create(
        ticket=mail.match.ticket,
        author=SYSTEM,
        kind=MessageKind.NOTE,
        body_text=_("Automatic reply from %(sender)s:") % {"sender": who}
        + "\n\n"
        + reply_text(mail.parsed.text or _("(This email has no text.)")),
        inbox=mail.inbox,
        external_id=mail.parsed.message_id or None,
    )
    return Outcome(RawEmailStatus.PROCESSED, ticket=message.ticket, message=message)


def _conversation(mail: _Mail, *, tags: list[str]) -> Outcome:
    """The customer's mail as a new ticket, a reply, or a follow-up of an old ticket."""
    inbox, parsed, match = mail.inbox, mail.parsed, mail.match
    workspace = inbox.workspace
    notes: list[str] = []
    cids = _upload(inbox, parsed, notes)
    text, html = _bodies(parsed, reply=match is not None, cids=cids, slug=workspace.slug)
    body_html = html or None
    external_id = parsed.message_id or None
    attachment_ids = list(cids.values())
    ticket: Ticket
    message: Message
    if match is not None and _too_old(match.ticket, mail.settings):
        old = match.ticket
        ticket = ticket_create(
            workspace=workspace,
            contact=mail.contact,
            subject=old.subject,
            language=old.language,
            team_id=old.team_id,
            author=CONTACT_AUTHOR,
            body_text=text,
            body_html=body_html,
            inbox=inbox,
            external_id=external_id,
            attachment_ids=attachment_ids,
        )
        ticket_link(source=old, target=ticket, kind=LinkKind.FOLLOW_UP, author=CONTACT_AUTHOR)
        message = ticket.messages.get()
    elif match is not None:
        message = message_create(
            ticket=match.ticket,
            kind=MessageKind.INBOUND,
            contact=mail.contact,
            author=CONTACT_AUTHOR,
            body_text=text,
            body_html=body_html,
            inbox=inbox,
            external_id=external_id,
            attachment_ids=attachment_ids,
        )
        ticket = message.ticket
    else:
        ticket = ticket_create(
            workspace=workspace,
            contact=mail.contact,
            subject=parsed.subject.strip() or _("(no subject)"),
            tags=tags,
            author=CONTACT_AUTHOR,
            body_text=text,
            body_html=body_html,
            inbox=inbox,
            external_id=external_id,
            attachment_ids=attachment_ids,
        )
        message = ticket.messages.get()

    people = _people(parsed)
    sender = parsed.sender
    if sender is not None and match is not None and match.reason != MatchReason.SUBJECT:
        # Someone the thread was forwarded to answered it: they take part from now on.
        people.append((sender.name, sender.email))
    participants_add(
        ticket=ticket, people=[(n, e) for n, e in people if address_base(e) not in mail.own]
    )
    _notes(ticket, notes)
    return Outcome(RawEmailStatus.PROCESSED, ticket=ticket, message=message)


def _notes(ticket: Ticket, notes: list[str]) -> None:
    for note in notes:
        message_create(ticket=ticket, author=SYSTEM, kind=MessageKind.NOTE, body_text=note)


def _too_old(ticket: Ticket, settings: EmailSettings) -> bool:
    """A solved ticket answered long after solving gets a follow-up, not a reopen."""
    if ticket.status != Status.SOLVED or ticket.solved_at is None:
        return False
    return ticket.solved_at < timezone.now() - timedelta(days=settings.followup_after_days)


def _unparsed(raw: RawEmail, data: bytes, error: str) -> Outcome:
    """A ticket that says the mail could not be read, with the original attached."""
    inbox = raw.inbox
    sender: Address | None = None
    subject = ""
    try:
        headers = BytesHeaderParser(policy=compat32).parsebytes(data[: 256 * 1024])
        pairs = getaddresses([str(v) for v in headers.get_all("From", [])])
        sender = next((Address(name=n, email=a) for n, a in pairs if "@" in a), None)
        subject = str(headers.get("Subject", "") or "")[:200]
    except Exception:  # noqa: BLE001 - the headers are as broken as the rest
        logger.info("headers of raw email %s unreadable too", raw.pk)
    contact = _contact(inbox.workspace_id, inbox, sender)
    attachment_ids: list[int] = []
    try:
        attachment = attachment_upload(
            workspace_id=inbox.workspace_id,
            uploaded_by=None,
            filename="original.eml",
            content_type="message/rfc822",
            stream=io.BytesIO(data),
            size=len(data),
        )
        attachment_ids.append(attachment.pk)
    except AppError as exc:
        logger.warning("raw email %s not attached: %s", raw.pk, exc.message)
    ticket = ticket_create(
        workspace=inbox.workspace,
        author=CONTACT_AUTHOR,
        contact=contact,
        subject=subject.strip() or _("Unreadable email"),
        body_text=_("This email could not be read; the original is attached."),
        tags=[UNPARSED_TAG],
        inbox=inbox,
        attachment_ids=attachment_ids,
    )
    return Outcome(
        RawEmailStatus.UNPARSED, ticket=ticket, message=ticket.messages.get(), error=error
    )


DONE = (RawEmailStatus.PROCESSED, RawEmailStatus.IGNORED, RawEmailStatus.UNPARSED)


def raw_email_process(*, raw_email_id: int) -> RawEmail:
    """Turn a stored mail into a ticket message; safe to run twice (the second does nothing).

    An error while understanding the mail falls back to an "unparsed" ticket with the
    original attached, so no mail is ever silently dropped.
    """
    with transaction.atomic():
        raw = (
            RawEmail.objects.select_for_update()
            .select_related("inbox", "inbox__workspace")
            .get(pk=raw_email_id)
        )
        if raw.status in DONE:
            return raw
        data = raw_email_bytes(raw)
        try:
            with transaction.atomic():
                outcome = _process(raw, data)
        except Exception as exc:
            logger.exception("raw email %s could not be processed", raw.pk)
            with transaction.atomic():
                outcome = _unparsed(raw, data, error=f"{type(exc).__name__}: {exc}")
        raw.status = outcome.status
        raw.ticket = outcome.ticket
        raw.result_message = outcome.message
        raw.error = outcome.error
        raw.attempts = F("attempts") + 1
        raw.processed_at = timezone.now()
        raw.save()
        raw.refresh_from_db()
    return raw


def raw_email_failed(*, raw_email_id: int, error: str) -> None:
    """Record a failed attempt (the database or disk, not the mail, was the problem)."""
    RawEmail.objects.filter(pk=raw_email_id).exclude(status__in=DONE).update(
        status=RawEmailStatus.FAILED, attempts=F("attempts") + 1, error=error[:2000]
    )


def raw_emails_requeue(*, older_than: timedelta = timedelta(minutes=10)) -> list[int]:
    """Queue processing again for mail stored but never finished (a lost task, a crash).

    Processing is idempotent, so a mail whose task is merely slow is safe to queue twice.
    """
    from samadhan.channels.email.tasks import process_raw_email

    cutoff = timezone.now() - older_than
    ids = list(
        RawEmail.objects.filter(
            status__in=[RawEmailStatus.RECEIVED, RawEmailStatus.FAILED], received_at__lt=cutoff
        )
        .order_by("id")
        .values_list("id", flat=True)
    )
    for raw_email_id in ids:
        process_raw_email.enqueue(raw_email_id=raw_email_id)
    return ids
