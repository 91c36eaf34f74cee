"""Dates, numbers and language names formatted by Babel for each language and digit setting."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel import Locale
from django.core.exceptions import ImproperlyConfigured

from translations import formatting, languages

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 11, 22)
APRIL = dt.date(2025, 4, 22)
NATIVE = {lang.code: lang.numbering_system for lang in languages.LANGUAGES}
LATIN = dict.fromkeys(languages.CODES, "latn")


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
    settings.ANUVAD_DIGITS = NATIVE
    assert formatting.format_date(DAY, code) == native
    settings.ANUVAD_DIGITS = LATIN
    assert formatting.format_date(DAY, code) == western


def test_digits_by_default_are_what_each_languages_press_prints():
    from django.conf import settings

    # The README's promise, whatever CLDR's default numbering system is this year.
    assert settings.ANUVAD_DIGITS == {"en": "latn", "hi": "latn", "bn": "beng", "ur": "arabext"}


# Written out by hand: Babel's month names and patterns, the digits a reader expects.
@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "22 April 2025"),
        ("hi", "22 अप्रैल 2025"),
        ("bn", "২২ এপ্রিল, ২০২৫"),
        ("ur", "۲۲ اپریل، ۲۰۲۵"),
    ],
)
def test_reader_dates_by_default(code, expected):
    assert formatting.format_date(APRIL, code) == expected


def test_the_setting_changes_one_language_and_not_the_others(settings):
    settings.ANUVAD_DIGITS = languages.digit_settings({"hi": "deva", "bn": "latn"})
    assert formatting.format_date(APRIL, "hi") == "२२ अप्रैल २०२५"
    assert formatting.format_number(1413, "hi") == "१,४१३"
    assert formatting.format_date(APRIL, "bn") == "22 এপ্রিল, 2025"
    assert formatting.format_date(APRIL, "ur") == "۲۲ اپریل، ۲۰۲۵"
    settings.ANUVAD_DIGITS = languages.digit_settings({"ur": "latn"})
    assert formatting.format_date(APRIL, "ur") == "22 اپریل، 2025"
    assert formatting.format_date(APRIL, "bn") == "২২ এপ্রিল, ২০২৫"


@pytest.mark.parametrize(
    ("overrides", "said"),
    [
        ({"fr": "latn"}, "fr is not one of en, hi, bn, ur"),
        ({"ur": "arab"}, "ur=arab: ur may have latn or arabext"),
        ({"bn": "deva"}, "bn=deva: bn may have latn or beng"),
        ({"en": "deva"}, "en=deva: en may have latn"),
    ],
)
def test_the_setting_names_only_our_languages_and_their_digits(overrides, said):
    with pytest.raises(ValueError, match=said):
        languages.digit_settings(overrides)


def test_a_wrong_setting_fails_when_used_and_names_the_setting(settings):
    settings.ANUVAD_DIGITS = {**NATIVE, "bn": "arabext"}
    with pytest.raises(ImproperlyConfigured, match="ANUVAD_DIGITS: bn=arabext"):
        formatting.format_date(APRIL, "bn")


def test_aware_datetimes_use_the_site_time_zone(settings):
    settings.ANUVAD_DIGITS = LATIN
    late = dt.datetime(2026, 11, 21, 20, 0, tzinfo=dt.UTC)  # 01:30 on the 22nd in Kolkata
    assert formatting.format_date(late, "hi") == "22 नवंबर 2026"
    assert formatting.format_datetime(late, "en").startswith("22 Nov 2026, 1:30")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        # CLDR: a narrow no-break space before the day period, whose case varies by release.
        ("en", "22 Nov 2026, 1:30\u202fam"),
        # The language's own words for the time of day, not a Latin AM/PM.
        ("hi", "22 नव॰ 2026, रात 1:30"),
        ("bn", "২২ নভেঃ, ২০২৬ ১:৩০ রাত্রি"),
        ("ur", "۲۲ نومبر، ۲۰۲۶ ۱:۳۰ رات"),
    ],
)
def test_desk_moments_join_date_and_time_the_locale_way(code, expected):
    late = dt.datetime(2026, 11, 21, 20, 0, tzinfo=dt.UTC)  # 01:30 on the 22nd in Kolkata
    assert formatting.format_moment(late, code).casefold() == expected.casefold()


@pytest.mark.parametrize("code", ["hi", "bn", "ur"])
@pytest.mark.parametrize("digits", ["native", "latin"])
def test_times_in_indian_languages_have_no_latin_am_or_pm(settings, code, digits):
    settings.ANUVAD_DIGITS = NATIVE if digits == "native" else LATIN
    times = [dt.datetime(2026, 11, 22, hour, 5) for hour in range(24)]
    for when in times:
        texts = [formatting.format_time(when, code), formatting.format_moment(when, code)]
        texts += [formatting.format_datetime(when, code, format=f) for f in ("short", "medium")]
        for text in texts:
            assert not re.search(r"[A-Za-z]", text), text
    # Morning and evening are told apart, as AM and PM did.
    assert formatting.format_time(times[9], code) != formatting.format_time(times[21], code)


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
    settings.ANUVAD_DIGITS = NATIVE
    assert formatting.format_number(1234567.5, code) == native
    settings.ANUVAD_DIGITS = LATIN
    assert formatting.format_number(1234567.5, code) == western


def test_digits_of_any_script_are_rewritten(settings):
    settings.ANUVAD_DIGITS = {**LATIN, "bn": "beng"}
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


def _settings_from(environment: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    """Load config.settings in a fresh interpreter with ``environment`` added."""
    env = {**os.environ, "ANUVAD_ENV_FILE": "", "ANUVAD_VAR_DIR": str(tmp_path), **environment}
    code = "from config import settings; print(sorted(settings.ANUVAD_DIGITS.items()))"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_the_environment_sets_digits_and_a_wrong_value_stops_start_up(tmp_path):
    run = _settings_from({"ANUVAD_DIGITS": "hi=deva,ur=latn"}, tmp_path)
    assert run.returncode == 0, run.stderr
    assert "('hi', 'deva')" in run.stdout and "('ur', 'latn')" in run.stdout
    assert "('bn', 'beng')" in run.stdout
    run = _settings_from({"ANUVAD_DIGITS": "bn=deva"}, tmp_path)
    assert run.returncode != 0
    assert "ImproperlyConfigured: ANUVAD_DIGITS: bn=deva" in run.stderr
    # The old list setting is refused rather than quietly ignored.
    run = _settings_from({"ANUVAD_NATIVE_DIGITS": "bn"}, tmp_path)
    assert run.returncode != 0 and "replaced by ANUVAD_DIGITS" in run.stderr
