"""Sending a stored attachment to a browser or an API client, safely."""

from __future__ import annotations

from django.http import FileResponse

from samadhan.tickets.models import Attachment


def attachment_response(attachment: Attachment) -> FileResponse:
    """Always a download, never rendered: a customer's HTML or SVG cannot run here."""
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response
