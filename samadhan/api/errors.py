"""Every API error has one body: ``{"code", "message", "fields"}``."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from samadhan.api.auth import RateLimited
from samadhan.core.errors import AppError, ErrorCode

logger = logging.getLogger(__name__)


def error_body(
    code: str, message: str, fields: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    return {"code": code, "message": message, "fields": fields or {}}


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    # ninja prefixes locations with "body"/"query"/"path" and the parameter name.
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "form", "file", "header"):
        parts = parts[1:]
        # Then the name of the endpoint's parameter; a lone one means the whole body.
        if parts and parts[0] in ("payload", "data", "filters", "query"):
            parts = parts[1:]
    return ".".join(parts) or "body"


def install(api: NinjaAPI) -> None:
    @api.exception_handler(AppError)
    def app_error(request: HttpRequest, exc: AppError) -> HttpResponse:
        response = api.create_response(
            request, error_body(exc.code, exc.message, exc.fields), status=exc.http_status
        )
        if isinstance(exc, RateLimited):
            response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for error in exc.errors:
            fields.setdefault(_field_path(error.get("loc", ())), []).append(str(error.get("msg")))
        return api.create_response(
            request,
            error_body(ErrorCode.VALIDATION, _("The request is not valid."), fields),
            status=422,
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = api.create_response(
            request,
            error_body(ErrorCode.UNAUTHORIZED, _("A valid API token is required.")),
            status=401,
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, ValidationError):
            # Valid JSON with text the database cannot keep (see api.parser).
            return validation_error(request, exc.__cause__)
        if isinstance(exc.__cause__, RequestDataTooBig):
            return api.create_response(
                request,
                error_body(ErrorCode.TOO_LARGE, _("The request body is too large.")),
                status=413,
            )
        if exc.status_code == 400:
            message = _("The request body is not valid JSON.")
            return api.create_response(
                request, error_body(ErrorCode.BAD_REQUEST, message), status=400
            )
        return api.create_response(
            request, error_body(ErrorCode.BAD_REQUEST, str(exc)), status=exc.status_code
        )

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return api.create_response(
            request,
            error_body(ErrorCode.TOO_LARGE, _("The request body is too large.")),
            status=413,
        )

    @api.exception_handler(SuspiciousOperation)
    @api.exception_handler(MultiPartParserError)
    def malformed(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Too many query or form fields, a multipart body that does not parse...
        return api.create_response(
            request,
            error_body(ErrorCode.BAD_REQUEST, _("The request is malformed.")),
            status=400,
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(
            request, error_body(ErrorCode.NOT_FOUND, _("Not found.")), status=404
        )

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("unhandled API error on %s %s", request.method, request.path)
        return api.create_response(
            request,
            error_body("internal_error", _("Something went wrong on our side.")),
            status=500,
        )
