"""Agent pages of KB search: article suggestions beside a ticket, and content gaps.

The suggestions are an htmx partial the ticket page loads after it rendered
(``hx-trigger="load"``), so the query embedding never delays the ticket.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samadhan.accounts.access import Actor
from samadhan.accounts.models import Role
from samadhan.core.errors import AppError
from samadhan.kb.access import kb_readable_statuses
from samadhan.kb.models import ArticleStatus, ArticleTranslation, SearchSource
from samadhan.kb.search.chunks import plain_text
from samadhan.kb.search.selectors import GAP_DAYS, kb_content_gaps, kb_search
from samadhan.tickets.access import access_ticket
from samadhan.tickets.models import Message, MessageKind
from samadhan.ui.workspace import workspace_view

SUGGESTIONS = 3
QUERY_CHARS = 500
INSERT_CHARS = 3000


@workspace_view()
def ticket_suggestions(request: HttpRequest, actor: Actor, number: int) -> HttpResponse:
    try:
        ticket = access_ticket(actor, number)
    except AppError:
        return HttpResponse(status=404)
    latest = (
        Message.objects.filter(
            workspace_id=actor.workspace.pk, ticket_id=ticket.pk, kind=MessageKind.INBOUND
        )
        .order_by("-created_at", "-id")
        .values_list("body_text", flat=True)
        .first()
    )
    query = f"{ticket.subject}\n{latest or ''}".strip()[:QUERY_CHARS]
    language = ticket.language or (ticket.contact.language if ticket.contact_id else "") or None
    hits = (
        kb_search(
            workspace_id=actor.workspace.pk,
            query=query,
            language=language,
            limit=SUGGESTIONS,
            include_internal=ArticleStatus.INTERNAL in kb_readable_statuses(actor),
            source=SearchSource.AGENT,
            # Suggestions are not searches someone typed: the content-gaps report skips them.
            log=False,
        )
        if query
        else []
    )
    texts = dict(
        ArticleTranslation.objects.filter(
            workspace_id=actor.workspace.pk, pk__in=[h.translation_id for h in hits]
        ).values_list("pk", "body_markdown")
    )
    rows = [
        {
            "hit": hit,
            "other_language": bool(language) and hit.language != language,
            "absolute_url": request.build_absolute_uri(hit.url),
            "text": plain_text(texts.get(hit.translation_id, ""))[:INSERT_CHARS],
        }
        for hit in hits
    ]
    return render(request, "kb_search/suggestions.html", {"rows": rows, "language": language})


@workspace_view(minimum=Role.MANAGER)
def content_gaps(request: HttpRequest, actor: Actor) -> HttpResponse:
    gaps = kb_content_gaps(workspace_id=actor.workspace.pk)
    languages = sorted({gap.language for gap in gaps})
    by_language = [(code, [g for g in gaps if g.language == code]) for code in languages]
    return render(
        request,
        "kb_search/gaps.html",
        {"workspace": actor.workspace, "by_language": by_language, "days": GAP_DAYS},
    )
