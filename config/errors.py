"""The site's 404 and 500: Django's pages, or the error views of the app an address is in.

An app that answers errors in its own format (the API, with its JSON error body) names its
views in ANUVAD_ERROR_VIEWS under its path prefix; every other address gets Django's pages
(templates/404.html, 500.html). The site's handlers import no app: settings name the views.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from django.views import defaults


def _app_view(request: HttpRequest, status: str) -> Callable[..., HttpResponse] | None:
    for prefix, views in settings.ANUVAD_ERROR_VIEWS.items():
        if request.path.startswith(prefix):
            try:
                return import_string(views[status])
            except (ImportError, KeyError) as error:
                raise ImproperlyConfigured(
                    f"ANUVAD_ERROR_VIEWS[{prefix!r}] needs a {status} view that can be "
                    f"imported: {error}"
                ) from error
    return None


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 for an address nothing answers, in the format of the app the address is in."""
    view = _app_view(request, "404")
    if view is not None:
        return view(request, exception)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """500 after an unhandled error (Django has logged it), in the app's format."""
    view = _app_view(request, "500")
    if view is not None:
        return view(request)
    return defaults.server_error(request)
