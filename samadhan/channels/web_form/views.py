"""The public web form of a web-form inbox: customers write in, a ticket opens."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samadhan.channels.models import Inbox, InboxKind
from samadhan.channels.web_form.forms import ContactForm
from samadhan.contacts.services import contact_find_or_create
from samadhan.core import ratelimit
from samadhan.core.errors import AppError
from samadhan.tickets.services.ticket import ticket_create
from samadhan.tickets.timeline import CONTACT_AUTHOR

SUBMISSIONS_PER_HOUR = 20


def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


@require_http_methods(["GET", "POST"])
def web_form(request: HttpRequest, public_id: str) -> HttpResponse:
    inbox = (
        Inbox.objects.select_related("workspace")
        .filter(public_id=public_id, kind=InboxKind.WEB_FORM, is_active=True)
        .first()
    )
    if inbox is None:
        raise Http404
    context: dict[str, object] = {"inbox": inbox, "workspace": inbox.workspace}
    if request.method == "GET":
        context["form"] = ContactForm()
        return render(request, "channels/web_form.html", context)

    form = ContactForm(request.POST)
    context["form"] = form
    verdict = ratelimit.hit(
        key=f"webform:{inbox.pk}:{_client_ip(request)}",
        limit=SUBMISSIONS_PER_HOUR,
        window_seconds=3600,
    )
    if not verdict.allowed:
        context["error"] = _("Too many messages from your address; please try again later.")
        response = render(request, "channels/web_form.html", context, status=429)
        response["Retry-After"] = str(verdict.retry_after)
        return response
    if not form.is_valid():
        return render(request, "channels/web_form.html", context, status=422)
    if form.cleaned_data["website"]:
        # Honeypot filled: answer like a success, keep nothing.
        return render(request, "channels/web_form_sent.html", context)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            contact = contact_find_or_create(
                workspace=inbox.workspace,
                email=data["email"],
                name=data["name"],
                language=request.LANGUAGE_CODE,
            )
            ticket = ticket_create(
                workspace=inbox.workspace,
                author=CONTACT_AUTHOR,
                contact=contact,
                subject=data["subject"],
                body_text=data["message"],
                language=contact.language,
                inbox=inbox,
                require_custom_fields=False,
            )
    except AppError as exc:
        context["error"] = exc.message
        return render(request, "channels/web_form.html", context, status=422)
    context["ticket"] = ticket
    return render(request, "channels/web_form_sent.html", context)
