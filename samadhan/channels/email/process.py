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

from django.conf import settings as django_settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from samadhan.accounts.models import Agent
from samadhan.channels.email.body import attachments_store, bodies
from samadhan.channels.email.headers import address_base
from samadhan.channels.email.ingest import raw_email_bytes
from samadhan.channels.email.lookups import InboxLookups, lookups_for_batch
from samadhan.channels.email.models import EmailSettings, RawEmail, RawEmailStatus
from samadhan.channels.email.noise import Noise, classify, parse_dsn
from samadhan.channels.email.parse import Address, ParsedEmail, parse_email
from samadhan.channels.email.quotes import reply_text
from samadhan.channels.email.threading import MatchReason, ThreadMatch, thread_find
from samadhan.channels.models import Inbox
from samadhan.contacts.models import Contact
from samadhan.contacts.services import contact_get_or_create
from samadhan.core.errors import AppError
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
from samadhan.webhooks.services import webhook_subscriptions_reused

logger = logging.getLogger(__name__)

UNPARSED_TAG = "unparsed"
# "From: Name <a@b>" in a forwarded message's quoted header block.
_FORWARDED_FROM = re.compile(r"^\s*(?:\*\s*)?(?:From|Von|De|Van)\s*:\s*\**\s*(.+)$", re.MULTILINE)


@dataclass
class Outcome:
    status: RawEmailStatus
    ticket: Ticket | None = None
    message_id: int | None = None
    error: str = ""
    notes: list[str] = field(default_factory=list)


def _contact(inbox: Inbox, sender: Address | None) -> tuple[Contact, bool]:
    """The sender's contact, and whether it was created just now."""
    workspace = inbox.workspace
    if sender is not None:
        try:
            return contact_get_or_create(
                workspace=workspace, email=sender.email, name=sender.name[:200]
            )
        except AppError:
            logger.info("sender address %r refused by contacts", sender.email)
    name = (sender.name or sender.email) if sender else ""
    return contact_get_or_create(workspace=workspace, name=name[:200] or _("Unknown sender"))


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


def _process(raw: RawEmail, data: bytes, lookups: InboxLookups) -> Outcome:
    inbox = raw.inbox
    parsed = parse_email(data)
    noise = classify(parsed.headers)
    if noise == Noise.BOUNCE:
        return _bounce(raw, parsed, data)
    own = lookups.own_addresses(raw.workspace_id)
    reason = _ignore_reason(raw, parsed, own)
    if reason:
        return Outcome(RawEmailStatus.IGNORED, error=reason)
    settings = lookups.settings(inbox)
    sender = parsed.sender or (parsed.reply_to[0] if parsed.reply_to else None)
    agent = lookups.agent(raw.workspace_id, sender.email) if sender else None
    contact, created = _contact(inbox, sender)
    # A contact created by this very mail has sent nothing before it: no loop to count.
    if agent is None and not created and _looping(contact):
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
            mail.contact = _contact(inbox, original)[0]
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
    cids = attachments_store(mail.inbox, mail.parsed, notes)
    text, html = bodies(mail.parsed, reply=True, cids=cids, slug=mail.inbox.workspace.slug)
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
    return Outcome(RawEmailStatus.PROCESSED, ticket=message.ticket, message_id=message.pk)


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
    return Outcome(RawEmailStatus.PROCESSED, ticket=message.ticket, message_id=message.pk)


def _conversation(mail: _Mail, *, tags: list[str]) -> Outcome:
    """The customer's mail as a new ticket, a reply, or a follow-up of an old ticket."""
    inbox, parsed, match = mail.inbox, mail.parsed, mail.match
    workspace = inbox.workspace
    notes: list[str] = []
    cids = attachments_store(inbox, parsed, notes)
    text, html = bodies(parsed, reply=match is not None, cids=cids, slug=workspace.slug)
    body_html = html or None
    external_id = parsed.message_id or None
    attachment_ids = list(cids.values())
    ticket: Ticket
    message_id: int
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
            require_custom_fields=False,
        )
        ticket_link(source=old, target=ticket, kind=LinkKind.FOLLOW_UP, author=CONTACT_AUTHOR)
        message_id = _first_message_id(ticket)
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
        ticket, message_id = message.ticket, message.pk
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
            require_custom_fields=False,
        )
        message_id = _first_message_id(ticket)

    people = _people(parsed)
    sender = parsed.sender
    # Someone the thread was forwarded to answered it: they take part from now on. (The
    # ticket's own contact answering is no news; participants_add would skip them too.)
    forwarded_to = match is not None and match.reason != MatchReason.SUBJECT
    if sender is not None and forwarded_to and mail.contact.pk != ticket.contact_id:
        people.append((sender.name, sender.email))
    participants_add(
        ticket=ticket, people=[(n, e) for n, e in people if address_base(e) not in mail.own]
    )
    _notes(ticket, notes)
    return Outcome(RawEmailStatus.PROCESSED, ticket=ticket, message_id=message_id)


def _first_message_id(ticket: Ticket) -> int:
    """The message a new ticket was opened with (its only one)."""
    return int(ticket.messages.values_list("pk", flat=True).get())


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
    contact = _contact(inbox, sender)[0]
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
        require_custom_fields=False,
    )
    return Outcome(
        RawEmailStatus.UNPARSED, ticket=ticket, message_id=_first_message_id(ticket), error=error
    )


DONE = (RawEmailStatus.PROCESSED, RawEmailStatus.IGNORED, RawEmailStatus.UNPARSED)


def _process_one(raw: RawEmail, lookups: InboxLookups) -> None:
    """Process one locked raw email inside the caller's transaction, in its own savepoint.

    An error while understanding the mail rolls back only this mail's work and falls
    back to an "unparsed" ticket with the original attached.
    """
    data = raw_email_bytes(raw)
    try:
        with transaction.atomic():
            outcome = _process(raw, data, lookups)
    except Exception as exc:
        logger.exception("raw email %s could not be processed", raw.pk)
        with transaction.atomic():
            outcome = _unparsed(raw, data, error=f"{type(exc).__name__}: {exc}")
    raw.status = outcome.status
    raw.ticket = outcome.ticket
    raw.result_message_id = outcome.message_id
    raw.error = outcome.error
    # The row is locked by this transaction, so this count is exact.
    raw.attempts += 1
    raw.processed_at = timezone.now()
    raw.save(
        update_fields=["status", "ticket", "result_message", "error", "attempts", "processed_at"]
    )


def raw_emails_process(*, raw_email_ids: list[int]) -> list[RawEmail]:
    """Turn stored mails into ticket messages in one transaction, a savepoint per mail.

    Safe to run twice (mails already done are left alone); ids that do not exist are
    skipped. The inbox's settings, the workspace's own addresses and its agents are
    read once for the whole batch. Returns the rows in id order.
    """
    # The batch's domain events are delivered after its one commit, inside these blocks.
    with lookups_for_batch() as lookups, webhook_subscriptions_reused(), transaction.atomic():
        # Locked in id order, so two overlapping batches cannot deadlock; only the raw
        # rows (PostgreSQL would lock the joined inbox and workspace rows too).
        raws = list(
            RawEmail.objects.select_for_update(of=("self",))
            .select_related("inbox", "inbox__workspace")
            .filter(pk__in=raw_email_ids)
            .order_by("id")
        )
        for raw in raws:
            if raw.status not in DONE:
                _process_one(raw, lookups)
    return raws


def raw_email_process(*, raw_email_id: int) -> RawEmail:
    """Turn a stored mail into a ticket message; safe to run twice (the second does nothing).

    The batch of one: exactly what ``raw_emails_process`` does for each of its mails.
    """
    raws = raw_emails_process(raw_email_ids=[raw_email_id])
    if not raws:
        raise RawEmail.DoesNotExist(f"raw email {raw_email_id} does not exist")
    return raws[0]


def raw_email_failed(*, raw_email_id: int, error: str) -> None:
    """Record a failed attempt (the database or disk, not the mail, was the problem)."""
    RawEmail.objects.filter(pk=raw_email_id).exclude(status__in=DONE).update(
        status=RawEmailStatus.FAILED, attempts=F("attempts") + 1, error=error[:2000]
    )


def raw_emails_requeue(*, older_than: timedelta = timedelta(minutes=10)) -> list[int]:
    """Queue processing again for mail stored but never finished (a lost task, a crash).

    Processing is idempotent, so a mail whose task is merely slow is safe to queue twice.
    Queued in batches, like mail stored together.
    """
    from samadhan.channels.email.ingest import PROCESS_BATCH
    from samadhan.channels.email.tasks import process_raw_emails

    cutoff = timezone.now() - older_than
    ids = list(
        RawEmail.objects.filter(
            status__in=[RawEmailStatus.RECEIVED, RawEmailStatus.FAILED], received_at__lt=cutoff
        )
        .order_by("id")
        .values_list("id", flat=True)
    )
    for start in range(0, len(ids), PROCESS_BATCH):
        process_raw_emails.enqueue(raw_email_ids=ids[start : start + PROCESS_BATCH])
    return ids
