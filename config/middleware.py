"""Request limits applied before a view reads the body."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
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
