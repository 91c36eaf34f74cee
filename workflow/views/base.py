"""What every workspace view shares: finding a version the user may open, and refusals."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from ..exceptions import NotPermitted, WorkflowError
from ..models import Variant
from ..selectors import openable_variant

__all__ = ["back_to", "login_required", "open_variant", "polled", "refuse"]


def polled(view):
    """login_required for a part of a page that htmx asks for again: when the session has
    run out, the whole page goes to the login page (HX-Redirect), rather than the login
    page being swapped into the part."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated and request.htmx:
            response = HttpResponse()
            # Back to the page the part is on, not to the part.
            current = urlsplit(request.headers.get("HX-Current-URL", ""))
            page = current.path + (f"?{current.query}" if current.query else "")
            response["HX-Redirect"] = redirect_to_login(page or "/desk/")["Location"]
            return response
        return login_required(view)(request, *args, **kwargs)

    return wrapper


def open_variant(request: HttpRequest, pk: int) -> Variant:
    """The version, or 404 for a user who may not see it (no hint that it exists)."""
    variant = openable_variant(request.user, pk)
    if variant is None:
        raise Http404("No such version.")
    return variant


def refuse(request: HttpRequest, error: WorkflowError, *, to: str) -> HttpResponse:
    """Answer a refused action: 403 with the reason when the person may not do it at all;
    otherwise (a conflict such as a claim taken first) the message and back to ``to``."""
    if isinstance(error, NotPermitted):
        if request.htmx:
            return HttpResponse(str(error), status=403, content_type="text/plain; charset=utf-8")
        return render(
            request, "workflow/refused.html", {"reason": str(error), "back": to}, status=403
        )
    messages.error(request, str(error))
    if request.htmx:
        response = HttpResponse(status=409)
        response["HX-Redirect"] = to
        return response
    return HttpResponseRedirect(to)


def back_to(request: HttpRequest, default: str) -> str:
    """Where a POST form asked to return to, if it is one of ours."""
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default


def my_work_url() -> str:
    return reverse("workspace:my_work")
