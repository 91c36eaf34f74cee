"""One error body for every failure: {"error": {"code", "message", "fields"}}.

Workflow refusals keep the services' own messages, so the API and the desk say the same.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from workflow.exceptions import (
    GuardFailed,
    IllegalTransition,
    InvalidInput,
    NotPermitted,
    QABlocked,
    StaleEdit,
    WorkflowError,
)


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource changed since the version you sent (If-Match)."
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "Send the version you edited, as an If-Match header or a version field."
    default_code = "precondition_required"


# (class, HTTP status, code): the first match wins, so subclasses come first.
WORKFLOW_ERRORS: tuple[tuple[type[WorkflowError], int, str], ...] = (
    (NotPermitted, 403, "not_permitted"),
    (StaleEdit, 409, "stale"),
    (QABlocked, 409, "qa_blocked"),
    (InvalidInput, 400, "invalid"),
    (GuardFailed, 409, "guard_failed"),
    (IllegalTransition, 409, "illegal_transition"),
    (WorkflowError, 409, "conflict"),
)


def body(code: str, message: str, fields: dict[str, Any] | None = None, **extra: Any) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}, **extra}}


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def _workflow_response(exc: WorkflowError) -> Response:
    for kind, http_status, code in WORKFLOW_ERRORS:
        if isinstance(exc, kind):
            extra: dict[str, Any] = {}
            if isinstance(exc, QABlocked):
                extra["problems"] = [str(p) for p in exc.problems]
            if isinstance(exc, StaleEdit) and hasattr(exc.current, "version"):
                extra["current_version"] = exc.current.version
            return Response(body(code, str(exc), **extra), status=http_status)
    raise AssertionError("WorkflowError is the last entry")  # pragma: no cover


def handle(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, WorkflowError):
        return _workflow_response(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None  # a server error: Django's handler500 answers and logs it
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        if not isinstance(fields, dict):
            fields = {"non_field_errors": fields}
        message = "The request has invalid fields."
        if list(fields) == ["non_field_errors"]:
            message = " ".join(fields["non_field_errors"])
        response.data = body("invalid", message, fields)
    else:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        code = codes if isinstance(codes, str) else "error"
        response.data = body(code, str(getattr(exc, "detail", exc)))
    return response


# The site's handler404 and handler500 (config/errors.py) hand addresses under /api/ to
# these two (ANUVAD_ERROR_VIEWS), so that every API answer has the error body.


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 for an address under /api/ that no route matches."""
    return JsonResponse(body("not_found", "No such address in this API."), status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500 after an unhandled error under /api/ (Django has logged it)."""
    message = "The server failed to answer; the error has been logged."
    return JsonResponse(body("server_error", message), status=500)
