"""Reads about the bot: deflection (tickets it solved without a person)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q

from samadhan.bots.models import BotConversation, BotState


@dataclass(frozen=True)
class Deflection:
    """Of the tickets the bot looked at since a time: answered, solved by it, the rate."""

    tickets: int
    answered: int
    solved: int

    @property
    def rate(self) -> float:
        """Solved by the bot / tickets it looked at (0 when it looked at none)."""
        return self.solved / self.tickets if self.tickets else 0.0


def bot_deflection_rate(*, workspace_id: int, since: datetime) -> Deflection:
    counts = BotConversation.objects.filter(
        workspace_id=workspace_id, created_at__gte=since
    ).aggregate(
        tickets=Count("id"),
        answered=Count("id", filter=Q(answer_message_id__isnull=False)),
        solved=Count("id", filter=Q(state=BotState.SOLVED)),
    )
    return Deflection(
        tickets=counts["tickets"], answered=counts["answered"], solved=counts["solved"]
    )
