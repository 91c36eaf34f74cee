"""The API's reference page (/api/docs/): Redoc from our own static files, under our CSP."""

from __future__ import annotations

from csp.constants import NONCE
from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularRedocView

# What Redoc needs beyond the site's policy, on this page only: the <style> elements it
# writes carry this request's nonce (api/static/api/docs.js passes it on).
REDOC_CSP = {"style-src": [NONCE], "worker-src": ["blob:"]}


@method_decorator(csp_update(REDOC_CSP), name="dispatch")
class RedocView(SpectacularRedocView):
    """Redoc from drf-spectacular-sidecar, started by a static script: no inline script."""

    template_name = "api/redoc.html"
