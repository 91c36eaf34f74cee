"""Login throttling policy: how long django-axes locks a username out after failed logins."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from api import errors

MAX_COOL_OFF = timedelta(hours=24)


def _username(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    credentials = getattr(request, "axes_credentials", None) or {}
    name = credentials.get("username") or ""
    if not name and request.method == "POST":
        name = request.POST.get("username", "")
    return str(name)[:150]


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
