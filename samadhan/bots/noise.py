"""Messages no bot should answer: robots' mail (auto-replies, lists, bulk, bounces)."""

from __future__ import annotations

from email.parser import BytesParser
from email.policy import default as default_policy

from samadhan.channels.email.models import RawEmail
from samadhan.channels.email.noise import Noise, is_automated
from samadhan.tickets.models import Message, TicketTag

# The email pipeline tags tickets opened by bulk or list mail with the noise kind.
NOISE_TAGS = [str(Noise.BULK), str(Noise.LIST), str(Noise.AUTO_REPLY), str(Noise.BOUNCE)]


def is_noise(message: Message) -> bool:
    """True when ``message`` came from a robot, as the email pipeline classifies it."""
    if TicketTag.objects.filter(ticket_id=message.ticket_id, tag__name__in=NOISE_TAGS).exists():
        return True
    raw = (
        RawEmail.objects.filter(workspace_id=message.workspace_id, result_message=message)
        .order_by("id")
        .first()
    )
    if raw is None or not raw.file:
        return False
    with raw.file.open("rb") as handle:
        headers = BytesParser(policy=default_policy).parse(handle, headersonly=True)
    return is_automated(headers)
