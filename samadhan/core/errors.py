"""One typed error hierarchy for services, access helpers and the API.

An ``AppError`` carries a machine-readable ``ErrorCode``, a translatable
message with named placeholders and optional per-field details. The API turns
it into ``{"code", "message", "fields"}`` with the code's HTTP status.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.functional import Promise


class ErrorCode(StrEnum):
    BAD_REQUEST = "bad_request"
    VALIDATION = "validation_error"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    UNAUTHORIZED = "unauthorized"
    CONFLICT = "conflict"
    INVALID_TRANSITION = "invalid_transition"
    TOO_LARGE = "too_large"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    RATE_LIMITED = "rate_limited"


HTTP_STATUS: dict[ErrorCode, int] = {
    ErrorCode.BAD_REQUEST: 400,
    ErrorCode.VALIDATION: 422,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.PERMISSION_DENIED: 403,
    ErrorCode.UNAUTHORIZED: 401,
    ErrorCode.CONFLICT: 409,
    ErrorCode.INVALID_TRANSITION: 422,
    ErrorCode.TOO_LARGE: 413,
    ErrorCode.UNSUPPORTED_MEDIA_TYPE: 415,
    ErrorCode.RATE_LIMITED: 429,
}


class AppError(Exception):
    code: ErrorCode = ErrorCode.BAD_REQUEST

    def __init__(
        self,
        message: str | Promise,
        *,
        code: ErrorCode | None = None,
        fields: dict[str, list[str]] | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        if code is not None:
            self.code = code
        self.message_template = message
        self.params = params or {}
        self.fields = fields or {}
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = str(self.message_template)
        return text % self.params if self.params else text

    @property
    def http_status(self) -> int:
        return HTTP_STATUS[self.code]


class NotFound(AppError):
    code = ErrorCode.NOT_FOUND


class PermissionDenied(AppError):
    code = ErrorCode.PERMISSION_DENIED


class ValidationFailed(AppError):
    code = ErrorCode.VALIDATION


class InvalidTransition(AppError):
    code = ErrorCode.INVALID_TRANSITION


class TooLarge(AppError):
    code = ErrorCode.TOO_LARGE
