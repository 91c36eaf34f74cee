"""Dates, numbers and language names for a reader of one language, formatted by Babel.

Whether a language is shown with its own digits (२२, ২২, ۲۲) or with 0-9 is a setting,
``ANUVAD_DIGITS``; Babel's patterns and month names are used either way.

Babel (2.19) takes a ``numbering_system`` for numbers, but it picks only the separators
(٬ and ٫ for arabext) and writes 0-9 whatever the system; its dates take none at all. So
the digits are written in after Babel has formatted, from languages.py's digits.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from . import languages


def digit_system(code: str) -> str:
    """The numbering system readers of ``code`` get: "latn" or the language's own."""
    lang = languages.get(code)
    system = settings.ANUVAD_DIGITS.get(lang.code, lang.default_digits)
    if system not in lang.digit_systems:
        # settings.py refuses this at start-up; a test or a shell can still set it later.
        raise ImproperlyConfigured(
            f"ANUVAD_DIGITS: {code}={system}: {code} may have {' or '.join(lang.digit_systems)}."
        )
    return system


def digits_for(text: str, code: str) -> str:
    """``text`` with every decimal digit written the way readers of ``code`` get them."""
    target = languages.get(code).digit_systems[digit_system(code)]
    return text.translate(_digit_table(target))


@lru_cache(maxsize=8)
def _digit_table(target: str) -> dict[int, str]:
    table: dict[int, str] = {}
    for lang in languages.LANGUAGES:
        for value, char in enumerate(lang.digits):
            table[ord(char)] = target[value]
    # Arabic-Indic digits (٠-٩) as Arabic keyboards type them in Urdu text.
    for value in range(10):
        table[0x0660 + value] = target[value]
    return table


def format_date(value: dt.date | dt.datetime, code: str, *, format: str = "long") -> str:
    """A date as readers of ``code`` write it: "22 नवंबर 2026", "২২ নভেম্বর, ২০২৬"."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    locale = languages.get(code).babel_locale
    return digits_for(babel_dates.format_date(value, format=format, locale=locale), code)


def format_datetime(value: dt.datetime, code: str, *, format: str = "medium") -> str:
    """A moment in the site's time zone, in ``code``'s words and digits."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    lang = languages.get(code)
    if lang.script == "Latn":
        text = babel_dates.format_datetime(value, format=format, locale=lang.babel_locale)
        return digits_for(text, code)
    # The day period in the language's words, as in _clock(), with seconds past "short".
    locale = Locale.parse(lang.babel_locale)
    day = babel_dates.format_date(value, format=format, locale=locale)
    time = babel_dates.format_skeleton("Bhm" if format == "short" else "Bhms", value, locale=locale)
    joined = babel_dates.get_datetime_format(format, locale=locale).replace("'", "")
    return digits_for(joined.replace("{0}", time).replace("{1}", day), code)


def _clock(value: dt.datetime, code: str) -> str:
    """The time of day to the minute, in local time already, before the digits are set."""
    lang = languages.get(code)
    locale = Locale.parse(lang.babel_locale)
    if lang.script == "Latn":
        return babel_dates.format_time(value, format="short", locale=locale)
    # CLDR leaves the 12-hour marker in Latin letters for these locales ("3:04 PM" in
    # Bengali and Urdu, "3:04 pm" in Hindi). Their own words for the time of day are what
    # their papers print: CLDR's flexible day periods ("दोपहर 3:04", "3:04 দুপুর", "3:04 دوپہر").
    return babel_dates.format_skeleton("Bhm", value, locale=locale)


def format_moment(value: dt.datetime, code: str) -> str:
    """A date with the time to the minute, for the desk: "22 नव॰ 2026, रात 1:30"."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    locale = Locale.parse(languages.get(code).babel_locale)
    day = babel_dates.format_skeleton("yMMMd", value, locale=locale)
    time = _clock(value, code)
    # The locale's own way of joining a date and a time ("{1}, {0}" in English).
    joined = babel_dates.get_datetime_format("medium", locale=locale).replace("'", "")
    return digits_for(joined.replace("{0}", time).replace("{1}", day), code)


def format_time(value: dt.datetime, code: str) -> str:
    """The time of day to the minute in the site's time zone: "3:04 PM", "৩:০৪ দুপুর"."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return digits_for(_clock(value, code), code)


def format_number(value: int | float | Decimal, code: str) -> str:
    """A number with the locale's grouping and the digits the setting asks for."""
    lang = languages.get(code)
    system = digit_system(code)
    # Babel's numbering system gives the separators (٬ and ٫ in Urdu), not the digits.
    text = babel_numbers.format_decimal(value, locale=lang.babel_locale, numbering_system=system)
    return digits_for(text, code)


def format_month(value: dt.date, code: str) -> str:
    """A month and its year: "December 2026", "दिसंबर 2026", "ডিসেম্বর, ২০২৬"."""
    locale = Locale.parse(languages.get(code).babel_locale)
    return digits_for(babel_dates.format_skeleton("yMMMM", value, locale=locale), code)


def format_money(value: float | Decimal, currency: str, code: str) -> str:
    """An amount in ``currency`` (an ISO code) as readers of ``code`` write it."""
    lang = languages.get(code)
    text = babel_numbers.format_currency(
        value, currency, locale=lang.babel_locale, numbering_system=digit_system(code)
    )
    return digits_for(text, code)
