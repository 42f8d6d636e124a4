"""An inbox's answer bot: on or off, where it answers, its threshold, generative answers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from samadhan.accounts.access import Actor
from samadhan.accounts.models import Role
from samadhan.bots.configuration import (
    BOT_KINDS,
    MAX_ARTICLES,
    BotSettingsChanges,
    bot_settings_get,
    bot_settings_update,
)
from samadhan.bots.models import DEFAULT_THRESHOLD, BotSettings
from samadhan.channels.models import Inbox
from samadhan.core.errors import AppError
from samadhan.ui.views.settings_base import bound, form_errors_from, get_or_404, settings_render
from samadhan.ui.workspace import workspace_view


class BotSettingsForm(forms.Form):
    enabled = forms.BooleanField(label=_("Answer bot on"), required=False)
    answer_chat = forms.BooleanField(
        label=_("Answer new chat conversations"),
        required=False,
        help_text=_("On a chat inbox: the visitor's first message."),
    )
    answer_email = forms.BooleanField(
        label=_("Answer new email tickets"),
        required=False,
        help_text=_("On an email inbox: the first mail of a new ticket."),
    )
    threshold = forms.FloatField(
        label=_("Confidence threshold"),
        min_value=0,
        max_value=2,
        help_text=_(
            "The bot answers only when the best article scores at least this much; "
            "otherwise it hands the ticket to your team at once. Measured default: %(value)s."
        )
        % {"value": f"{DEFAULT_THRESHOLD:.2f}"},
    )
    max_articles = forms.IntegerField(
        label=_("Articles offered"), min_value=1, max_value=MAX_ARTICLES
    )
    generative = forms.BooleanField(
        label=_("Generative answers"),
        required=False,
        help_text=_(
            "Write a short answer from the articles found, citing them, through an "
            "OpenAI-compatible chat endpoint. Without an endpoint, or when the model "
            "finds no answer in the articles, the bot sends the article links."
        ),
    )
    llm_url = forms.URLField(
        assume_scheme="https",
        label=_("Chat endpoint base URL"),
        required=False,
        help_text=_("Ending in /v1. Empty: the server's SAMADHAN_BOT_LLM_URL."),
    )
    llm_model = forms.CharField(label=_("Model"), max_length=200, required=False)
    llm_api_key = forms.CharField(
        label=_("API key"),
        max_length=500,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to keep the saved one."),
    )

    def changes(self) -> BotSettingsChanges:
        data = self.cleaned_data
        return BotSettingsChanges(
            enabled=data["enabled"],
            answer_chat=data["answer_chat"],
            answer_email=data["answer_email"],
            threshold=data["threshold"],
            max_articles=data["max_articles"],
            generative=data["generative"],
            llm_url=data["llm_url"],
            llm_model=data["llm_model"],
            llm_api_key=data["llm_api_key"] or None,
        )


def _initial(bot: BotSettings) -> dict[str, Any]:
    return {
        "enabled": bot.enabled,
        "answer_chat": bot.answer_chat,
        "answer_email": bot.answer_email,
        "threshold": bot.threshold,
        "max_articles": bot.max_articles,
        "generative": bot.generative,
        "llm_url": bot.llm_url,
        "llm_model": bot.llm_model,
    }


@workspace_view(minimum=Role.ADMIN)
@require_http_methods(["GET", "POST"])
def inbox_bot(request: HttpRequest, actor: Actor, inbox_id: int) -> HttpResponse:
    inbox = get_or_404(Inbox.objects.filter(workspace=actor.workspace), inbox_id)
    if inbox.kind not in BOT_KINDS:
        raise Http404
    bot = bot_settings_get(inbox=inbox)
    form = BotSettingsForm(bound(request), initial=_initial(bot))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                bot_settings_update(inbox=inbox, by=actor.agent, changes=form.changes())
            except AppError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("The answer bot's settings are saved."))
                return redirect("ui:settings_inbox_bot", actor.workspace.slug, inbox.pk)
    context = {"form": form, "inbox": inbox, "bot": bot}
    return settings_render(
        request, actor, "ui/settings/inbox_bot.html", context, section="inboxes", status=status
    )
