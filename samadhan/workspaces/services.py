from __future__ import annotations

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from samadhan.core.errors import ValidationFailed
from samadhan.workspaces.models import Workspace


def workspace_create(
    *,
    slug: str,
    name: str,
    default_language: str = "en",
    languages: list[str] | None = None,
    timezone: str = "UTC",
) -> Workspace:
    if Workspace.objects.filter(slug=slug).exists():
        raise ValidationFailed(
            _("A workspace with the slug %(slug)s already exists."),
            params={"slug": slug},
            fields={"slug": [str(_("Already taken."))]},
        )
    return Workspace.objects.create(
        slug=slug,
        name=name,
        default_language=default_language,
        languages=languages or [default_language],
        timezone=timezone,
    )


def workspace_next_ticket_number(*, workspace_id: int) -> int:
    """Hand out the next ticket number of a workspace.

    One ``UPDATE ... RETURNING`` statement: the row lock it takes serialises
    concurrent creators until their transaction ends, so numbers are distinct
    and consecutive, never ``max()+1``.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("call workspace_next_ticket_number inside the ticket's transaction")
    table = Workspace._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_ticket_number = last_ticket_number + 1 "  # noqa: S608
            "WHERE id = %s RETURNING last_ticket_number",
            [workspace_id],
        )
        row = cursor.fetchone()
    if row is None:
        raise Workspace.DoesNotExist(workspace_id)
    return int(row[0])
