"""Per-address limits on anonymous API calls, and what each does while the cache is away.

The counts live in the cache (Redis). When it cannot be reached (config/cache.py gives up
within a fraction of a second) a throttle cannot count, and each one says what happens then
in ``fail_open``; nothing is ever a 500.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from publishing.cache import UNREACHABLE


class LoginUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _(
        "Logging in through the API is briefly unavailable; try again in a few seconds."
    )
    default_code = "unavailable"


class AddressThrottle(AnonRateThrottle):
    """``ANUVAD_API_ANON_RATE`` per client address (the "anon" rate), shared by every view."""

    # No default: each throttle states what an outage of its counts means.
    fail_open: bool

    def allow_request(self, request: Request, view: APIView) -> bool:
        try:
            return super().allow_request(request, view)
        except UNREACHABLE:
            if self.fail_open:
                return True
            refusal = LoginUnavailable()
            refusal.wait = settings.ANUVAD_CACHE_RETRY_AFTER  # DRF sends it as Retry-After
            raise refusal from None


class PublicReadThrottle(AddressThrottle):
    """The public read API fails open: it serves published text, the same as the reader
    pages (which have no limit of their own), so refusing it would take readers down with
    Redis for no protection worth having; the proxy in front can still limit by address."""

    fail_open = True


class TokenThrottle(AddressThrottle):
    """The token endpoint fails closed (503, Retry-After): this limit is what stops one
    address trying passwords for many usernames, which django-axes' per-username lockout
    does not. Tokens already given keep working (they live in the database), and the desk's
    login form, guarded by axes in the database, keeps working too."""

    fail_open = False
