"""Dates, numbers and language names formatted by Babel for each language and digit setting."""

from __future__ import annotations

import datetime as dt

import pytest
from babel import Locale

from translations import formatting, languages

DAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("code", "native", "western"),
    [
        ("en", "22 November 2026", "22 November 2026"),
        ("hi", "२२ नवंबर २०२६", "22 नवंबर 2026"),
        ("bn", "২২ নভেম্বর, ২০২৬", "22 নভেম্বর, 2026"),
        ("ur", "۲۲ نومبر، ۲۰۲۶", "22 نومبر، 2026"),
    ],
)
def test_dates_follow_the_digit_setting(settings, code, native, western):
    settings.ANUVAD_NATIVE_DIGITS = list(languages.CODES)
    assert formatting.format_date(DAY, code) == native
    settings.ANUVAD_NATIVE_DIGITS = []
    assert formatting.format_date(DAY, code) == western


def test_native_digits_by_default_are_bengali_and_urdu():
    from django.conf import settings

    # The README's promise, whatever CLDR's default numbering system is this year.
    assert settings.ANUVAD_NATIVE_DIGITS == ["bn", "ur"]
    assert [lang.code for lang in languages.LANGUAGES if lang.native_digits_by_default] == [
        "bn",
        "ur",
    ]


def test_aware_datetimes_use_the_site_time_zone(settings):
    settings.ANUVAD_NATIVE_DIGITS = []
    late = dt.datetime(2026, 11, 21, 20, 0, tzinfo=dt.UTC)  # 01:30 on the 22nd in Kolkata
    assert formatting.format_date(late, "hi") == "22 नवंबर 2026"
    assert formatting.format_datetime(late, "en").startswith("22 Nov 2026, 1:30")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        # CLDR: a narrow no-break space before the day period, whose case varies by release.
        ("en", "22 Nov 2026, 1:30\u202fam"),
        ("hi", "22 नव॰ 2026, 1:30 am"),
        ("bn", "২২ নভেঃ, ২০২৬ ১:৩০ AM"),
        ("ur", "۲۲ نومبر، ۲۰۲۶ ۱:۳۰ AM"),
    ],
)
def test_desk_moments_join_date_and_time_the_locale_way(code, expected):
    late = dt.datetime(2026, 11, 21, 20, 0, tzinfo=dt.UTC)  # 01:30 on the 22nd in Kolkata
    assert formatting.format_moment(late, code).casefold() == expected.casefold()


@pytest.mark.parametrize(
    ("code", "native", "western"),
    [
        ("en", "12,34,567.5", "12,34,567.5"),
        ("hi", "१२,३४,५६७.५", "12,34,567.5"),
        ("bn", "১২,৩৪,৫৬৭.৫", "12,34,567.5"),
        ("ur", "۱٬۲۳۴٬۵۶۷٫۵", "1,234,567.5"),
    ],
)
def test_numbers_use_the_locale_grouping(settings, code, native, western):
    settings.ANUVAD_NATIVE_DIGITS = list(languages.CODES)
    assert formatting.format_number(1234567.5, code) == native
    settings.ANUVAD_NATIVE_DIGITS = []
    assert formatting.format_number(1234567.5, code) == western


def test_digits_of_any_script_are_rewritten(settings):
    settings.ANUVAD_NATIVE_DIGITS = ["bn"]
    assert formatting.digits_for("१२ 34 ٥٦ ۷۸", "bn") == "১২ ৩৪ ৫৬ ৭৮"
    assert formatting.digits_for("১২ ۷۸", "hi") == "12 78"


@pytest.mark.parametrize(
    ("code", "in_language", "name"),
    [
        ("en", "hi", "अंग्रेज़ी"),
        ("ur", "hi", "उर्दू"),
        ("en", "bn", "ইংরেজি"),
        ("hi", "ur", "ہندی"),
        ("bn", "en", "Bengali"),
        ("bn", "bn", "বাংলা"),
    ],
)
def test_language_names_in_the_page_language(code, in_language, name):
    assert languages.name_in(code, in_language) == name


@pytest.mark.parametrize("lang", languages.LANGUAGES, ids=lambda lang: lang.code)
def test_language_facts_agree_with_cldr(lang):
    locale = Locale.parse(lang.babel_locale)
    assert locale.character_order == ("right-to-left" if lang.is_rtl else "left-to-right")
    assert Locale.parse(lang.code).get_display_name(lang.code).lower() == lang.native_name.lower()
    assert formatting.format_number(7, lang.code) in {"7", lang.digits[7]}
