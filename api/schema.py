"""Schema helpers: every operation documents the error body for the statuses it can return."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse

from .serializers import ErrorSerializer

DESCRIPTIONS = {
    400: "Invalid input.",
    401: "Not logged in (send a token or a session).",
    403: "Not permitted.",
    404: "Not found, or not visible to you.",
    409: "Refused by the workflow (state, guard or a stale version).",
    412: "If-Match does not match the current version.",
    413: "Too large.",
    428: "No version sent (If-Match or version).",
    429: "Too many requests or failed logins.",
    503: "Briefly unavailable (the cache is away); try again after Retry-After seconds.",
}


def error_responses(*statuses: int) -> dict[int, OpenApiResponse]:
    return {
        status: OpenApiResponse(ErrorSerializer, description=DESCRIPTIONS[status])
        for status in statuses
    }
