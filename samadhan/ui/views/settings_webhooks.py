"""Webhooks: where ticket events are sent, and the log of every delivery."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from samadhan.accounts.access import Actor
from samadhan.accounts.models import Role
from samadhan.core.domain_events import EventType
from samadhan.core.errors import AppError
from samadhan.ui.views.settings_base import bound, form_errors_from, get_or_404, settings_render
from samadhan.ui.workspace import workspace_view
from samadhan.webhooks.models import WebhookDelivery, WebhookSubscription
from samadhan.webhooks.services import (
    webhook_create,
    webhook_delete,
    webhook_delivery_retry,
    webhook_send_test,
    webhook_update,
)

DELIVERIES_SHOWN = 50


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("Receiver URL"),
        max_length=2000,
        assume_scheme="https",
        help_text=_("A public http or https address; each event is POSTed to it as JSON."),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(e.value, e.value) for e in EventType],
        help_text=_("None ticked: every event."),
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("A paused webhook sends nothing; its pending retries stop."),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["is_active"]


def _webhooks(actor: Actor) -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.filter(workspace=actor.workspace)


@workspace_view(minimum=Role.ADMIN)
@require_http_methods(["GET", "POST"])
def webhook_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = WebhookForm(bound(request))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                webhook = webhook_create(
                    workspace=actor.workspace,
                    url=form.cleaned_data["url"],
                    events=form.cleaned_data["events"],
                    description=form.cleaned_data["description"],
                    by=actor.agent,
                )
            except AppError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(
                    request, _("The webhook is created. Copy its signing secret below.")
                )
                return redirect("ui:settings_webhook", actor.workspace.slug, webhook.pk)
    webhooks = _webhooks(actor).order_by("-is_active", "id")
    return settings_render(
        request,
        actor,
        "ui/settings/webhooks.html",
        {"form": form, "webhooks": webhooks},
        section="webhooks",
        status=status,
    )


@workspace_view(minimum=Role.ADMIN)
@require_http_methods(["GET", "POST"])
def webhook_detail(request: HttpRequest, actor: Actor, webhook_id: int) -> HttpResponse:
    webhook = get_or_404(_webhooks(actor), webhook_id)
    form = WebhookForm(
        bound(request),
        editing=True,
        initial={
            "url": webhook.url,
            "description": webhook.description,
            "events": webhook.events,
            "is_active": webhook.is_active,
        },
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                webhook_update(
                    subscription=webhook,
                    url=form.cleaned_data["url"],
                    events=form.cleaned_data["events"],
                    description=form.cleaned_data["description"],
                    is_active=form.cleaned_data["is_active"],
                    by=actor.agent,
                )
            except AppError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("The webhook is saved."))
                return redirect("ui:settings_webhook", actor.workspace.slug, webhook.pk)
    deliveries = WebhookDelivery.objects.filter(
        workspace=actor.workspace, subscription=webhook
    ).order_by("-created_at", "-id")[:DELIVERIES_SHOWN]
    context = {"form": form, "webhook": webhook, "deliveries": deliveries}
    return settings_render(
        request, actor, "ui/settings/webhook.html", context, section="webhooks", status=status
    )


@workspace_view(minimum=Role.ADMIN)
@require_POST
def webhook_remove(request: HttpRequest, actor: Actor, webhook_id: int) -> HttpResponse:
    webhook = get_or_404(_webhooks(actor), webhook_id)
    if not request.POST.get("confirm"):
        messages.error(request, _("Tick the box to confirm."))
        return redirect("ui:settings_webhook", actor.workspace.slug, webhook.pk)
    webhook_delete(subscription=webhook, by=actor.agent)
    messages.success(request, _("The webhook is deleted."))
    return redirect("ui:settings_webhooks", actor.workspace.slug)


@workspace_view(minimum=Role.ADMIN)
@require_POST
def webhook_test(request: HttpRequest, actor: Actor, webhook_id: int) -> HttpResponse:
    webhook = get_or_404(_webhooks(actor), webhook_id)
    try:
        webhook_send_test(subscription=webhook)
    except AppError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("A test event is on its way; its delivery is listed below."))
    return redirect("ui:settings_webhook", actor.workspace.slug, webhook.pk)


@workspace_view(minimum=Role.ADMIN)
@require_POST
def delivery_retry(
    request: HttpRequest, actor: Actor, webhook_id: int, delivery_id: int
) -> HttpResponse:
    webhook = get_or_404(_webhooks(actor), webhook_id)
    delivery = get_or_404(
        WebhookDelivery.objects.filter(workspace=actor.workspace, subscription=webhook),
        delivery_id,
    )
    try:
        webhook_delivery_retry(delivery=delivery)
    except AppError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The delivery is sent again."))
    return redirect("ui:settings_webhook", actor.workspace.slug, webhook.pk)
