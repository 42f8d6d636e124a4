from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samadhan.channels.models import Inbox
from samadhan.core.models import TimestampedModel
from samadhan.tickets.models import Ticket
from samadhan.workspaces.models import Workspace

# Measured by benchmarks/bot_eval.py on benchmarks/kb_eval (docs/bots.md): the
# lowest top-result score at which the top article is right >= 90% of the time.
DEFAULT_THRESHOLD = 0.92
DEFAULT_MAX_ARTICLES = 3


class BotSettings(TimestampedModel):
    """The answer bot of one inbox (1:1), off until someone turns it on."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    inbox = models.OneToOneField(Inbox, on_delete=models.CASCADE, related_name="bot_settings")
    enabled = models.BooleanField(_("enabled"), default=False)
    answer_chat = models.BooleanField(_("answer new chat messages"), default=True)
    answer_email = models.BooleanField(_("answer new email tickets"), default=True)
    threshold = models.FloatField(_("confidence threshold"), default=DEFAULT_THRESHOLD)
    max_articles = models.PositiveSmallIntegerField(
        _("articles offered"), default=DEFAULT_MAX_ARTICLES
    )
    generative = models.BooleanField(_("generative answers"), default=False)
    # An OpenAI-compatible chat endpoint; blank fields fall back to the
    # deployment's SAMADHAN_BOT_LLM_* environment variables.
    llm_url = models.CharField(_("chat endpoint base URL"), max_length=500, blank=True)
    llm_model = models.CharField(_("model"), max_length=200, blank=True)
    llm_api_key = models.CharField(_("API key"), max_length=500, blank=True)

    def __str__(self) -> str:
        return f"bot of inbox {self.inbox_id}"


class BotState(models.TextChoices):
    ANSWERED = "answered", _("Answered, waiting for the customer")
    SOLVED = "solved", _("Solved by the bot")
    HANDED_OFF = "handed_off", _("Handed off to a person")
    NOTHING_FOUND = "nothing_found", _("Nothing confident found; handed off")


class BotConversation(TimestampedModel):
    """What the bot did on one ticket: at most one answer and one follow-up, ever."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="bot_conversation")
    state = models.CharField(max_length=16, choices=BotState.choices)
    language = models.CharField(max_length=16, blank=True)
    question = models.TextField(blank=True)
    # The message the bot acted on, and its own answer (None when it stayed silent).
    trigger_message_id = models.BigIntegerField()
    answer_message_id = models.BigIntegerField(null=True, blank=True)
    # [{"article_id", "title", "url", "score"}...]: what was offered or considered.
    articles = models.JSONField(default=list, blank=True)
    top_score = models.FloatField(null=True, blank=True)
    generative = models.BooleanField(default=False)
    customer_reply = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "state", "created_at"], name="bot_conv_ws_state")
        ]

    def __str__(self) -> str:
        return f"bot on ticket {self.ticket_id}: {self.state}"
