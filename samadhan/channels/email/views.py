"""The original of an inbound email, as it arrived, for the agents who can see its ticket."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from samadhan.accounts.access import Actor
from samadhan.channels.email.models import RawEmail
from samadhan.core.errors import AppError
from samadhan.tickets.access import access_ticket
from samadhan.ui.workspace import workspace_view


@workspace_view()
@require_GET
def message_original(
    request: HttpRequest, actor: Actor, number: int, message_id: int
) -> FileResponse:
    try:
        ticket = access_ticket(actor, number)
    except AppError:
        raise Http404 from None
    raw = (
        RawEmail.objects.filter(
            workspace_id=actor.workspace_id,
            result_message_id=message_id,
            result_message__ticket=ticket,
        )
        .order_by("id")
        .first()
    )
    if raw is None:
        raise Http404
    response = FileResponse(
        raw.file.open("rb"),
        as_attachment=True,
        filename=f"message-{message_id}.eml",
        content_type="message/rfc822",
    )
    # A download, never rendered: the mail's HTML must not run on our origin.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response
