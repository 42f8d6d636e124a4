from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from samadhan.accounts.models import Agent, Membership
from samadhan.core.conf import public_url
from samadhan.core.transaction import enqueue_on_commit
from samadhan.notifications.models import Notification, NotificationKind

if TYPE_CHECKING:
    from samadhan.tickets.models import Message, Ticket


def notify_mention(
    *, agent: Agent, ticket: Ticket, message: Message, by: Agent | None
) -> Notification:
    from samadhan.notifications.tasks import notification_email

    notification = Notification.objects.create(
        workspace_id=ticket.workspace_id,
        agent=agent,
        kind=NotificationKind.MENTION,
        ticket=ticket,
        message=message,
        actor=by,
    )
    enqueue_on_commit(notification_email, notification_id=notification.pk)
    return notification


def notification_send_email(*, notification_id: int) -> bool:
    """Email one notification in the recipient's language; safe to run twice."""
    with transaction.atomic():
        notification = (
            # Lock only the notification row: PostgreSQL refuses FOR UPDATE on the
            # outer joins of the nullable relations.
            Notification.objects.select_for_update(of=("self",))
            .select_related("agent", "ticket", "message", "actor", "workspace")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None:
            return False
        agent = notification.agent
        still_member = Membership.objects.filter(
            workspace_id=notification.workspace_id, agent=agent, is_active=True
        ).exists()
        if not agent.is_active or not still_member:
            # Deactivated since the mention: nothing to send, and nothing to retry.
            notification.emailed_at = timezone.now()
            notification.save(update_fields=["emailed_at"])
            return False
        language = agent.language or notification.workspace.default_language
        ticket = notification.ticket
        with translation.override(language):
            context = {
                "agent": agent,
                "actor": notification.actor,
                "ticket": ticket,
                "message": notification.message,
                "workspace": notification.workspace,
                "url": f"{public_url()}/t/{notification.workspace.slug}/"
                f"{ticket.number if ticket else ''}",
            }
            subject = render_to_string("notifications/mention_subject.txt", context).strip()
            body = render_to_string("notifications/mention_body.txt", context)
        send_mail(subject, body, None, [agent.email])
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
        return True


def notification_mark_read(*, agent: Agent, ids: list[int]) -> int:
    return Notification.objects.filter(agent=agent, pk__in=ids, read_at__isnull=True).update(
        read_at=timezone.now()
    )
