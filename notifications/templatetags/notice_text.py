"""Template filters for notices: isolated names and titles as ``<bdi>``."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from notifications.bidi import isolates_as_html

register = template.Library()


@register.filter
def isolated(value: str | None) -> SafeString:
    """A stored subject or body for an HTML page: escaped, its isolates as ``<bdi>``."""
    return isolates_as_html(value or "")
