"""The inbox: views in the sidebar, the filter bar, the ticket list, bulk actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from samadhan.accounts.access import Actor
from samadhan.accounts.models import Membership, Role, Team
from samadhan.accounts.selectors import agent_list, team_choices
from samadhan.core.errors import AppError
from samadhan.tickets import selectors
from samadhan.tickets.access import access_ticket, require_can_edit
from samadhan.tickets.models import CustomField, Status
from samadhan.tickets.services.merge import ticket_merge
from samadhan.tickets.services.saved_view import (
    access_saved_view,
    saved_view_create,
    saved_view_delete,
)
from samadhan.tickets.services.ticket import TicketChanges, ticket_update
from samadhan.tickets.timeline import Author
from samadhan.ui.inbox_filters import (
    InboxFilterForm,
    InboxView,
    builtin_views,
    merged_params,
    saved_views,
    status_views,
    team_views,
    view_filters,
)
from samadhan.ui.workspace import workspace_view

PAGE_SIZE = 25
COUNT_CAP = 999
MAX_BULK = 100


def _custom_fields(actor: Actor) -> list[CustomField]:
    return list(
        CustomField.objects.filter(workspace_id=actor.workspace_id, is_active=True).order_by(
            "position", "id"
        )
    )


def _sidebar(actor: Actor, teams: list[Team]) -> dict[str, list[InboxView]]:
    return {
        "builtin": builtin_views(),
        "teams": team_views(teams),
        "statuses": status_views(),
        "saved": saved_views(list(selectors.saved_view_list(actor=actor))),
    }


def _lists(
    actor: Actor,
) -> tuple[list[Team], list[Membership], list[CustomField], dict[str, list[InboxView]]]:
    """What the sidebar and the filter bar choose from: teams, agents, fields, views."""
    teams = list(team_choices(actor=actor))
    return teams, list(agent_list(actor=actor)), _custom_fields(actor), _sidebar(actor, teams)


def _find_view(actor: Actor, key: str, sidebar: dict[str, list[InboxView]]) -> InboxView:
    for group in sidebar.values():
        for view in group:
            if view.key == key:
                return view
    if key.startswith("saved-") and key[6:].isdigit():
        # A saved view is found by fetching it: someone else's private one is a 404.
        try:
            access_saved_view(actor, int(key[6:]))
        except AppError:
            raise Http404 from None
    raise Http404


@require_GET
@workspace_view()
def inbox(request: HttpRequest, actor: Actor) -> HttpResponse:
    teams, agents, custom_fields, sidebar = _lists(actor)
    view = _find_view(actor, request.GET.get("view") or "mine", sidebar)
    params = merged_params(view, request.GET)
    form = InboxFilterForm(params, agents=agents, teams=teams, custom_fields=custom_fields)
    page = None
    if form.is_valid():
        try:
            page = selectors.ticket_page(
                actor=actor,
                filters=form.to_filters(),
                cursor=request.GET.get("after") or None,
                before=request.GET.get("before") or None,
                sort=form.sort_order(),
                limit=PAGE_SIZE,
            )
        except AppError as exc:
            form.add_error(None, exc.message)
    base_query = request.GET.copy()
    for key in ("after", "before"):
        base_query.pop(key, None)
    return render(
        request,
        "ui/inbox.html",
        {
            "view": view,
            "sidebar": sidebar,
            "form": form,
            "page": page,
            "agents": agents,
            "teams": teams,
            "statuses": Status.choices,
            "base_query": base_query.urlencode(),
            "filters_q": params.get("q", ""),
            "current_path": request.get_full_path(),
        },
    )


@require_GET
@workspace_view()
def inbox_counts(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The sidebar with a count per view, capped: loaded after the page (htmx)."""
    teams, agents, custom_fields, sidebar = _lists(actor)
    for group in sidebar.values():
        for view in group:
            filters = view_filters(view, agents=agents, teams=teams, custom_fields=custom_fields)
            if filters is not None:
                try:
                    view.count = selectors.ticket_count(actor=actor, filters=filters, cap=COUNT_CAP)
                except AppError:
                    view.count = None
    return render(
        request,
        "ui/partials/sidenav.html",
        {
            "sidebar": sidebar,
            "current": request.GET.get("view") or "mine",
            "count_cap": COUNT_CAP,
            "with_counts": True,
        },
    )


def _back(request: HttpRequest, actor: Actor) -> HttpResponse:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("ui:inbox", actor.workspace.slug)


def _is_id(value: str) -> bool:
    """Digits that fit a database id (a longer number overflows the column: a 500)."""
    return value.isascii() and value.isdigit() and len(value) < 19


def _member_ids(agents: list[Membership]) -> set[str]:
    return {str(m.agent_id) for m in agents}


def _bulk_action(
    request: HttpRequest, actor: Actor, action: str
) -> tuple[TicketChanges | None, int | None]:
    """The change a bulk form asks for, or the ticket number to merge into."""
    post = request.POST
    if action == "assign":
        value = post.get("assignee", "")
        if value == "me":
            value = str(actor.agent.pk)
        if value and not _is_id(value):
            return None, None
        agent_id = int(value) if value else None
        return TicketChanges(assignee_id=agent_id, set_assignee=True), None
    if action == "status" and post.get("status") in Status.values:
        return TicketChanges(status=Status(post["status"])), None
    # NUL: PostgreSQL refuses it in text (a 500); a browser never sends it.
    tag = post.get("tag", "").replace("\x00", "").strip()
    if action == "tag" and tag:
        return TicketChanges(add_tags=[tag]), None
    target = post.get("target", "").strip().lstrip("#")
    if action == "merge" and _is_id(target):
        return None, int(target)
    return None, None


@require_POST
@workspace_view(minimum=Role.AGENT)
def bulk(request: HttpRequest, actor: Actor) -> HttpResponse:
    """One action on many tickets; each ticket succeeds or fails on its own."""
    numbers = [int(n) for n in request.POST.getlist("ticket") if _is_id(n)]
    action = request.POST.get("action", "")
    if not numbers:
        messages.error(request, _("Select at least one ticket."))
        return _back(request, actor)
    if len(numbers) > MAX_BULK:
        messages.error(
            request, _("Select at most %(count)d tickets at once.") % {"count": MAX_BULK}
        )
        return _back(request, actor)
    require_can_edit(actor)
    author = Author.of_agent(actor.agent)
    changes, target_number = _bulk_action(request, actor, action)
    if changes is None and target_number is None:
        messages.error(request, _("Choose an action and its value."))
        return _back(request, actor)
    done, failed = 0, []
    for number in numbers:
        try:
            with transaction.atomic():
                ticket = access_ticket(actor, number, for_update=True)
                if target_number is not None:
                    target = access_ticket(actor, target_number, for_update=True)
                    if target.pk == ticket.pk:
                        continue
                    ticket_merge(source=ticket, target=target, author=author)
                else:
                    assert changes is not None  # noqa: S101 - set above for every other action
                    ticket_update(ticket=ticket, author=author, changes=changes)
            done += 1
        except AppError as exc:
            failed.append(f"#{number}: {exc.message}")
    if done:
        messages.success(
            request,
            ngettext("%(count)d ticket updated.", "%(count)d tickets updated.", done)
            % {"count": done},
        )
    for failure in failed:
        messages.error(request, failure)
    return _back(request, actor)


@require_POST
@workspace_view()
def view_save(request: HttpRequest, actor: Actor) -> HttpResponse:
    params: dict[str, Any] = {
        # NUL: PostgreSQL refuses it in JSON (a 500); a browser never sends it.
        key: [value.replace("\x00", "") for value in request.POST.getlist(key)]
        for key in request.POST
        if key not in {"csrfmiddlewaretoken", "name", "shared", "sort", "view", "next"}
    }
    try:
        saved = saved_view_create(
            actor=actor,
            name=request.POST.get("name", "").replace("\x00", ""),
            filters=params,
            sort=request.POST.get("sort") or "updated",
            shared=request.POST.get("shared") == "1",
        )
    except AppError as exc:
        messages.error(request, exc.message)
        return _back(request, actor)
    messages.success(request, _("View “%(name)s” saved.") % {"name": saved.name})
    return redirect(reverse("ui:inbox", args=[actor.workspace.slug]) + f"?view=saved-{saved.pk}")


@require_POST
@workspace_view()
def view_delete(request: HttpRequest, actor: Actor, view_id: int) -> HttpResponse:
    try:
        view = access_saved_view(actor, view_id)
        saved_view_delete(actor=actor, view=view)
    except AppError as exc:
        messages.error(request, exc.message)
        return _back(request, actor)
    messages.success(request, _("View deleted."))
    return redirect("ui:inbox", actor.workspace.slug)
