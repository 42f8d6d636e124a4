"""Inboxes: the channels tickets arrive through (API, web form, email and live chat)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings as django_settings
from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from samadhan.accounts.access import Actor
from samadhan.accounts.models import Role, Team
from samadhan.channels.chat.api import widget_snippet
from samadhan.channels.chat.models import ChatSettings, Position
from samadhan.channels.chat.services import (
    ChatSettingsChanges,
    chat_identity_secret_rotate,
    chat_inbox_create,
    chat_settings_update,
)
from samadhan.channels.email.models import EmailSettings, Security
from samadhan.channels.email.services import (
    SECRET_FIELDS,
    EmailSettingsChanges,
    email_inbox_create,
    email_ingest_secret_rotate,
    email_settings_update,
)
from samadhan.channels.models import Inbox, InboxKind
from samadhan.channels.services import CREATABLE_KINDS, inbox_create, inbox_update
from samadhan.core.conf import public_url
from samadhan.core.errors import AppError
from samadhan.ui.views.settings_base import (
    bound,
    form_errors_from,
    get_or_404,
    lines,
    settings_render,
)
from samadhan.ui.workspace import workspace_view


class InboxForm(forms.Form):
    kind = forms.ChoiceField(label=_("Channel"))
    name = forms.CharField(label=_("Inbox name"), max_length=120)
    address = forms.EmailField(
        label=_("Support email address"),
        required=False,
        help_text=_("For email inboxes: the address customers write to."),
    )
    default_team = forms.TypedChoiceField(
        label=_("Route new tickets to team"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("A paused inbox accepts no new tickets."),
    )

    def __init__(self, *args: Any, actor: Actor, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = Team.objects.filter(workspace=actor.workspace).order_by("name")
        self.fields["default_team"].choices = [  # type: ignore[attr-defined]
            ("", _("No team")),
            *((t.pk, t.name) for t in teams),
        ]
        if editing:
            del self.fields["kind"]
            del self.fields["address"]
        else:
            self.fields["kind"].choices = [  # type: ignore[attr-defined]
                (kind.value, kind.label) for kind in CREATABLE_KINDS
            ]
            del self.fields["is_active"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == InboxKind.EMAIL and not cleaned.get("address"):
            self.add_error("address", _("An email inbox needs its address."))
        return cleaned


_KEEP = _("Leave empty to keep the saved one.")


class EmailSettingsForm(forms.Form):
    """An email inbox's settings; saved secrets are never put back into the page."""

    address = forms.EmailField(label=_("Support email address"))
    subject_prefix = forms.CharField(
        label=_("Ticket number prefix in subjects"),
        max_length=16,
        help_text=_("Replies carry [#123] in the subject; # is the prefix."),
    )
    plus_addressing = forms.BooleanField(
        label=_("Reply-To with plus addressing"),
        required=False,
        help_text=_("Replies go to support+token@… so they thread even with a changed subject."),
    )
    auto_acknowledge = forms.BooleanField(
        label=_("Acknowledge new tickets automatically"), required=False
    )
    followup_after_days = forms.IntegerField(
        label=_("Reply after closing opens a follow-up after (days)"), min_value=0, max_value=3650
    )
    create_tickets_from_agent_forwards = forms.BooleanField(
        label=_("Agents' forwarded mail becomes a ticket for the original sender"),
        required=False,
    )
    imap_host = forms.CharField(label=_("IMAP host"), max_length=255, required=False)
    imap_port = forms.IntegerField(label=_("IMAP port"), min_value=1, max_value=65535)
    imap_security = forms.ChoiceField(label=_("IMAP security"), choices=Security.choices)
    imap_username = forms.CharField(label=_("IMAP username"), max_length=255, required=False)
    imap_password = forms.CharField(
        label=_("IMAP password"),
        max_length=1024,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_KEEP,
    )
    imap_oauth2_token = forms.CharField(
        label=_("IMAP OAuth2 access token"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_KEEP,
    )
    imap_folder = forms.CharField(label=_("Folder to read"), max_length=255)
    imap_processed_folder = forms.CharField(
        label=_("Move processed mail to folder"),
        max_length=255,
        required=False,
        help_text=_("Empty: processed mail is only marked as read."),
    )
    imap_idle = forms.BooleanField(label=_("Use IMAP IDLE when offered"), required=False)
    smtp_host = forms.CharField(label=_("SMTP host"), max_length=255, required=False)
    smtp_port = forms.IntegerField(label=_("SMTP port"), min_value=1, max_value=65535)
    smtp_security = forms.ChoiceField(label=_("SMTP security"), choices=Security.choices)
    smtp_username = forms.CharField(label=_("SMTP username"), max_length=255, required=False)
    smtp_password = forms.CharField(
        label=_("SMTP password"),
        max_length=1024,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_KEEP,
    )
    clear_secrets = forms.BooleanField(
        label=_("Remove the saved passwords and token"), required=False
    )

    def changes(self) -> EmailSettingsChanges:
        data = dict(self.cleaned_data)
        clear = data.pop("clear_secrets", False)
        for name in SECRET_FIELDS:
            if clear:
                data[name] = ""
            elif not data.get(name):
                # Empty means "keep": the saved value is never shown, so never resent.
                data[name] = None
        return EmailSettingsChanges(**data)


class ChatSettingsForm(forms.Form):
    """A chat inbox's widget: where it may run, how it looks, what happens offline."""

    allowed_origins = forms.CharField(
        label=_("Websites allowed to show the chat"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One origin per line, like https://shop.example.com. No website: no chat."),
    )
    color = forms.CharField(
        label=_("Colour"), max_length=7, widget=forms.TextInput(attrs={"type": "color"})
    )
    position = forms.ChoiceField(
        label=pgettext_lazy("chat widget placement", "Position"), choices=Position.choices
    )
    greeting = forms.CharField(
        label=_("Greeting"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown in every language unless a language has its own below."),
    )
    avatar_url = forms.URLField(
        label=_("Avatar image (https://…)"), required=False, assume_scheme="https"
    )
    prechat_form = forms.BooleanField(
        label=_("Ask for name and email before the chat starts"), required=False
    )
    offline_email_inbox = forms.TypedChoiceField(
        label=_("When the visitor has left, reply by email from"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    expected_reply_minutes = forms.IntegerField(
        label=_("Expected reply time (minutes)"), min_value=0, max_value=10080
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        email_inboxes = Inbox.objects.filter(workspace=actor.workspace, kind=InboxKind.EMAIL)
        self.fields["offline_email_inbox"].choices = [  # type: ignore[attr-defined]
            ("", _("None: no email continuation")),
            *((i.pk, i.name) for i in email_inboxes.order_by("name")),
        ]
        for code, name in django_settings.LANGUAGES:
            self.fields[f"greeting_{code}"] = forms.CharField(
                label=_("Greeting in %(language)s") % {"language": name},
                max_length=500,
                required=False,
            )
        # The greetings per language right after the one for every language.
        names = list(self.fields)
        per_language = [n for n in names if n.startswith("greeting_")]
        rest = [n for n in names if n not in per_language]
        at = rest.index("greeting") + 1
        self.order_fields([*rest[:at], *per_language, *rest[at:]])

    def changes(self) -> ChatSettingsChanges:
        data = self.cleaned_data
        greeting = {"": data["greeting"]}
        greeting.update({code: data[f"greeting_{code}"] for code, _n in django_settings.LANGUAGES})
        return ChatSettingsChanges(
            allowed_origins=lines(data["allowed_origins"]),
            color=data["color"],
            position=data["position"],
            greeting=greeting,
            avatar_url=data["avatar_url"],
            prechat_form=data["prechat_form"],
            offline_email_inbox_id=data["offline_email_inbox"],
            set_offline_email_inbox=True,
            expected_reply_minutes=data["expected_reply_minutes"],
        )


def _chat_initial(settings: ChatSettings) -> dict[str, Any]:
    greeting = settings.greeting or {}
    initial: dict[str, Any] = {
        "allowed_origins": "\n".join(settings.allowed_origins),
        "color": settings.color,
        "position": settings.position,
        "greeting": greeting.get("", ""),
        "avatar_url": settings.avatar_url,
        "prechat_form": settings.prechat_form,
        "offline_email_inbox": settings.offline_email_inbox_id or "",
        "expected_reply_minutes": settings.expected_reply_minutes,
    }
    for code, _name in django_settings.LANGUAGES:
        initial[f"greeting_{code}"] = greeting.get(code, "")
    return initial


def _email_initial(settings: EmailSettings) -> dict[str, Any]:
    form = EmailSettingsForm()
    return {
        name: getattr(settings, name)
        for name in form.fields
        if name not in SECRET_FIELDS and name != "clear_secrets"
    }


def _inboxes(actor: Actor) -> QuerySet[Inbox]:
    return Inbox.objects.filter(workspace=actor.workspace)


def _team(actor: Actor, team_id: int | None) -> Team | None:
    if team_id is None:
        return None
    return Team.objects.filter(workspace=actor.workspace, pk=team_id).first()


def web_form_url(inbox: Inbox) -> str:
    return public_url().rstrip("/") + reverse("web-form", args=[inbox.public_id])


def _channel_detail(inbox: Inbox, addresses: dict[int, str]) -> str:
    if inbox.kind == InboxKind.WEB_FORM:
        return web_form_url(inbox)
    return addresses.get(inbox.pk, "")


@workspace_view(minimum=Role.ADMIN)
@require_http_methods(["GET", "POST"])
def inbox_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = InboxForm(bound(request), actor=actor)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["kind"] == InboxKind.CHAT:
                    inbox = chat_inbox_create(
                        workspace=actor.workspace,
                        name=data["name"],
                        default_team=_team(actor, data["default_team"]),
                        by=actor.agent,
                    )
                elif data["kind"] == InboxKind.EMAIL:
                    inbox = email_inbox_create(
                        workspace=actor.workspace,
                        name=data["name"],
                        address=data["address"],
                        default_team=_team(actor, data["default_team"]),
                        by=actor.agent,
                    )
                else:
                    inbox = inbox_create(
                        workspace=actor.workspace,
                        kind=InboxKind(data["kind"]),
                        name=data["name"],
                        default_team=_team(actor, data["default_team"]),
                        by=actor.agent,
                    )
            except AppError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("Inbox %(name)s is created.") % {"name": inbox.name})
                return redirect("ui:settings_inbox", actor.workspace.slug, inbox.pk)
    addresses = dict(
        EmailSettings.objects.filter(inbox__workspace=actor.workspace).values_list(
            "inbox_id", "address"
        )
    )
    inboxes = [
        {"inbox": inbox, "url": _channel_detail(inbox, addresses)}
        for inbox in _inboxes(actor).select_related("default_team").order_by("name")
    ]
    return settings_render(
        request,
        actor,
        "ui/settings/inboxes.html",
        {"form": form, "inboxes": inboxes},
        section="inboxes",
        status=status,
    )


@workspace_view(minimum=Role.ADMIN)
@require_http_methods(["GET", "POST"])
def inbox_detail(request: HttpRequest, actor: Actor, inbox_id: int) -> HttpResponse:
    inbox = get_or_404(_inboxes(actor), inbox_id)
    email_settings = EmailSettings.objects.filter(inbox=inbox).first()
    form = InboxForm(
        bound(request),
        actor=actor,
        editing=True,
        initial={
            "name": inbox.name,
            "default_team": inbox.default_team_id or "",
            "is_active": inbox.is_active,
        },
    )
    email_form = (
        EmailSettingsForm(bound(request), prefix="email", initial=_email_initial(email_settings))
        if email_settings is not None
        else None
    )
    chat_settings = ChatSettings.objects.filter(inbox=inbox).first()
    chat_form = (
        ChatSettingsForm(
            bound(request), prefix="chat", actor=actor, initial=_chat_initial(chat_settings)
        )
        if chat_settings is not None
        else None
    )
    extra = email_form or chat_form
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid() and (extra is None or extra.is_valid()):
            try:
                with transaction.atomic():
                    if chat_form is not None and chat_settings is not None:
                        chat_settings_update(
                            chat_settings=chat_settings, by=actor.agent, changes=chat_form.changes()
                        )
                    if email_form is not None and email_settings is not None:
                        email_settings_update(
                            email_settings=email_settings,
                            by=actor.agent,
                            changes=email_form.changes(),
                        )
                    inbox_update(
                        inbox=inbox,
                        by=actor.agent,
                        name=form.cleaned_data["name"],
                        is_active=form.cleaned_data["is_active"],
                        default_team=_team(actor, form.cleaned_data["default_team"]),
                        set_default_team=True,
                    )
            except AppError as exc:
                # A refused email setting is shown on the email form, the rest on the inbox's.
                if extra is not None and any(f in extra.fields for f in exc.fields):
                    form_errors_from(extra, exc)
                else:
                    form_errors_from(form, exc)
            else:
                messages.success(request, _("The inbox is saved."))
                return redirect("ui:settings_inboxes", actor.workspace.slug)
    context = {
        "form": form,
        "email_form": email_form,
        "email_settings": email_settings,
        "chat_form": chat_form,
        "chat_settings": chat_settings,
        "snippet": widget_snippet(inbox) if chat_settings is not None else "",
        "inbox": inbox,
        "url": web_form_url(inbox) if inbox.kind == InboxKind.WEB_FORM else "",
        "raw_email_url": public_url().rstrip("/")
        + reverse("api-v1:post_raw_email", args=[inbox.pk]),
    }
    return settings_render(
        request, actor, "ui/settings/inbox.html", context, section="inboxes", status=status
    )


@workspace_view(minimum=Role.ADMIN)
@require_POST
def inbox_ingest_secret(request: HttpRequest, actor: Actor, inbox_id: int) -> HttpResponse:
    """A new ingest secret, shown on this one page and never again."""
    inbox = get_or_404(_inboxes(actor), inbox_id)
    email_settings = EmailSettings.objects.filter(inbox=inbox).first()
    if email_settings is None:
        raise Http404
    secret = email_ingest_secret_rotate(email_settings=email_settings, by=actor.agent)
    context = {
        "inbox": inbox,
        "secret": secret,
        "raw_email_url": public_url().rstrip("/")
        + reverse("api-v1:post_raw_email", args=[inbox.pk]),
    }
    return settings_render(
        request, actor, "ui/settings/inbox_secret.html", context, section="inboxes"
    )


@workspace_view(minimum=Role.ADMIN)
@require_POST
def inbox_identity_secret(request: HttpRequest, actor: Actor, inbox_id: int) -> HttpResponse:
    """A new identity-verification secret for a chat inbox, shown on this page only."""
    inbox = get_or_404(_inboxes(actor), inbox_id)
    chat_settings = ChatSettings.objects.filter(inbox=inbox).first()
    if chat_settings is None:
        raise Http404
    secret = chat_identity_secret_rotate(chat_settings=chat_settings, by=actor.agent)
    return settings_render(
        request,
        actor,
        "ui/settings/inbox_identity_secret.html",
        {"inbox": inbox, "secret": secret},
        section="inboxes",
    )
