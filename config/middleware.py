"""Site-wide request and response rules: upload limits, and no caching of working text."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from api import errors


class UploadLimitMiddleware:
    """Refuse an upload larger than ANUVAD_MAX_UPLOAD_BYTES with 413, before it is read.

    Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams any size of file to
    disk; each importer also checks its own format's limit (PO, CSV, TMX).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.ANUVAD_MAX_UPLOAD_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit and request.method in {"POST", "PUT", "PATCH"}:
            message = _("The upload is larger than %(mb)s MB; nothing was changed.") % {
                "mb": f"{limit / 2**20:g}"
            }
            if request.path.startswith("/api/"):
                return JsonResponse(errors.body("too_large", message), status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class PrivateWorkMiddleware:
    """``Cache-Control: private, no-store`` on every answer under ``private_prefixes``.

    The desk, its API, the admin and the account pages show text that is not published
    (drafts, translations in review, comments, tokens): no browser history, shared proxy
    or back button may keep a copy after the person logs out. Deciding by address, here,
    covers every view at once, including error pages and the lockout answer; reader pages
    are not under these prefixes and keep their public caching (publishing/cache.py).
    """

    private_prefixes: tuple[str, ...] = (
        "/desk/",
        "/api/v1/desk/",
        "/api/v1/auth/",
        "/accounts/",
        "/admin/",
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(self.private_prefixes):
            patch_cache_control(response, private=True, no_store=True)
        return response
