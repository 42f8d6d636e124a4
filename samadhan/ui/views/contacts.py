"""Contact and organization pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from samadhan.accounts.access import Actor
from samadhan.contacts.selectors import contact_list as contacts_of
from samadhan.contacts.selectors import organization_list as organizations_of
from samadhan.ui.workspace import workspace_view


@workspace_view()
def contact_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    contacts = contacts_of(actor=actor, q=request.GET.get("q") or None)[:50]
    return render(request, "ui/contacts.html", {"contacts": contacts})


@workspace_view()
def organization_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    return render(
        request, "ui/organizations.html", {"organizations": organizations_of(actor=actor)[:50]}
    )


@workspace_view()
def contact_detail(request: HttpRequest, actor: Actor, contact_id: int) -> HttpResponse:
    contact = contacts_of(actor=actor).filter(pk=contact_id).first()
    if contact is None:
        raise Http404
    return render(request, "ui/contact.html", {"contact": contact})


@workspace_view()
def organization_detail(request: HttpRequest, actor: Actor, organization_id: int) -> HttpResponse:
    organization = organizations_of(actor=actor).filter(pk=organization_id).first()
    if organization is None:
        raise Http404
    return render(request, "ui/organization.html", {"organization": organization})
