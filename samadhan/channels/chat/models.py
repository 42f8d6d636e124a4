"""Live chat: the widget's settings per inbox, and the visitors who write through it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samadhan.channels.models import Inbox
from samadhan.contacts.models import Contact
from samadhan.core.models import TimestampedModel
from samadhan.tickets.models import Ticket
from samadhan.workspaces.models import Workspace


class Position(models.TextChoices):
    RIGHT = "right", _("Bottom right")
    LEFT = "left", _("Bottom left")


class ChatSettings(TimestampedModel):
    """Provider config of a chat inbox (1:1); the widget is addressed by ``inbox.public_id``."""

    inbox = models.OneToOneField(Inbox, on_delete=models.CASCADE, related_name="chat")
    # "https://shop.example.com" entries; a page elsewhere cannot talk to this inbox.
    allowed_origins = models.JSONField(_("allowed origins"), default=list, blank=True)
    # Kept as is: verifying HMAC(secret, user_id) needs the secret itself. Never shown
    # again after rotation, never in the API or the audit log.
    identity_secret = models.CharField(max_length=128, blank=True)
    color = models.CharField(_("colour"), max_length=7, default="#1f6feb")
    position = models.CharField(
        _("position"), max_length=8, choices=Position.choices, default=Position.RIGHT
    )
    # {"": "one text for every language"} or {"en": "...", "hi": "..."}.
    greeting = models.JSONField(_("greeting"), default=dict, blank=True)
    avatar_url = models.URLField(_("avatar URL"), max_length=500, blank=True)
    prechat_form = models.BooleanField(_("ask name and email before the chat"), default=False)
    # Replies to a visitor who has left go out by email from this inbox.
    offline_email_inbox = models.ForeignKey(
        Inbox,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("email inbox for offline replies"),
    )
    expected_reply_minutes = models.PositiveIntegerField(_("expected reply time"), default=5)

    def __str__(self) -> str:
        return self.inbox.name


class ChatVisitor(models.Model):
    """One browser (or one identified user) talking to a chat inbox.

    Authenticated by a random token of which only the sha256 is kept, like API
    tokens. ``uid`` is the visitor's public id, stored as the contact's
    ``chat_visitor`` identity.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    inbox = models.ForeignKey(Inbox, on_delete=models.CASCADE, related_name="chat_visitors")
    token_hash = models.CharField(max_length=64, unique=True)
    uid = models.CharField(max_length=32, unique=True)
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ticket = models.ForeignKey(
        Ticket, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    language = models.CharField(max_length=16, blank=True)
    # Set while a socket or a long poll is open (refreshed by pings); replies
    # after it go out by email when the inbox continues offline chats by email.
    connected_until = models.DateTimeField(null=True, blank=True)
    # The agent messages the visitor has seen, and those the agents have seen.
    read_up_to = models.BigIntegerField(default=0)
    agent_read_up_to = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "ticket"], name="chat_visitor_ticket")]

    def __str__(self) -> str:
        return self.uid
