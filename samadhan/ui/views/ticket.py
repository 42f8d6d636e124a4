"""The ticket page: the thread, the composer, properties, contact, merge/link/split."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from samadhan.accounts.access import Actor
from samadhan.accounts.models import Role
from samadhan.accounts.selectors import agent_list, team_choices
from samadhan.channels.services import inbox_default_api
from samadhan.contacts.models import Contact
from samadhan.contacts.services import contact_find_or_create
from samadhan.core.errors import AppError, ValidationFailed
from samadhan.tickets import selectors
from samadhan.tickets.access import (
    access_attachment,
    access_macro,
    access_ticket,
    require_can_edit,
)
from samadhan.tickets.downloads import attachment_response
from samadhan.tickets.models import (
    CustomField,
    FieldType,
    LinkKind,
    Message,
    MessageKind,
    Priority,
    Status,
    Ticket,
)
from samadhan.tickets.services.macro import macro_apply
from samadhan.tickets.services.merge import message_split, ticket_link, ticket_merge
from samadhan.tickets.services.message import attachment_upload, message_create
from samadhan.tickets.services.ticket import TicketChanges, ticket_create, ticket_update
from samadhan.tickets.timeline import CONTACT_AUTHOR, Author
from samadhan.ui import timeline
from samadhan.ui.workspace import workspace_view

MAX_FILES = 10


def _custom_fields(actor: Actor) -> list[CustomField]:
    return list(
        CustomField.objects.filter(workspace_id=actor.workspace_id, is_active=True).order_by(
            "position", "id"
        )
    )


def _field_value(cf: CustomField, raw: str) -> Any:
    """A custom field value from its form input ("" clears it)."""
    raw = raw.replace("\x00", "").strip()
    if cf.field_type == FieldType.CHECKBOX:
        return raw == "1"
    if raw == "":
        return None
    if cf.field_type == FieldType.NUMBER:
        try:
            number = float(raw)
        except ValueError:
            raise ValidationFailed(
                _("Please correct the errors below."), fields={cf.key: [_("Enter a number.")]}
            ) from None
        return int(number) if number.is_integer() else number
    return raw


def _ticket_number(raw: str) -> int | None:
    raw = raw.strip().lstrip("#")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 18 else None


def _optional_id(post: Any, name: str) -> int | None:
    """An id from a select ("" is none); anything else is refused, not read as "none"."""
    raw = post.get(name, "").strip()
    if raw == "":
        return None
    # Longer digit strings overflow the database column (a 500 on SQLite).
    if not (raw.isascii() and raw.isdigit() and len(raw) < 19):
        raise ValidationFailed(
            _("Please correct the errors below."), fields={name: [_("Invalid value.")]}
        )
    return int(raw)


def _to_ticket(actor: Actor, number: int) -> HttpResponse:
    return redirect("ui:ticket", actor.workspace.slug, number)


def _fail(request: HttpRequest, exc: AppError) -> None:
    details = [f"{error}" for errors in exc.fields.values() for error in errors]
    text = exc.message if not details else f"{exc.message} {' '.join(details)}"
    messages.error(request, text)


@require_GET
@workspace_view()
def ticket_detail(request: HttpRequest, actor: Actor, number: int) -> HttpResponse:
    try:
        ticket = access_ticket(actor, number)
    except AppError:
        return render(request, "ui/ticket_missing.html", {"number": number}, status=404)
    memberships = list(agent_list(actor=actor))
    teams = list(team_choices(actor=actor))
    agents_by_id = {m.agent_id: m.agent for m in memberships}
    teams_by_id = {t.pk: t for t in teams}
    message_rows = list(selectors.message_list(actor=actor, ticket=ticket))
    events = list(selectors.event_list(actor=actor, ticket=ticket))
    entries = timeline.thread(message_rows, events, agents_by_id, teams_by_id)
    contact = (
        Contact.objects.filter(pk=ticket.contact_id, workspace_id=actor.workspace_id)
        .select_related("organization")
        .prefetch_related("identities")
        .first()
    )
    previous = selectors.ticket_page(
        actor=actor, filters=selectors.TicketFilters(contact_id=ticket.contact_id), limit=6
    ).items
    custom_fields = _custom_fields(actor)
    field_rows = [{"field": cf, "value": ticket.custom_fields.get(cf.key)} for cf in custom_fields]
    links = selectors.link_list(actor=actor, ticket=ticket)
    linked_numbers = dict(
        Ticket.objects.filter(
            pk__in={link.source_id for link in links} | {link.target_id for link in links}
        ).values_list("pk", "number")
    )
    mention_targets = [
        {"handle": m.agent.handle, "name": m.agent.name or m.agent.email}
        for m in memberships
        if m.agent_id != actor.agent.pk
    ]
    return render(
        request,
        "ui/ticket.html",
        {
            "ticket": ticket,
            "entries": entries,
            "contact": contact,
            "previous": [t for t in previous if t.pk != ticket.pk][:5],
            "agents": memberships,
            "teams": teams,
            "statuses": Status.choices,
            "priorities": Priority.choices,
            "link_kinds": LinkKind.choices,
            "macros": list(selectors.macro_list(actor=actor)),
            "field_rows": field_rows,
            "links": [
                {
                    "kind": link.get_kind_display(),
                    "number": linked_numbers.get(
                        link.target_id if link.source_id == ticket.pk else link.source_id
                    ),
                }
                for link in links
            ],
            "tags": ", ".join(t.name for t in ticket.tags.order_by("name")),
            "mention_json": json.dumps(mention_targets, ensure_ascii=False),
            "default_kind": "note" if not actor.has_role(Role.AGENT) else "reply",
            "draft": request.session.pop(f"draft:{actor.workspace_id}:{number}", ""),
            "split_allowed": len(entries) > 1,
        },
    )


@require_GET
@workspace_view()
def message_item(request: HttpRequest, actor: Actor, number: int, message_id: int) -> HttpResponse:
    """One message of the thread, for the page that heard of it live (docs/realtime.md)."""
    try:
        ticket = access_ticket(actor, number)
    except AppError:
        raise Http404 from None
    message = selectors.message_list(actor=actor, ticket=ticket).filter(pk=message_id).first()
    if message is None:
        raise Http404
    return render(
        request,
        "ui/partials/message.html",
        {"m": message, "ticket": ticket, "split_allowed": True},
    )


@require_POST
@workspace_view()
def message_add(request: HttpRequest, actor: Actor, number: int) -> HttpResponse:
    """The composer: a public reply or an internal note, with attachments."""
    kind = MessageKind.NOTE if request.POST.get("kind") == "note" else MessageKind.OUTBOUND
    # NUL: PostgreSQL refuses it in text (a 500); a browser never sends it.
    body = request.POST.get("body", "").replace("\x00", "")
    files = request.FILES.getlist("files")
    try:
        if kind == MessageKind.OUTBOUND:
            require_can_edit(actor)
        if not body.strip() and not files:
            raise ValidationFailed(_("Write something or attach a file first."))
        if len(files) > MAX_FILES:
            raise ValidationFailed(
                _("Attach at most %(count)d files at once."), params={"count": MAX_FILES}
            )
        with transaction.atomic():
            ticket = access_ticket(actor, number, for_update=True)
            attachment_ids = [
                attachment_upload(
                    workspace_id=actor.workspace_id,
                    uploaded_by=actor.agent,
                    filename=f.name or "file",
                    content_type=f.content_type or "application/octet-stream",
                    stream=f,
                    size=f.size or 0,
                ).pk
                for f in files
            ]
            message_create(
                ticket=ticket,
                author=Author.of_agent(actor.agent),
                kind=kind,
                body_text=body,
                attachment_ids=attachment_ids,
            )
    except AppError as exc:
        _fail(request, exc)
        # Keep what was typed: it goes back into the composer.
        request.session[f"draft:{actor.workspace_id}:{number}"] = body[:100_000]
        return _to_ticket(actor, number)
    request.session.pop(f"draft:{actor.workspace_id}:{number}", None)
    if kind == MessageKind.NOTE:
        messages.success(request, _("Note added."))
    else:
        messages.success(request, _("Reply sent."))
    if request.POST.get("then_status") in Status.values:
        _change(request, actor, number, TicketChanges(status=Status(request.POST["then_status"])))
    return _to_ticket(actor, number)


def _change(request: HttpRequest, actor: Actor, number: int, changes: TicketChanges) -> bool:
    try:
        require_can_edit(actor)
        with transaction.atomic():
            ticket = access_ticket(actor, number, for_update=True)
            ticket_update(ticket=ticket, author=Author.of_agent(actor.agent), changes=changes)
    except AppError as exc:
        _fail(request, exc)
        return False
    return True


@require_POST
@workspace_view()
def properties(request: HttpRequest, actor: Actor, number: int) -> HttpResponse:
    post = request.POST
    try:
        current = access_ticket(actor, number).custom_fields
        submitted = {
            cf.key: _field_value(cf, post.get(f"cf_{cf.key}", ""))
            for cf in _custom_fields(actor)
            if f"cf_{cf.key}" in post or cf.field_type == FieldType.CHECKBOX
        }
    except AppError as exc:
        _fail(request, exc)
        return _to_ticket(actor, number)
    # Only what the agent changed: an untouched empty field or unticked box is no change.
    custom = {
        key: value
        for key, value in submitted.items()
        if value != current.get(key) and not (value in (None, False) and key not in current)
    }
    try:
        assignee_id = _optional_id(post, "assignee")
        team_id = _optional_id(post, "team")
    except AppError as exc:
        _fail(request, exc)
        return _to_ticket(actor, number)
    changes = TicketChanges(
        status=Status(post["status"]) if post.get("status") in Status.values else None,
        priority=Priority(post["priority"]) if post.get("priority") in Priority.values else None,
        assignee_id=assignee_id,
        set_assignee="assignee" in post,
        team_id=team_id,
        set_team="team" in post,
        tags=[t.strip() for t in post.get("tags", "").replace("\x00", "").split(",") if t.strip()]
        if "tags" in post
        else None,
        custom_fields=custom or None,
    )
    if _change(request, actor, number, changes):
        messages.success(request, _("Ticket updated."))
    return _to_ticket(actor, number)


@require_POST
@workspace_view(minimum=Role.AGENT)
def assign_me(request: HttpRequest, actor: Actor, number: int) -> HttpResponse:
    if _change(
        request, actor, number, TicketChanges(assignee_id=actor.agent.pk, set_assignee=True)
    ):
        messages.success(request, _("The ticket is assigned to you."))
    return _to_ticket(actor, number)


@require_POST
@workspace_view(minimum=Role.AGENT)
def macro(request: HttpRequest, actor: Actor, number: int) -> HttpResponse:
    raw = request.POST.get("macro", "")
    try:
        if not (raw.isascii() and raw.isdigit()):
            raise ValidationFailed(_("Choose a macro."))
        with transaction.atomic():
            ticket = access_ticket(actor, number, for_update=True)
            chosen = access_macro(actor, int(raw))
            macro_apply(macro=chosen, ticket=ticket, agent=actor.agent)
    except AppError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Macro “%(name)s” applied.") % {"name": chosen.name})
    return _to_ticket(actor, number)


@require_POST
@workspace_view(minimum=Role.AGENT)
def merge(request: HttpRequest, actor: Actor, number: int) -> HttpResponse:
    target_number = _ticket_number(request.POST.get("target", ""))
    try:
        if target_number is None or target_number == number:
            raise ValidationFailed(_("Give the number of another ticket."))
        with transaction.atomic():
            source = access_ticket(actor, number, for_update=True)
            target = access_ticket(actor, target_number, for_update=True)
            ticket_merge(source=source, target=target, author=Author.of_agent(actor.agent))
    except AppError as exc:
        _fail(request, exc)
        return _to_ticket(actor, number)
    messages.success(request, _("Ticket #%(source)s merged into this one.") % {"source": number})
    return _to_ticket(actor, target_number)


@require_POST
@workspace_view(minimum=Role.AGENT)
def link(request: HttpRequest, actor: Actor, number: int) -> HttpResponse:
    target_number = _ticket_number(request.POST.get("target", ""))
    kind = request.POST.get("kind", LinkKind.RELATED)
    try:
        if target_number is None or target_number == number:
            raise ValidationFailed(_("Give the number of another ticket."))
        if kind not in LinkKind.values:
            raise ValidationFailed(_("Choose how the tickets are linked."))
        with transaction.atomic():
            source = access_ticket(actor, number)
            target = access_ticket(actor, target_number)
            ticket_link(
                source=source,
                target=target,
                kind=LinkKind(kind),
                author=Author.of_agent(actor.agent),
            )
    except AppError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Tickets linked."))
    return _to_ticket(actor, number)


@require_POST
@workspace_view(minimum=Role.AGENT)
def split(request: HttpRequest, actor: Actor, number: int, message_id: int) -> HttpResponse:
    try:
        with transaction.atomic():
            ticket = access_ticket(actor, number, for_update=True)
            message = Message.objects.filter(
                workspace_id=actor.workspace_id, ticket=ticket, pk=message_id
            ).first()
            if message is None:
                raise ValidationFailed(_("That message is not on this ticket."))
            new_ticket = message_split(
                ticket=ticket, message=message, author=Author.of_agent(actor.agent)
            )
    except AppError as exc:
        _fail(request, exc)
        return _to_ticket(actor, number)
    messages.success(
        request, _("The message is now ticket #%(number)s.") % {"number": new_ticket.number}
    )
    return _to_ticket(actor, new_ticket.number)


class NewTicketForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Customer email"), required=False)
    phone = forms.CharField(label=gettext_lazy("Customer phone"), required=False, max_length=40)
    name = forms.CharField(label=gettext_lazy("Customer name"), required=False, max_length=200)
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=500)
    # Required: a ticket starts with the customer's message (the service refuses an empty one).
    body = forms.CharField(label=gettext_lazy("What the customer said"), widget=forms.Textarea)
    priority = forms.ChoiceField(
        label=gettext_lazy("Priority"), choices=Priority.choices, initial=Priority.NORMAL
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.conf import settings

        self.fields["language"].choices = [  # type: ignore[attr-defined]
            ("", gettext_lazy("Detect or leave empty")),
            *settings.LANGUAGES,
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("email") or data.get("phone") or data.get("name")):
            raise forms.ValidationError(gettext_lazy("Give the customer's email, phone or name."))
        return data


@workspace_view(minimum=Role.AGENT)
def ticket_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    """A ticket an agent opens for a customer (a phone call, a walk-in)."""
    form = NewTicketForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                contact = contact_find_or_create(
                    workspace=actor.workspace,
                    email=data["email"] or None,
                    phone=data["phone"] or None,
                    name=data["name"] or "",
                )
                ticket = ticket_create(
                    workspace=actor.workspace,
                    author=CONTACT_AUTHOR,
                    contact=contact,
                    subject=data["subject"],
                    body_text=data["body"],
                    priority=Priority(data["priority"]),
                    language=data["language"],
                    inbox=inbox_default_api(workspace=actor.workspace),
                )
        except AppError as exc:
            form.add_error(None, exc.message)
            for field, errors in exc.fields.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Ticket #%(number)s created.") % {"number": ticket.number})
            return _to_ticket(actor, ticket.number)
    return render(request, "ui/ticket_new.html", {"form": form})


@require_GET
@workspace_view()
def attachment(request: HttpRequest, actor: Actor, attachment_id: int) -> FileResponse:
    try:
        found = access_attachment(actor, attachment_id)
    except AppError:
        raise Http404 from None
    return attachment_response(found)
