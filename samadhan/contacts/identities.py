"""Canonical forms of identities, so one person is one contact."""

from __future__ import annotations

import regex
from django.utils.translation import gettext_lazy as _

from samadhan.contacts.models import IdentityKind
from samadhan.core.errors import ValidationFailed

_EMAIL = regex.compile(r"^[^\s@]+@[^\s@]+\.[^\s@]+$")
_PHONE_NOISE = regex.compile(r"[\s\-().]")


def normalize_email(value: str) -> str:
    value = value.strip()
    if not _EMAIL.match(value) or len(value) > 320:
        raise ValidationFailed(
            _("%(value)s is not a valid email address."),
            params={"value": value[:80]},
            fields={"email": [str(_("Enter a valid email address."))]},
        )
    local, _sep, domain = value.rpartition("@")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        domain = domain.lower()
    return f"{local.lower()}@{domain.lower()}"


def normalize_phone(value: str) -> str:
    cleaned = _PHONE_NOISE.sub("", value.strip())
    digits = cleaned[1:] if cleaned.startswith("+") else cleaned
    if not digits.isascii() or not digits.isdigit() or not 5 <= len(digits) <= 16:
        raise ValidationFailed(
            _("%(value)s is not a valid phone number."),
            params={"value": value[:40]},
            fields={"phone": [str(_("Enter a phone number in international format."))]},
        )
    return str("+" + digits if cleaned.startswith("+") else digits)


def normalize_identity(kind: IdentityKind, value: str) -> str:
    if kind == IdentityKind.EMAIL:
        return normalize_email(value)
    if kind in (IdentityKind.PHONE, IdentityKind.WHATSAPP):
        return normalize_phone(value)
    value = value.strip()
    if not value or len(value) > 320:
        raise ValidationFailed(
            _("An identity value must have 1 to 320 characters."), fields={"value": ["invalid"]}
        )
    return value
