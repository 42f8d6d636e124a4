"""What a visitor may see of a message: its text as text, who wrote it, files they may fetch."""

from __future__ import annotations

from typing import Any

from django.core import signing

from samadhan.tickets.models import Attachment, AuthorKind, Message

FILE_SALT = "samadhan.chat.file"
_AUTHOR_KINDS = {
    AuthorKind.CONTACT.value: "visitor",
    AuthorKind.AGENT.value: "agent",
    AuthorKind.BOT.value: "bot",
    AuthorKind.SYSTEM.value: "system",
}


def file_path(*, public_id: str, attachment: Attachment) -> str:
    """A path only whoever was given it can use: the attachment id, signed."""
    signed = signing.dumps(attachment.pk, salt=FILE_SALT)
    return f"/chat/v1/{public_id}/files/{signed}"


def client_id_of(message: Message) -> str | None:
    external = message.external_id or ""
    return external.rsplit(":", 1)[-1] if external.startswith("chat:") else None


def message_public_payload(message: Message, *, public_id: str) -> dict[str, Any]:
    agent = message.author_agent
    return {
        "id": message.pk,
        "ticket_id": message.ticket_id,
        "client_id": client_id_of(message),
        "text": message.body_text,
        "author": {
            "kind": _AUTHOR_KINDS.get(message.author_kind, "system"),
            # The first name only: the visitor needs a person, not a directory.
            "name": (agent.name.split(" ")[0] if agent and agent.name else ""),
        },
        "created_at": message.created_at.isoformat(),
        "attachments": [
            {
                "filename": a.filename,
                "content_type": a.content_type,
                "size": a.size,
                "url": file_path(public_id=public_id, attachment=a),
            }
            for a in message.attachments.all()
        ],
    }
