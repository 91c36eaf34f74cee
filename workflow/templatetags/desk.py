"""Template helpers for the workspace: placeholders shown as chips, time left, languages."""

from __future__ import annotations

import re
from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from translations import languages

from ..choices import State

register = template.Library()
_PLACEHOLDER = re.compile(r"\{(\d+)\}")


@register.filter
def with_placeholders(text: str, originals: dict | None = None) -> SafeString:
    """Escape ``text`` and show each {n} as a chip whose title is the markup it stands for."""
    originals = originals or {}

    def chip(match: re.Match) -> str:
        key = match.group(1)
        return str(
            format_html('<code class="ph" title="{}">{{{}}}</code>', originals.get(key, ""), key)
        )

    return mark_safe(_PLACEHOLDER.sub(chip, str(escape(text))))  # noqa: S308 (escaped above)


@register.filter
def time_left(when: datetime | None) -> str:
    if when is None:
        return ""
    seconds = (when - timezone.now()).total_seconds()
    if seconds <= 0:
        return _("expired")
    minutes = int(seconds // 60)
    if minutes < 60:
        return ngettext("%(n)d minute left", "%(n)d minutes left", minutes) % {"n": minutes}
    hours, minutes = divmod(minutes, 60)
    return _("%(h)dh %(m)02dm left") % {"h": hours, "m": minutes}


@register.filter
def language(code: str) -> languages.Language | None:
    try:
        return languages.get(code)
    except languages.UnknownLanguage:
        return None


@register.filter
def state_label(value: str) -> str:
    """A state as people read it ("in_review" → "In review"), for annotated querysets."""
    try:
        return str(State(value).label)
    except ValueError:
        return value


@register.filter
def percent(done: int, total: int) -> int:
    return int(100 * done / total) if total else 0


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key, ())
