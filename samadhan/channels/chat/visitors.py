"""Chat visitors: sessions, identity verification, messages, uploads, receipts.

Every write a visitor makes goes through here; the HTTP views and the socket
consumer only authenticate, check limits and call one of these.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import IO

from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samadhan.channels.chat.models import ChatSettings, ChatVisitor
from samadhan.contacts.models import Contact, IdentityKind
from samadhan.contacts.services import contact_create, contact_find_by_identity, identity_add
from samadhan.core.conf import max_attachment_bytes
from samadhan.core.errors import AppError, ErrorCode, TooLarge, ValidationFailed
from samadhan.kb.search.analysis import detect_language
from samadhan.tickets.models import Attachment, Message, MessageKind, Status, Ticket
from samadhan.tickets.services.message import attachment_upload, message_create
from samadhan.tickets.services.ticket import ticket_create
from samadhan.tickets.timeline import CONTACT_AUTHOR

MAX_MESSAGE_CHARS = 5000
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
UPLOAD_TYPES = frozenset(
    {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain"}
)
# A socket pings every 30 s and a long poll lasts 25 s: past this the visitor has left.
CONNECTED_FOR = timedelta(seconds=75)
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_UPLOAD_SALT = "samadhan.chat.upload"


class VisitorRefused(AppError):
    code = ErrorCode.UNAUTHORIZED


class IdentityRefused(AppError):
    code = ErrorCode.PERMISSION_DENIED


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True, kw_only=True)
class Identification:
    """What the host page says about its signed-in user (``user_hash`` proves it)."""

    user_id: str = ""
    email: str = ""
    name: str = ""
    user_hash: str = ""


@dataclass(frozen=True, kw_only=True)
class Session:
    visitor: ChatVisitor
    # Only when a new token was issued (a new visitor); otherwise the client keeps its own.
    token: str | None


def identity_hash(*, secret: str, value: str) -> str:
    """``HMAC-SHA256(secret, user_id or email)`` as hex, as the host's server computes it."""
    return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()


def identity_verify(*, chat_settings: ChatSettings, ident: Identification) -> str:
    """The signed value (user_id, else email) when ``user_hash`` matches, else raise."""
    signed = ident.user_id or ident.email
    if not signed:
        raise IdentityRefused(_("Identify a user with a user_id or an email."))
    expected = identity_hash(secret=chat_settings.identity_secret, value=signed)
    if not chat_settings.identity_secret or not hmac.compare_digest(
        expected, ident.user_hash.strip().lower()
    ):
        raise IdentityRefused(
            _("The user_hash does not match: compute HMAC-SHA256(identity secret, %(field)s).")
            % {"field": "user_id" if ident.user_id else "email"}
        )
    return signed


def visitor_authenticate(*, chat_settings: ChatSettings, token: str) -> ChatVisitor:
    """The visitor owning ``token`` in this inbox; any other token is refused."""
    visitor = (
        ChatVisitor.objects.filter(token_hash=token_hash(token), inbox_id=chat_settings.inbox_id)
        .select_related("inbox", "contact")
        .first()
        if token
        else None
    )
    if visitor is None:
        raise VisitorRefused(_("This chat session is unknown or has expired; start a new one."))
    return visitor


def _open_ticket(*, inbox_id: int, contact_id: int) -> Ticket | None:
    """The contact's latest chat ticket in this inbox that is not closed (history to resume)."""
    return (
        Ticket.objects.filter(inbox_id=inbox_id, contact_id=contact_id, merged_into__isnull=True)
        .exclude(status=Status.CLOSED)
        .order_by("-last_message_at", "-id")
        .first()
    )


def _new_visitor(
    chat_settings: ChatSettings, *, language: str, contact: Contact | None
) -> tuple[ChatVisitor, str]:
    raw = "chv_" + secrets.token_urlsafe(32)
    visitor = ChatVisitor.objects.create(
        workspace_id=chat_settings.inbox.workspace_id,
        inbox=chat_settings.inbox,
        token_hash=token_hash(raw),
        uid=secrets.token_hex(12),
        contact=contact,
        language=language,
        name=contact.name if contact else "",
        ticket=(
            _open_ticket(inbox_id=chat_settings.inbox_id, contact_id=contact.pk)
            if contact
            else None
        ),
    )
    visitor.inbox = chat_settings.inbox
    return visitor, raw


def _identified_contact(chat_settings: ChatSettings, ident: Identification) -> Contact:
    workspace = chat_settings.inbox.workspace
    wanted = [(IdentityKind.EXTERNAL, ident.user_id), (IdentityKind.EMAIL, ident.email)]
    contact = None
    for kind, value in wanted:
        if value:
            contact = contact_find_by_identity(workspace_id=workspace.pk, kind=kind, value=value)
            if contact is not None:
                break
    if contact is None:
        return contact_create(
            workspace=workspace, name=ident.name, identities=[(k, v) for k, v in wanted if v]
        )
    _identities_try_add(contact, wanted)
    return contact


def _identities_try_add(contact: Contact, pairs: list[tuple[IdentityKind, str]]) -> bool:
    """Add what is free; False when one of them belongs to another contact."""
    free = True
    for kind, value in pairs:
        if value:
            try:
                with transaction.atomic():
                    identity_add(contact=contact, kind=kind, value=value)
            except (ValidationFailed, IntegrityError):
                free = False
    return free


def _anonymous(contact: Contact) -> bool:
    return not contact.identities.filter(
        kind__in=(IdentityKind.EXTERNAL, IdentityKind.EMAIL)
    ).exists()


@transaction.atomic
def chat_session_start(
    *,
    chat_settings: ChatSettings,
    token: str = "",
    language: str = "",
    ident: Identification | None = None,
) -> Session:
    """Resume the visitor owning ``token`` or start a new one; join a verified user.

    An unknown token starts a new anonymous session (the widget keeps the new
    token). A verified identity resumes that contact's open chat; an anonymous
    visitor who signs in keeps the conversation and the contact becomes theirs.
    """
    visitor: ChatVisitor | None = None
    if token:
        try:
            visitor = visitor_authenticate(chat_settings=chat_settings, token=token)
        except VisitorRefused:
            visitor = None
    raw: str | None = None
    if ident is not None:
        identity_verify(chat_settings=chat_settings, ident=ident)
        pairs = [(IdentityKind.EXTERNAL, ident.user_id), (IdentityKind.EMAIL, ident.email)]
        joined = False
        if visitor is not None and visitor.contact is not None and _anonymous(visitor.contact):
            joined = _identities_try_add(visitor.contact, pairs)
        if not joined:
            contact = _identified_contact(chat_settings, ident)
            if visitor is None or visitor.contact_id != contact.pk:
                if visitor is not None and visitor.contact is None:
                    visitor.contact = contact
                    visitor.ticket = _open_ticket(
                        inbox_id=chat_settings.inbox_id, contact_id=contact.pk
                    )
                else:
                    visitor, raw = _new_visitor(chat_settings, language=language, contact=contact)
        if ident.name and visitor is not None:
            visitor.name = ident.name[:200]
        if ident.email and visitor is not None:
            visitor.email = ident.email[:254]
    if visitor is None:
        visitor, raw = _new_visitor(chat_settings, language=language, contact=None)
    if language:
        visitor.language = language
    visitor.last_seen_at = timezone.now()
    visitor.save()
    return Session(visitor=visitor, token=raw)


def chat_visitor_profile(*, visitor: ChatVisitor, name: str, email: str) -> ChatVisitor:
    """The pre-chat form: a name and an email to continue by email later."""
    name, email = name.strip()[:200], email.strip()[:254]
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            message = _("Enter a valid email address.")
            raise ValidationFailed(message, fields={"email": [str(message)]}) from None
    with transaction.atomic():
        visitor.name = name or visitor.name
        visitor.email = email or visitor.email
        visitor.save(update_fields=["name", "email"])
        if visitor.contact is not None:
            if name and not visitor.contact.name:
                visitor.contact.name = name
                visitor.contact.save(update_fields=["name"])
            if email:
                _identities_try_add(visitor.contact, [(IdentityKind.EMAIL, email)])
    return visitor


def _visitor_contact(visitor: ChatVisitor) -> Contact:
    if visitor.contact is not None:
        return visitor.contact
    workspace = visitor.inbox.workspace
    contact = None
    if visitor.email:
        contact = contact_find_by_identity(
            workspace_id=workspace.pk, kind=IdentityKind.EMAIL, value=visitor.email
        )
    if contact is None:
        contact = contact_create(
            workspace=workspace,
            name=visitor.name,
            email=visitor.email or None,
            language=visitor.language,
        )
    identity_add(contact=contact, kind=IdentityKind.CHAT_VISITOR, value=visitor.uid)
    visitor.contact = contact
    return contact


def external_id_for(visitor: ChatVisitor, client_id: str) -> str:
    return f"chat:{visitor.uid}:{client_id}"


def _subject(text: str) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line[:80] if line else str(_("Chat"))


def _check_text(client_id: str, text: str, uploads: list[str]) -> None:
    if not _CLIENT_ID.match(client_id):
        message = _("Give each message a client_id of 1 to 64 letters, digits, - or _.")
        raise ValidationFailed(message, fields={"client_id": [str(message)]})
    if len(text) > MAX_MESSAGE_CHARS:
        raise TooLarge(
            _("The message is longer than %(max)d characters; send it in parts."),
            params={"max": MAX_MESSAGE_CHARS},
            fields={"text": [str(_("Too long."))]},
        )
    if not text.strip() and not uploads:
        message = _("Write a message or attach a file.")
        raise ValidationFailed(message, fields={"text": [str(message)]})


def _claim_ids(visitor: ChatVisitor, uploads: list[str]) -> list[int]:
    ids: list[int] = []
    for upload in uploads:
        try:
            attachment_id, uid = signing.loads(upload, salt=_UPLOAD_SALT)
        except (signing.BadSignature, ValueError, TypeError):
            attachment_id, uid = None, None
        if uid != visitor.uid or not isinstance(attachment_id, int):
            message = _("Unknown upload; attach the file again.")
            raise ValidationFailed(message, fields={"attachments": [str(message)]})
        ids.append(attachment_id)
    return ids


def chat_message_send(
    *, visitor: ChatVisitor, client_id: str, text: str, uploads: list[str] | None = None
) -> tuple[Message, bool]:
    """The visitor's message, once per ``client_id``: (message, created now).

    The first message opens the chat ticket in the inbox (team and language from
    the inbox and the widget); a retry with the same ``client_id`` returns the
    message already stored, whatever happened to the first attempt's answer.
    """
    uploads = uploads or []
    _check_text(client_id, text, uploads)
    external_id = external_id_for(visitor, client_id)
    existing = Message.objects.filter(inbox_id=visitor.inbox_id, external_id=external_id).first()
    if existing is not None:
        return existing, False
    attachment_ids = _claim_ids(visitor, uploads)
    # A socket holds its visitor for hours: the pre-chat form or another tab changed it.
    visitor.refresh_from_db(fields=["name", "email", "language", "contact", "ticket"])
    try:
        with transaction.atomic():
            message = _store(visitor, text, external_id, attachment_ids)
    except IntegrityError:
        # The same client_id raced in on another connection: that one was stored.
        existing = Message.objects.filter(
            inbox_id=visitor.inbox_id, external_id=external_id
        ).first()
        if existing is None:
            raise
        return existing, False
    return message, True


def _store(visitor: ChatVisitor, text: str, external_id: str, attachment_ids: list[int]) -> Message:
    inbox = visitor.inbox
    contact = _visitor_contact(visitor)
    ticket = (
        Ticket.objects.select_related("workspace", "contact").filter(pk=visitor.ticket_id).first()
        if visitor.ticket_id
        else None
    )
    if ticket is None:
        if not text.strip():
            # A ticket opens with a text: a photo alone is named by its file.
            names = Attachment.objects.filter(
                workspace_id=visitor.workspace_id, pk__in=attachment_ids, message__isnull=True
            ).values_list("filename", flat=True)
            text = ", ".join(sorted(names)) or str(_("Attachment"))
        ticket = ticket_create(
            workspace=inbox.workspace,
            author=CONTACT_AUTHOR,
            contact=contact,
            subject=_subject(text),
            body_text=text,
            # What they wrote in, else the widget's language (the host page's, the browser's).
            language=detect_language(text, languages=inbox.workspace.languages) or visitor.language,
            inbox=inbox,
            external_id=external_id,
            attachment_ids=attachment_ids,
            require_custom_fields=False,
        )
        message = ticket.messages.get()
    else:
        message = message_create(
            ticket=ticket,
            author=CONTACT_AUTHOR,
            kind=MessageKind.INBOUND,
            body_text=text,
            contact=contact,
            inbox=inbox,
            external_id=external_id,
            attachment_ids=attachment_ids,
        )
    visitor.ticket_id = message.ticket_id
    visitor.last_seen_at = timezone.now()
    visitor.save(update_fields=["contact", "ticket", "last_seen_at"])
    return message


def chat_upload(
    *, visitor: ChatVisitor, filename: str, content_type: str, stream: IO[bytes], size: int
) -> tuple[Attachment, str]:
    """Store a file the visitor attaches; the returned token claims it in the next message."""
    content_type = (content_type or "").split(";")[0].strip().lower()
    if content_type not in UPLOAD_TYPES:
        raise AppError(
            _("Send images (PNG, JPEG, GIF, WebP), PDF or plain text files."),
            code=ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            fields={"file": [str(_("Type not allowed."))]},
        )
    limit = min(MAX_UPLOAD_BYTES, max_attachment_bytes())
    if size > limit:
        raise TooLarge(
            _("The file is larger than %(max)d bytes."),
            params={"max": limit},
            fields={"file": [str(_("Too large."))]},
        )
    attachment = attachment_upload(
        workspace_id=visitor.workspace_id,
        uploaded_by=None,
        filename=filename,
        content_type=content_type,
        stream=stream,
        size=size,
    )
    return attachment, signing.dumps([attachment.pk, visitor.uid], salt=_UPLOAD_SALT)


def chat_read(*, visitor: ChatVisitor, up_to_message_id: int) -> bool:
    """The visitor has seen the messages up to this id (only ever moves forward)."""
    updated = ChatVisitor.objects.filter(pk=visitor.pk, read_up_to__lt=up_to_message_id).update(
        read_up_to=up_to_message_id
    )
    if updated:
        visitor.read_up_to = up_to_message_id
    return bool(updated)


def chat_agent_read(*, ticket_id: int, up_to_message_id: int) -> None:
    """An agent has read the conversation this far: the ticks survive a reload."""
    ChatVisitor.objects.filter(ticket_id=ticket_id, agent_read_up_to__lt=up_to_message_id).update(
        agent_read_up_to=up_to_message_id
    )


def chat_visitor_presence(*, visitor_id: int, connected: bool) -> None:
    """A socket or poll opened (or pinged), or the last one closed."""
    now = timezone.now()
    ChatVisitor.objects.filter(pk=visitor_id).update(
        connected_until=now + CONNECTED_FOR if connected else now, last_seen_at=now
    )
