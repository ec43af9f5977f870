"""One error shape for the whole API: {"code": ..., plus details}. Never a 500 for bad input."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views import defaults
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from casework.documents.exceptions import DocumentGone
from casework.domain.events import PayloadInvalid
from casework.eventstore import IdempotencyKeyReused, VersionConflict

# A body that is not JSON at all. DRF's own message quotes the parser's error, which can quote the input.
MALFORMED_BODY = "The request body is not valid JSON."
# A body over DATA_UPLOAD_MAX_MEMORY_SIZE (Django's limit) gets the API's shape, not Django's HTML page.
TOO_LARGE = "The request body is larger than the API accepts."
NOT_FOUND_DETAIL = "Not found."
BAD_REQUEST_DETAIL = "Bad request."
# DRF's default choice error repeats the submitted value; a value may be personal data, so ours does not.
CHOICE_ERRORS: dict[str, Any] = {"invalid_choice": "Not an allowed value."}


def _invalid(errors) -> Response:
    if not isinstance(errors, dict):
        errors = {"non_field_errors": errors if isinstance(errors, list) else [errors]}
    return Response({"code": "invalid", "errors": errors}, status=status.HTTP_400_BAD_REQUEST)


def exception_handler(exc, context):
    response: Response | None
    if isinstance(exc, PayloadInvalid):
        response = _invalid(exc.errors)
    elif isinstance(exc, DjangoValidationError):
        response = _invalid(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, VersionConflict):
        response = Response(
            {"code": "version_conflict", "current_version": exc.current, "detail": str(exc)},
            status=status.HTTP_409_CONFLICT,
        )
    elif isinstance(exc, IdempotencyKeyReused):
        response = Response(
            {"code": "idempotency_key_reused", "detail": str(exc)},
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    elif isinstance(exc, exceptions.ValidationError):
        response = _invalid(exc.detail)
    elif isinstance(exc, exceptions.ParseError):
        response = _invalid({"non_field_errors": [MALFORMED_BODY]})
    elif isinstance(exc, RequestDataTooBig):
        response = Response({"code": "too_large", "detail": TOO_LARGE}, status=413)
    elif isinstance(exc, DocumentGone):
        response = Response({"code": "gone", "detail": str(exc)}, status=status.HTTP_410_GONE)
    else:
        if isinstance(exc, Http404):
            exc = exceptions.NotFound()
        elif isinstance(exc, PermissionDenied):
            exc = exceptions.PermissionDenied(str(exc) or None)
        response = drf_exception_handler(exc, context)
        if response is not None and isinstance(exc, exceptions.APIException):
            response.data = {
                "code": exc.get_codes() if isinstance(exc.get_codes(), str) else "error",
                "detail": str(exc.detail),
            }
    if response is not None:
        set_rollback()  # ATOMIC_REQUESTS: nothing of a refused request is kept
    return response


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    """handler404: the API's shape under /api/ (an unknown path there is still the API); a page elsewhere."""
    if _is_api(request):
        return JsonResponse({"code": "not_found", "detail": NOT_FOUND_DETAIL}, status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception=None):
    """handler400: Django's refusals outside a view (an oversized body, too many fields), in the API's shape
    under /api/. The message is ours: Django's names no value, but it need not be shown either."""
    if _is_api(request):
        if isinstance(exception, RequestDataTooBig):
            return JsonResponse({"code": "too_large", "detail": TOO_LARGE}, status=413)
        return JsonResponse(
            {"code": "invalid", "errors": {"non_field_errors": [BAD_REQUEST_DETAIL]}}, status=400
        )
    return defaults.bad_request(request, exception)


def _error(name: str, fields: dict) -> OpenApiResponse:
    return OpenApiResponse(inline_serializer(name, fields))


INVALID = _error(
    "InvalidError",
    {"code": serializers.CharField(default="invalid"), "errors": serializers.DictField()},
)
SIMPLE = {"code": serializers.CharField(), "detail": serializers.CharField()}
NOT_FOUND = _error("NotFoundError", SIMPLE)
FORBIDDEN = _error("ForbiddenError", SIMPLE)
UNAUTHORISED = _error("UnauthorisedError", SIMPLE)
CONFLICT = _error(
    "VersionConflictError",
    {
        "code": serializers.CharField(default="version_conflict"),
        "current_version": serializers.IntegerField(),
        "detail": serializers.CharField(),
    },
)
KEY_REUSED = _error("IdempotencyKeyReusedError", SIMPLE)
THROTTLED = _error("ThrottledError", SIMPLE)  # {"code": "throttled"}, with a Retry-After header in seconds
UNAVAILABLE = _error("UnavailableError", SIMPLE)
GONE = _error("GoneError", SIMPLE)  # {"code": "gone"}: the client was erased, the case file with them
TOO_LARGE_ERROR = _error("TooLargeError", SIMPLE)  # {"code": "too_large"}
DAMAGED = _error("DamagedError", SIMPLE)  # {"code": "damaged"}: a stored document failed its check
RETRY_AFTER = OpenApiParameter(
    "Retry-After", int, OpenApiParameter.HEADER, response=[429], description="Seconds until a retry may pass."
)

COMMON = {400: INVALID, 401: UNAUTHORISED, 403: FORBIDDEN}
WITH_OBJECT = {**COMMON, 404: NOT_FOUND}
# Rate-limited operations (casework/api/throttling.py): over the limit, or the limit's counter unreachable.
THROTTLING = {429: THROTTLED, 503: UNAVAILABLE}
# Document uploads: over CASEWORK_MAX_UPLOAD_MB, or into an erased client's case file.
DOCUMENT_UPLOAD = {410: GONE, 413: TOO_LARGE_ERROR}
