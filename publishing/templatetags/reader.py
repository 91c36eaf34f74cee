"""Template filters for reader pages: dates, numbers and language names in the page language."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from translations import formatting, languages, markup, sanitise

if TYPE_CHECKING:
    from workflow.models import Organisation, Topic

register = template.Library()


@register.filter
def local_date(value: dt.date | dt.datetime | None, format: str = "long") -> str:
    """``22 नवंबर 2026`` on a Hindi page; empty for no date."""
    if value is None:
        return ""
    return formatting.format_date(value, get_language(), format=format)


@register.filter
def local_number(value: int | float) -> str:
    return formatting.format_number(value, get_language())


@register.filter
def language_name(code: str) -> str:
    """The name of a language in the page's language ("ইংরেজি" for en on a Bengali page)."""
    return languages.name_in(code, get_language())


@register.filter
def native_name(code: str) -> str:
    """The name of a language in its own script, as a switcher shows it."""
    return languages.get(code).native_name


@register.filter
def direction(code: str) -> str:
    """ "rtl" for Urdu, "ltr" for the others: for dir= on text in another language."""
    return languages.get(code).direction


@register.filter
def name_language(obj: Topic | Organisation) -> str:
    """The language of ``obj.name`` as this page shows it.

    modeltranslation gives another language's name (in MODELTRANSLATION_FALLBACK_LANGUAGES
    order) when the page's is empty; that name is marked with its own lang and dir.
    """
    page = get_language()
    for code in dict.fromkeys((page, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES["default"])):
        if getattr(obj, f"name_{code}", ""):
            return code
    return page


@register.filter
def url_in(statement, code: str) -> str:
    """The statement's page in language ``code``."""
    return statement.get_absolute_url(code)


@register.filter(name="markdown")
def markdown_html(text: str) -> str:
    """Statement Markdown as sanitised HTML (translations.markup)."""
    return mark_safe(markup.render(text or ""))  # noqa: S308 - nh3 output, allowlisted tags only


@register.filter
def plain(text: str) -> str:
    """A name (topic, organisation) without the bidi overrides that can disguise it.

    Statement text needs no filter: ``Statement.published_text`` has dropped them.
    """
    return sanitise.strip_bidi_overrides(text or "")
