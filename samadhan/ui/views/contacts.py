"""Contact and organization pages: search, details, identities, merge, their tickets."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samadhan.accounts.access import Actor
from samadhan.accounts.models import Role
from samadhan.contacts.access import access_contact, access_organization
from samadhan.contacts.models import Contact, IdentityKind, Organization
from samadhan.contacts.selectors import contact_list as contacts_of
from samadhan.contacts.selectors import organization_list as organizations_of
from samadhan.contacts.services import (
    contact_find_by_identity,
    contact_merge,
    contact_update,
    identity_add,
    organization_create,
    organization_update,
)
from samadhan.core.errors import AppError, NotFound, ValidationFailed
from samadhan.tickets import selectors as tickets
from samadhan.tickets.access import tickets_visible_to
from samadhan.tickets.models import Tag
from samadhan.ui.workspace import workspace_view

PAGE_SIZE = 25
MAX_ID = 2**62
# The organization picker on a contact is a plain select; past this many a
# workspace would want a search box instead.
MAX_ORGANIZATION_CHOICES = 500
# A merge chain (A into B, B into C) is followed this far to the contact kept.
MAX_MERGE_HOPS = 10
MAX_DOMAINS = 50
MIN_PHONE_DIGITS = 5
MAX_DOMAIN_LENGTH = 253


def _text(data: QueryDict, key: str) -> str:
    """A submitted value without NUL characters, which PostgreSQL refuses in text (a 500)."""
    return (data.get(key) or "").replace("\x00", "")


def _fail(request: HttpRequest, exc: AppError) -> None:
    details = [str(error) for errors in exc.fields.values() for error in errors]
    text = exc.message if not details else f"{exc.message} {' '.join(details)}"
    messages.error(request, text)


def _positive_id(raw: str | None) -> int | None:
    raw = (raw or "").strip().lstrip("#")
    if raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_ID:
        return int(raw)
    return None


def _language_name(code: str) -> str:
    reader = (translation.get_language() or "en").replace("-", "_")
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(reader)
    except (UnknownLocaleError, ValueError, TypeError):
        return code
    return name or code


def language_choices(actor: Actor) -> list[tuple[str, str]]:
    """The interface languages and the workspace's customer languages, named in the reader's."""
    codes = [code for code, _name in settings.LANGUAGES]
    codes += [c for c in actor.workspace.languages or [] if isinstance(c, str) and c not in codes]
    return [(code, _language_name(code)) for code in codes]


def _ticket_list(
    request: HttpRequest, actor: Actor, filters: tickets.TicketFilters
) -> tuple[tickets.Page | None, str]:
    """A page of tickets and the query string its pager links keep."""
    try:
        page = tickets.ticket_page(
            actor=actor,
            filters=filters,
            cursor=request.GET.get("after") or None,
            before=request.GET.get("before") or None,
            limit=PAGE_SIZE,
        )
    except AppError as exc:
        messages.error(request, exc.message)
        page = None
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    return page, query.urlencode()


# Contacts --------------------------------------------------------------------


@require_GET
@workspace_view()
def contact_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    q = _text(request.GET, "q").strip()[:200]
    qs = contacts_of(actor=actor, q=q or None)
    after = _positive_id(_text(request.GET, "after"))
    if after is not None:
        # Newest first by id: the next page is every id below the last one shown.
        qs = qs.filter(id__lt=after)
    rows = list(qs[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    counts = dict(
        tickets_visible_to(actor)
        .filter(contact_id__in=[c.pk for c in rows])
        .values("contact_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("contact_id", "n")
    )
    return render(
        request,
        "ui/contacts.html",
        {
            "contacts": [{"contact": c, "tickets": counts.get(c.pk, 0)} for c in rows],
            "q": q,
            "next_after": rows[-1].pk if more and rows else None,
            "paged": after is not None,
        },
    )


def _current_contact(actor: Actor, contact_id: int) -> Contact | None:
    """The contact, or the one it was merged into; None if it is not in this workspace."""
    contact = Contact.objects.filter(workspace_id=actor.workspace_id, pk=contact_id).first()
    hops = 0
    while contact is not None and contact.merged_into_id is not None and hops < MAX_MERGE_HOPS:
        contact = Contact.objects.filter(
            workspace_id=actor.workspace_id, pk=contact.merged_into_id
        ).first()
        hops += 1
    return contact


@require_GET
@workspace_view()
def contact_detail(request: HttpRequest, actor: Actor, contact_id: int) -> HttpResponse:
    try:
        contact = access_contact(actor, contact_id)
    except NotFound:
        kept = _current_contact(actor, contact_id)
        if kept is None or kept.merged_into_id is not None:
            raise Http404 from None
        return redirect("ui:contact", actor.workspace.slug, kept.pk)
    page, base_query = _ticket_list(request, actor, tickets.TicketFilters(contact_id=contact.pk))
    identities = sorted(contact.identities.all(), key=lambda i: (i.kind, i.pk))
    return render(
        request,
        "ui/contact.html",
        {
            "contact": contact,
            "identities": identities,
            "language_name": _language_name(contact.language) if contact.language else "",
            "languages": language_choices(actor),
            "organizations": list(organizations_of(actor=actor)[:MAX_ORGANIZATION_CHOICES]),
            "identity_kinds": IdentityKind.choices,
            "page": page,
            "base_query": base_query,
        },
    )


@require_POST
@workspace_view(minimum=Role.AGENT)
def contact_edit(request: HttpRequest, actor: Actor, contact_id: int) -> HttpResponse:
    post = request.POST
    name = _text(post, "name")
    language = _text(post, "language").strip()
    organization_raw = _text(post, "organization").strip()
    try:
        contact = access_contact(actor, contact_id)
    except NotFound:
        raise Http404 from None
    try:
        if len(name) > Contact._meta.get_field("name").max_length:  # type: ignore[operator]
            raise ValidationFailed(_("The name is too long."))
        if language and language not in dict(language_choices(actor)):
            raise ValidationFailed(_("Choose a language from the list."))
        organization: Organization | None = None
        if organization_raw:
            organization_id = _positive_id(organization_raw)
            if organization_id is None:
                raise ValidationFailed(_("Choose an organization from the list."))
            organization = access_organization(actor, organization_id)
        contact_update(
            contact=contact,
            name=name,
            language=language,
            organization=organization,
            clear_organization=organization is None,
        )
    except AppError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Contact saved."))
    return redirect("ui:contact", actor.workspace.slug, contact_id)


@require_POST
@workspace_view(minimum=Role.AGENT)
def identity_create(request: HttpRequest, actor: Actor, contact_id: int) -> HttpResponse:
    kind = _text(request.POST, "kind")
    value = _text(request.POST, "value")
    try:
        contact = access_contact(actor, contact_id)
    except NotFound:
        raise Http404 from None
    try:
        if kind not in IdentityKind.values:
            raise ValidationFailed(_("Choose the kind of identity."))
        if not value.strip():
            raise ValidationFailed(_("Give the address or number to add."))
        with transaction.atomic():
            identity_add(contact=contact, kind=IdentityKind(kind), value=value)
    except AppError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Identity added."))
    return redirect("ui:contact", actor.workspace.slug, contact_id)


def _merge_target(actor: Actor, raw: str) -> Contact:
    """The contact to keep, given by its id, an email address or a phone number."""
    raw = raw.strip()
    if not raw:
        raise ValidationFailed(_("Give the email address or the id of the contact to keep."))
    target_id = _positive_id(raw)
    if target_id is not None and not raw.startswith("+"):
        try:
            return access_contact(actor, target_id)
        except NotFound:
            # Digits that are no contact's id may be a phone number written without "+".
            if len(raw) < MIN_PHONE_DIGITS:
                raise
    kind = IdentityKind.EMAIL if "@" in raw else IdentityKind.PHONE
    try:
        found = contact_find_by_identity(workspace_id=actor.workspace_id, kind=kind, value=raw)
    except ValidationFailed:
        found = None
    if found is None or found.merged_into_id is not None:
        raise NotFound(_("No contact has the address %(value)s."), params={"value": raw[:80]})
    return found


@require_POST
@workspace_view(minimum=Role.AGENT)
def contact_merge_view(request: HttpRequest, actor: Actor, contact_id: int) -> HttpResponse:
    try:
        access_contact(actor, contact_id)
    except NotFound:
        raise Http404 from None
    try:
        if not request.POST.get("confirm"):
            raise ValidationFailed(_("Tick the box to confirm the merge; it cannot be undone."))
        with transaction.atomic():
            source = access_contact(actor, contact_id)
            target = _merge_target(actor, _text(request.POST, "target"))
            if target.pk == source.pk:
                raise ValidationFailed(_("A contact cannot be merged into itself."))
            contact_merge(source=source, target=target)
    except AppError as exc:
        _fail(request, exc)
        return redirect("ui:contact", actor.workspace.slug, contact_id)
    messages.success(
        request,
        _("Contact merged: its identities and tickets now belong to %(name)s.")
        % {"name": target.name or target.pk},
    )
    return redirect("ui:contact", actor.workspace.slug, target.pk)


# Organizations ---------------------------------------------------------------


@require_GET
@workspace_view()
def organization_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    q = _text(request.GET, "q").strip()[:200]
    qs = organizations_of(actor=actor)
    if q:
        qs = qs.filter(name__icontains=q)
    after = _text(request.GET, "after")[:200]
    if after:
        # Names are unique in a workspace, so the name alone is the cursor.
        qs = qs.filter(name__gt=after)
    rows = list(
        qs.annotate(contact_count=Count("contacts", filter=Q(contacts__merged_into__isnull=True)))[
            : PAGE_SIZE + 1
        ]
    )
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return render(
        request,
        "ui/organizations.html",
        {
            "organizations": rows,
            "q": q,
            "next_after": rows[-1].name if more and rows else None,
            "paged": bool(after),
        },
    )


@require_POST
@workspace_view(minimum=Role.AGENT)
def organization_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    name = _text(request.POST, "name")
    try:
        if len(name.strip()) > Organization._meta.get_field("name").max_length:  # type: ignore[operator]
            raise ValidationFailed(_("The name is too long."))
        with transaction.atomic():
            organization = organization_create(workspace=actor.workspace, name=name)
    except AppError as exc:
        _fail(request, exc)
        return redirect("ui:organizations", actor.workspace.slug)
    messages.success(request, _("Organization “%(name)s” created.") % {"name": organization.name})
    return redirect("ui:organization", actor.workspace.slug, organization.pk)


def _organization_tickets(
    request: HttpRequest, actor: Actor, organization: Organization
) -> tickets.Page | None:
    """The tickets of the organization's contacts, newest activity first."""
    qs = tickets_visible_to(actor).filter(contact__organization_id=organization.pk)
    cursor = request.GET.get("after") or None
    if cursor:
        try:
            moment, pk = tickets.decode_cursor(cursor)
        except AppError as exc:
            messages.error(request, exc.message)
            return None
        qs = qs.filter(Q(updated_at__lt=moment) | Q(updated_at=moment, id__lt=pk))
    rows = list(
        qs.order_by("-updated_at", "-id")
        .select_related("contact", "assignee", "team")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))[: PAGE_SIZE + 1]
    )
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return tickets.Page(
        items=rows,
        next_cursor=tickets.encode_cursor(rows[-1]) if more and rows else None,
    )


@require_GET
@workspace_view()
def organization_detail(request: HttpRequest, actor: Actor, organization_id: int) -> HttpResponse:
    try:
        organization = access_organization(actor, organization_id)
    except NotFound:
        raise Http404 from None
    contacts = list(
        contacts_of(actor=actor).filter(organization_id=organization.pk)[: PAGE_SIZE * 4 + 1]
    )
    page = _organization_tickets(request, actor, organization)
    return render(
        request,
        "ui/organization.html",
        {
            "organization": organization,
            "contacts": contacts[: PAGE_SIZE * 4],
            "more_contacts": len(contacts) > PAGE_SIZE * 4,
            "page": page,
        },
    )


@require_POST
@workspace_view(minimum=Role.AGENT)
def organization_rename(request: HttpRequest, actor: Actor, organization_id: int) -> HttpResponse:
    name = _text(request.POST, "name")
    try:
        organization = access_organization(actor, organization_id)
    except NotFound:
        raise Http404 from None
    domains_raw = _text(request.POST, "domains") if "domains" in request.POST else None
    domains = (
        [d.strip() for d in domains_raw.replace(",", " ").split() if d.strip()]
        if domains_raw is not None
        else None
    )
    try:
        if domains is not None and (
            len(domains) > MAX_DOMAINS or any(len(d) > MAX_DOMAIN_LENGTH for d in domains)
        ):
            raise ValidationFailed(
                _("Give at most %(count)d email domains."), params={"count": MAX_DOMAINS}
            )
        if len(name.strip()) > Organization._meta.get_field("name").max_length:  # type: ignore[operator]
            raise ValidationFailed(_("The name is too long."))
        with transaction.atomic():
            organization_update(organization=organization, name=name, domains=domains)
    except AppError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Organization saved."))
    return redirect("ui:organization", actor.workspace.slug, organization_id)
