"""The four languages and what settings derive from them."""

from __future__ import annotations

import pytest
from babel import Locale
from babel.dates import format_date
from django.conf import settings

from translations import languages


def test_the_four_languages_and_their_facts():
    assert languages.CODES == ("en", "hi", "bn", "ur")
    assert [lang.direction for lang in languages.LANGUAGES] == ["ltr", "ltr", "ltr", "rtl"]
    assert languages.get("hi").native_name == "हिन्दी"
    assert languages.get("ur").to_native_digits("1,413") == "۱,۴۱۳"
    assert languages.get("bn").to_native_digits("2026") == "২০২৬"
    assert languages.get("hi").to_native_digits("90") == "९०"
    with pytest.raises(languages.UnknownLanguage, match="not one of"):
        languages.get("fr")


@pytest.mark.parametrize("lang", languages.LANGUAGES, ids=lambda lang: lang.code)
def test_babel_locale_exists_and_speaks_the_language(lang):
    locale = Locale.parse(lang.babel_locale)
    assert locale.language == lang.code
    assert (locale.character_order == "right-to-left") == lang.is_rtl
    month = format_date(__import__("datetime").date(2026, 11, 22), "MMMM", locale=locale)
    assert month == {"en": "November", "hi": "नवंबर", "bn": "নভেম্বর", "ur": "نومبر"}[lang.code]


def test_settings_derive_from_the_languages_module():
    assert [code for code, _ in settings.LANGUAGES] == list(languages.CODES)
    assert settings.LANGUAGES_BIDI == ["ur"]
    assert tuple(settings.MODELTRANSLATION_LANGUAGES) == languages.CODES
