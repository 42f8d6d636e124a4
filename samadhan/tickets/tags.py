from __future__ import annotations

import regex
from django.utils.translation import gettext_lazy as _

from samadhan.core.errors import ValidationFailed
from samadhan.tickets.models import Tag, Ticket, TicketTag

_SPACES = regex.compile(r"\s+")
MAX_TAGS = 50


def normalize_tag(name: str) -> str:
    """Tags compare case-insensitively in Latin script; Indic text is kept as written."""
    cleaned = str(_SPACES.sub("-", name.strip())).lower()
    if not cleaned or len(cleaned) > 64:
        raise ValidationFailed(
            _("A tag must have 1 to 64 characters."), fields={"tags": [str(_("Invalid tag."))]}
        )
    return cleaned


def normalize_tags(names: list[str]) -> list[str]:
    result = list(dict.fromkeys(normalize_tag(n) for n in names))
    if len(result) > MAX_TAGS:
        raise ValidationFailed(
            _("A ticket can have at most %(max)d tags."),
            params={"max": MAX_TAGS},
            fields={"tags": [str(_("Too many tags."))]},
        )
    return result


def tags_resolve(*, workspace_id: int, names: list[str]) -> list[Tag]:
    if not names:
        return []
    existing = {t.name: t for t in Tag.objects.filter(workspace_id=workspace_id, name__in=names)}
    missing = [n for n in names if n not in existing]
    if missing:
        Tag.objects.bulk_create(
            [Tag(workspace_id=workspace_id, name=n) for n in missing], ignore_conflicts=True
        )
        existing = {
            t.name: t for t in Tag.objects.filter(workspace_id=workspace_id, name__in=names)
        }
    return [existing[n] for n in names]


def ticket_tags_set(*, ticket: Ticket, names: list[str]) -> tuple[list[str], list[str]]:
    """Make the ticket's tags exactly ``names``; return (added, removed)."""
    # Ordered, so the "removed" list (and the event that records it) is stable.
    current = dict(
        TicketTag.objects.filter(ticket=ticket)
        .order_by("tag__name")
        .values_list("tag__name", "tag_id")
    )
    wanted = tags_resolve(workspace_id=ticket.workspace_id, names=names)
    wanted_names = {t.name for t in wanted}
    added = [t for t in wanted if t.name not in current]
    removed = [name for name in current if name not in wanted_names]
    if removed:
        TicketTag.objects.filter(ticket=ticket, tag_id__in=[current[n] for n in removed]).delete()
    if added:
        TicketTag.objects.bulk_create(
            [TicketTag(ticket=ticket, tag=t) for t in added], ignore_conflicts=True
        )
    return [t.name for t in added], removed


def ticket_tag_names(ticket: Ticket) -> list[str]:
    return sorted(TicketTag.objects.filter(ticket=ticket).values_list("tag__name", flat=True))
