"""Uploading attachments: size limits, refused types, names and content kept exactly."""

from __future__ import annotations

import hashlib
import io

import pytest
from pytest_django import Settings

from samadhan.core.errors import AppError, TooLarge
from samadhan.testing.factories import make_ticket
from samadhan.tickets.models import Attachment, MessageKind
from samadhan.tickets.services.message import attachment_upload, message_create
from samadhan.tickets.tests.conftest import Desk
from samadhan.tickets.timeline import Author


def _upload(
    desk: Desk, name: str, data: bytes, content_type: str = "", size: int = -1
) -> Attachment:
    return attachment_upload(
        workspace_id=desk.workspace.pk,
        uploaded_by=desk.agent,
        filename=name,
        content_type=content_type,
        stream=io.BytesIO(data),
        size=len(data) if size < 0 else size,
    )


def test_content_and_metadata_are_kept(desk: Desk) -> None:
    data = "बिल ₹499\n".encode() + bytes(range(256))
    attachment = _upload(desk, "बिल.pdf", data, "Application/PDF; name=x")
    stored = Attachment.objects.get(pk=attachment.pk)
    digest = hashlib.sha256(data).hexdigest()
    assert (stored.filename, stored.content_type, stored.size, stored.sha256) == (
        "बिल.pdf",
        "application/pdf",
        len(data),
        digest,
    )
    assert stored.message_id is None
    assert stored.uploaded_by_id == desk.agent.pk
    assert stored.file.name.startswith(f"attachments/{desk.workspace.pk}/{digest[:2]}/{digest}")
    with stored.file.open("rb") as handle:
        assert handle.read() == data


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\ravi\\photo.jpg", "photo.jpg"),
        ("", "file"),
        ("a" * 300 + ".txt", "a" * 251 + ".txt"),
    ],
)
def test_names_lose_their_paths(desk: Desk, given: str, kept: str) -> None:
    assert _upload(desk, given, b"x", "text/plain").filename == kept


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("setup.exe", "application/octet-stream"),
        ("INVOICE.PDF.JS", "application/pdf"),
        ("run.sh", "text/plain"),
        ("notes.txt", "application/x-msdownload"),
        ("page.html", "text/javascript; charset=utf-8"),
        ("a" * 300 + ".exe", "application/octet-stream"),
    ],
)
def test_executable_types_are_refused(desk: Desk, name: str, content_type: str) -> None:
    with pytest.raises(AppError) as caught:
        _upload(desk, name, b"MZ", content_type)
    assert (caught.value.code, caught.value.http_status) == ("unsupported_media_type", 415)
    assert not Attachment.objects.exists()


def test_size_limit_holds_even_when_the_declared_size_lies(desk: Desk, settings: Settings) -> None:
    settings.SAMADHAN = {**settings.SAMADHAN, "MAX_ATTACHMENT_BYTES": 10}
    assert _upload(desk, "ok.bin", b"0123456789").size == 10
    with pytest.raises(TooLarge) as declared:
        _upload(desk, "big.bin", b"0" * 11)
    assert declared.value.message == "The file is larger than 10 bytes."
    with pytest.raises(TooLarge):
        _upload(desk, "liar.bin", b"0" * 11, size=3)
    assert Attachment.objects.count() == 1


def test_a_message_may_be_only_attachments(desk: Desk) -> None:
    photo = _upload(desk, "टूटा-डिब्बा.jpg", b"\xff\xd8\xff photo", "image/jpeg")
    message = message_create(
        ticket=make_ticket(desk.workspace, contact=desk.contact),
        author=Author.of_agent(desk.agent),
        kind=MessageKind.OUTBOUND,
        body_text="",
        attachment_ids=[photo.pk],
    )
    assert message.body_text == ""
    assert list(message.attachments.values_list("filename", flat=True)) == ["टूटा-डिब्बा.jpg"]


def test_an_empty_message_without_attachments_is_refused(desk: Desk) -> None:
    with pytest.raises(AppError) as caught:
        message_create(
            ticket=make_ticket(desk.workspace, contact=desk.contact),
            author=Author.of_agent(desk.agent),
            kind=MessageKind.OUTBOUND,
            body_text="  ",
        )
    assert caught.value.fields == {"body": ["This field is required."]}
