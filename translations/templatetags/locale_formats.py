"""Dates and times on desk pages in the page language, formatted by Babel like the reader's."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.translation import get_language

from translations import formatting

register = template.Library()


@register.filter
def moment(value: dt.datetime | None) -> str:
    """``22 नव॰ 2026, 3:04 pm`` on a Hindi page; empty for no value."""
    if value is None:
        return ""
    return formatting.format_moment(value, get_language())


@register.filter
def day(value: dt.date | dt.datetime | None) -> str:
    """``22 नव॰ 2026`` on a Hindi page; empty for no value."""
    if value is None:
        return ""
    return formatting.format_date(value, get_language(), format="medium")


@register.filter
def number(value: int | float | None) -> str:
    """``१,४१३`` on a Hindi page where Devanagari digits are set; empty for no value."""
    if value is None:
        return ""
    return formatting.format_number(value, get_language())
