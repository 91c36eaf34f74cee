"""Template filters for notices: isolated names and titles as ``<bdi>``."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from notifications.bidi import isolates_as_html
from translations import languages

register = template.Library()


@register.filter
def isolated(value: str | None) -> SafeString:
    """A stored subject or body for an HTML page: escaped, its isolates as ``<bdi>``."""
    return isolates_as_html(value or "")


@register.filter
def direction_of(code: str | None) -> str:
    """``rtl`` or ``ltr`` for one of our language codes; ``auto`` for anything else."""
    try:
        return languages.get(code or "").direction
    except languages.UnknownLanguage:
        return "auto"
