"""Throttling policy: whom django-axes locks out after failed logins and for how long, and
how many password-reset mails one address or one client may ask for."""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from api import errors
from publishing.cache import UNREACHABLE

log = logging.getLogger(__name__)

MAX_COOL_OFF = timedelta(hours=24)


def _username(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    credentials = getattr(request, "axes_credentials", None) or {}
    name = credentials.get("username") or ""
    if not name and request.method == "POST":
        name = request.POST.get("username", "")
    return str(name)[:150]


class LoginAttempts(AxesDatabaseHandler):
    """axes' database handler with a second limit: failures from one client, any username.

    axes counts failures per (username, address) pair, so one address trying a common
    password on many usernames (spraying) never reaches a pair's limit. Here a client with
    ANUVAD_LOGIN_CLIENT_FAILURE_LIMIT failures within the cool-off, over every username, is
    locked out as a pair would be (429, same wait), for every username, while other
    addresses log in as before. A successful login clears only its own pair's failures, so
    logging in to one's own account does not reset what a client has tried on others.
    The counts live in the database with axes' own, not in the cache.
    """

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        if (
            failures < limit
            and client_failures(request) >= settings.ANUVAD_LOGIN_CLIENT_FAILURE_LIMIT
        ):
            return limit
        return failures


def client_failures(request: HttpRequest) -> int:
    """Failed logins from the request's client address within the cool-off, any username."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    recent = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    )
    return recent.aggregate(n=Sum("failures_since_start"))["n"] or 0


def login_cool_off(request: HttpRequest | None) -> timedelta:
    """15 minutes for a first lockout, doubled for each earlier lockout in the past day.

    Lockouts are counted from axes' failure log: every AXES_FAILURE_LIMIT failures for the
    username in 24 hours is one lockout. So a guesser who waits out the first lock gets
    30 minutes after the next five tries, then an hour, and so on up to a day.
    """
    from axes.models import AccessFailureLog

    base = timedelta(minutes=settings.ANUVAD_LOGIN_COOL_OFF_MINUTES)
    username = _username(request)
    if not username:
        return base
    since = timezone.now() - MAX_COOL_OFF
    failures = AccessFailureLog.objects.filter(username=username, attempt_time__gte=since).count()
    earlier_lockouts = max(0, failures // max(1, settings.AXES_FAILURE_LIMIT) - 1)
    return min(base * (2 ** min(earlier_lockouts, 10)), MAX_COOL_OFF)


def lockout_response(
    request: HttpRequest, original_response: object = None, credentials: dict | None = None
) -> HttpResponse:
    """The answer to a locked-out login: the API's error body for the API, a page otherwise."""
    minutes = max(1, round(login_cool_off(request).total_seconds() / 60))
    status = 429
    if request.path.startswith("/api/"):
        message = f"Too many failed logins. Try again in {minutes} minutes."
        response = JsonResponse(errors.body("locked_out", message), status=status)
    else:
        response = render(
            request, "registration/locked_out.html", {"minutes": minutes}, status=status
        )
    response["Retry-After"] = str(minutes * 60)
    return response


# ---- password reset -------------------------------------------------------------------------


def password_reset_allowed(request: HttpRequest, email: str) -> bool:
    """Count one reset request against its client and its address; false past either limit.

    Each is a fixed window of ANUVAD_PASSWORD_RESET_WINDOW_MINUTES in the cache: at most
    ANUVAD_PASSWORD_RESET_CLIENT_LIMIT requests from one client (the address axes sees) and
    ANUVAD_PASSWORD_RESET_ADDRESS_LIMIT for one email address, whether or not an account has
    it, so the count tells nothing about who exists. A client already over its limit is not
    counted against the address it names, so one noisy client cannot use up an address's
    allowance on its own. When the cache does not answer, no mail is sent (fail closed): a
    reset can wait for the cache, an open relay for mail cannot be allowed.
    """
    window = settings.ANUVAD_PASSWORD_RESET_WINDOW_MINUTES * 60
    client = get_client_ip_address(request) or "unknown"
    address = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    try:
        allowed = (
            _count(f"reset:client:{client}", window) <= settings.ANUVAD_PASSWORD_RESET_CLIENT_LIMIT
            and _count(f"reset:address:{address}", window)
            <= settings.ANUVAD_PASSWORD_RESET_ADDRESS_LIMIT
        )
    except UNREACHABLE:
        log.warning("Password reset from %s not sent: the cache did not answer.", client)
        return False
    if not allowed:
        log.warning("Password reset from %s not sent: over the limit.", client)
    return allowed


def _count(key: str, window: int) -> int:
    """Add one to ``key``'s count in its window (started by its first request); the count."""
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # the window ran out between add and incr: this starts the next
        cache.set(key, 1, window)
        return 1
