"""An agent's notifications (mentions) in this workspace: list, open, mark read."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from samadhan.accounts.access import Actor
from samadhan.notifications.models import Notification
from samadhan.notifications.services import notification_mark_read
from samadhan.ui.workspace import workspace_view

SHOWN = 50


@require_GET
@workspace_view()
def notification_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    rows = list(
        Notification.objects.filter(agent=actor.agent, workspace_id=actor.workspace_id)
        .select_related("ticket", "actor")
        .order_by("-created_at", "-id")[:SHOWN]
    )
    return render(request, "ui/notifications.html", {"notifications": rows})


@require_GET
@workspace_view()
def notification_open(request: HttpRequest, actor: Actor, notification_id: int) -> HttpResponse:
    """Follow a notification to its message; it counts as read from then on."""
    notification = (
        Notification.objects.filter(
            agent=actor.agent, workspace_id=actor.workspace_id, pk=notification_id
        )
        .select_related("ticket")
        .first()
    )
    if notification is None or notification.ticket is None:
        raise Http404
    notification_mark_read(agent=actor.agent, ids=[notification.pk])
    url = reverse("ui:ticket", args=[actor.workspace.slug, notification.ticket.number])
    return redirect(f"{url}#m{notification.message_id}" if notification.message_id else url)


@require_POST
@workspace_view()
def notification_read_all(request: HttpRequest, actor: Actor) -> HttpResponse:
    ids = list(
        Notification.objects.filter(
            agent=actor.agent, workspace_id=actor.workspace_id, read_at__isnull=True
        ).values_list("id", flat=True)
    )
    notification_mark_read(agent=actor.agent, ids=ids)
    return redirect("ui:notifications", actor.workspace.slug)
