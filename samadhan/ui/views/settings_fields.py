"""Custom ticket fields, and the workspace's tags."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.validators import RegexValidator
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from samadhan.accounts.access import Actor
from samadhan.accounts.models import Role
from samadhan.core.errors import AppError
from samadhan.tickets.models import CustomField, FieldType, Tag
from samadhan.tickets.services.custom_field import custom_field_create, custom_field_update
from samadhan.tickets.services.tag import tag_delete, tag_merge, tag_rename
from samadhan.tickets.tags import normalize_tag
from samadhan.ui.views.settings_base import (
    bound,
    form_errors_from,
    get_or_404,
    lines,
    settings_render,
)
from samadhan.ui.workspace import workspace_view

TAGS_SHOWN = 300


def parse_options(text: str) -> list[dict[str, str]]:
    """One option a line, ``value|label`` or just ``value``."""
    options = []
    for line in lines(text):
        value, _sep, label = line.partition("|")
        options.append({"value": value.strip(), "label": label.strip() or value.strip()})
    return options


def format_options(options: list[dict[str, str]]) -> str:
    return "\n".join(
        o["value"] if o.get("label") in (None, "", o["value"]) else f"{o['value']}|{o['label']}"
        for o in options
    )


OPTIONS_HELP = _(
    "Dropdowns only: one option per line as value|label, e.g. refund|Refund requested."
)


class FieldCreateForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=120)
    key = forms.CharField(
        label=_("Key"),
        max_length=64,
        validators=[RegexValidator(r"^[a-z0-9_]+$", _("Use lowercase letters, digits and _."))],
        help_text=_("Used in the API and in filters; cannot be changed later. Example: order_id"),
    )
    field_type = forms.ChoiceField(label=_("Type"), choices=FieldType.choices)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=OPTIONS_HELP,
    )
    required = forms.BooleanField(
        label=_("Required"),
        required=False,
        help_text=_("A ticket cannot be saved without a value."),
    )


class FieldEditForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=120)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=OPTIONS_HELP,
    )
    required = forms.BooleanField(label=_("Required"), required=False)
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=10_000)
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("An inactive field is hidden from tickets; values already saved stay."),
    )

    def __init__(self, *args: Any, field_type: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if field_type != FieldType.DROPDOWN:
            del self.fields["options"]


def _fields(actor: Actor) -> QuerySet[CustomField]:
    return CustomField.objects.filter(workspace=actor.workspace)


@workspace_view(minimum=Role.ADMIN)
@require_http_methods(["GET", "POST"])
def field_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = FieldCreateForm(bound(request))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                field = custom_field_create(
                    workspace=actor.workspace,
                    key=form.cleaned_data["key"],
                    label=form.cleaned_data["label"],
                    field_type=FieldType(form.cleaned_data["field_type"]),
                    options=parse_options(form.cleaned_data["options"]),
                    required=form.cleaned_data["required"],
                    by=actor.agent,
                )
            except AppError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("Field %(label)s is created.") % {"label": field.label})
                return redirect("ui:settings_fields", actor.workspace.slug)
    fields = _fields(actor).order_by("-is_active", "position", "id")
    return settings_render(
        request,
        actor,
        "ui/settings/fields.html",
        {"form": form, "fields": fields},
        section="fields",
        status=status,
    )


@workspace_view(minimum=Role.ADMIN)
@require_http_methods(["GET", "POST"])
def field_detail(request: HttpRequest, actor: Actor, field_id: int) -> HttpResponse:
    field = get_or_404(_fields(actor), field_id)
    form = FieldEditForm(
        bound(request),
        field_type=field.field_type,
        initial={
            "label": field.label,
            "options": format_options(field.options),
            "required": field.required,
            "position": field.position,
            "is_active": field.is_active,
        },
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            dropdown = "options" in form.fields
            try:
                custom_field_update(
                    field=field,
                    by=actor.agent,
                    label=form.cleaned_data["label"],
                    options=parse_options(form.cleaned_data["options"]) if dropdown else None,
                    required=form.cleaned_data["required"],
                    position=form.cleaned_data["position"],
                    is_active=form.cleaned_data["is_active"],
                )
            except AppError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("The field is saved."))
                return redirect("ui:settings_fields", actor.workspace.slug)
    return settings_render(
        request,
        actor,
        "ui/settings/field.html",
        {"form": form, "field": field},
        section="fields",
        status=status,
    )


class TagRenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=64)


class TagMergeForm(forms.Form):
    target = forms.CharField(
        label=_("Merge into tag"),
        max_length=64,
        help_text=_("Tickets with this tag get that tag instead; this tag is deleted."),
    )


def _tags(actor: Actor) -> QuerySet[Tag]:
    return Tag.objects.filter(workspace=actor.workspace)


@workspace_view(minimum=Role.MANAGER)
def tag_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    # NUL characters are dropped: PostgreSQL refuses them in a query.
    q = (request.GET.get("q") or "").replace("\x00", "").strip()[:64]
    tags = _tags(actor).annotate(ticket_count=Count("tickets")).order_by("name")
    if q:
        tags = tags.filter(name__icontains=q)
    shown = list(tags[: TAGS_SHOWN + 1])
    return settings_render(
        request,
        actor,
        "ui/settings/tags.html",
        {"tags": shown[:TAGS_SHOWN], "more": len(shown) > TAGS_SHOWN, "q": q},
        section="tags",
    )


def _tag_action(request: HttpRequest, actor: Actor, tag: Tag, forms_: dict[str, Any]) -> bool:
    """Run the pressed action; True when done, False to show the forms' errors."""
    action = request.POST.get("action")
    if action == "delete":
        if not request.POST.get("confirm"):
            messages.error(request, _("Tick the box to confirm."))
            return False
        tag_delete(tag=tag, by=actor.agent)
        messages.success(request, _("The tag is deleted."))
        return True
    form = forms_.get(action or "")
    if form is None or not form.is_valid():
        return False
    try:
        if action == "rename":
            tag_rename(tag=tag, name=form.cleaned_data["name"], by=actor.agent)
            messages.success(request, _("The tag is renamed."))
        else:
            wanted = normalize_tag(form.cleaned_data["target"])
            target = _tags(actor).filter(name=wanted).first()
            if target is None:
                form.add_error("target", _("No tag with this name."))
                return False
            tag_merge(source=tag, target=target, by=actor.agent)
            messages.success(request, _("The tags are merged."))
    except AppError as exc:
        form_errors_from(form, exc, rename={"tags": "target"})
        return False
    return True


@workspace_view(minimum=Role.MANAGER)
@require_http_methods(["GET", "POST"])
def tag_detail(request: HttpRequest, actor: Actor, tag_id: int) -> HttpResponse:
    tag = get_or_404(_tags(actor), tag_id)
    action = request.POST.get("action") if request.method == "POST" else None
    rename = TagRenameForm(
        request.POST if action == "rename" else None, initial={"name": tag.name}, prefix="rename"
    )
    merge = TagMergeForm(request.POST if action == "merge" else None, prefix="merge")
    status = 200
    if request.method == "POST":
        if _tag_action(request, actor, tag, {"rename": rename, "merge": merge}):
            return redirect("ui:settings_tags", actor.workspace.slug)
        status = 422
    context = {
        "tag": tag,
        "rename": rename,
        "merge": merge,
        "ticket_count": tag.tickets.count(),
    }
    return settings_render(
        request, actor, "ui/settings/tag.html", context, section="tags", status=status
    )
