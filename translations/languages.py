"""The one source of truth for the four languages Anuvad publishes in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    native_name: str
    script: str
    direction: Literal["ltr", "rtl"]
    digits: str
    babel_locale: str
    # CLDR's name for the digits above (Babel's ``numbering_system``).
    numbering_system: str
    # The digits readers get unless ANUVAD_DIGITS says otherwise: ``numbering_system`` or
    # "latn" (0-9). Ours to decide, from what the language's press prints, not whatever
    # CLDR's default numbering system is this year.
    default_digits: str
    # The gettext plural rule for PO headers; the interface catalogues in locale/ agree
    # (tests/test_locale.py). CLDR's rule: 0 and 1 take the singular in Hindi and Bengali.
    plural_forms: str
    # What this language calls each of the four, by code: fixed here rather than taken
    # from CLDR, whose names move between releases ("Bengali" became "Bangla").
    names: Mapping[str, str]

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def digit_systems(self) -> Mapping[str, str]:
        """The numbering systems a reader of this language may get, and their digits."""
        return {LATIN_SYSTEM: LATIN_DIGITS, self.numbering_system: self.digits}

    def to_native_digits(self, text: str) -> str:
        """Write the Western digits in ``text`` with this language's own digits."""
        return text.translate(str.maketrans("0123456789", self.digits))


LATIN_SYSTEM = "latn"
LATIN_DIGITS = "0123456789"

_ONE = "nplurals=2; plural=(n != 1);"
_ZERO_AND_ONE = "nplurals=2; plural=(n > 1);"

ENGLISH = Language(
    code="en",
    name="English",
    native_name="English",
    script="Latn",
    direction="ltr",
    digits="0123456789",
    babel_locale="en_IN",
    numbering_system="latn",
    default_digits="latn",
    plural_forms=_ONE,
    names=MappingProxyType({"en": "English", "hi": "Hindi", "bn": "Bengali", "ur": "Urdu"}),
)
HINDI = Language(
    code="hi",
    name="Hindi",
    native_name="हिन्दी",
    script="Deva",
    direction="ltr",
    digits="०१२३४५६७८९",
    babel_locale="hi_IN",
    numbering_system="deva",
    # Most Hindi dailies (Dainik Jagran, Dainik Bhaskar, Amar Ujala, Hindustan) print
    # 0-9, the "international form of Indian numerals" that Article 343 of the
    # Constitution prescribes for the Union's official use; ANUVAD_DIGITS=hi=deva for ०-९.
    default_digits="latn",
    plural_forms=_ZERO_AND_ONE,
    names=MappingProxyType({"en": "अंग्रेज़ी", "hi": "हिन्दी", "bn": "बंगाली", "ur": "उर्दू"}),
)
BENGALI = Language(
    code="bn",
    name="Bengali",
    native_name="বাংলা",
    script="Beng",
    direction="ltr",
    digits="০১২৩৪৫৬৭৮৯",
    babel_locale="bn_IN",
    numbering_system="beng",
    # Bengali papers (Anandabazar Patrika, Prothom Alo) print dates and figures in ০-৯.
    default_digits="beng",
    plural_forms=_ZERO_AND_ONE,
    names=MappingProxyType({"en": "ইংরেজি", "hi": "হিন্দি", "bn": "বাংলা", "ur": "উর্দু"}),
)
URDU = Language(
    code="ur",
    name="Urdu",
    native_name="اردو",
    script="Arab",
    direction="rtl",
    digits="۰۱۲۳۴۵۶۷۸۹",
    babel_locale="ur_IN",
    # Extended Arabic-Indic ۰-۹ (U+06F0-06F9), which a Nastaliq face draws in their Urdu
    # shapes, as Urdu papers print them; not the Arabic ٠-٩ (U+0660-0669).
    numbering_system="arabext",
    default_digits="arabext",
    plural_forms=_ONE,
    names=MappingProxyType({"en": "انگریزی", "hi": "ہندی", "bn": "بنگلہ", "ur": "اردو"}),
)

LANGUAGES: tuple[Language, ...] = (ENGLISH, HINDI, BENGALI, URDU)
CODES: tuple[str, ...] = tuple(lang.code for lang in LANGUAGES)
DEFAULT = ENGLISH
_BY_CODE = {lang.code: lang for lang in LANGUAGES}


class UnknownLanguage(LookupError):
    pass


def get(code: str) -> Language:
    """The language for ``code``; raises UnknownLanguage for anything else."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise UnknownLanguage(
            f"{code!r} is not one of Anuvad's languages ({', '.join(CODES)})."
        ) from None


def name_in(code: str, in_language: str) -> str:
    """The name of language ``code`` as ``in_language`` writes it ("अंग्रेज़ी" for en in hi)."""
    return get(in_language).names[get(code).code]


def digit_settings(overrides: Mapping[str, str]) -> dict[str, str]:
    """ANUVAD_DIGITS: each language's numbering system, the defaults with ``overrides`` applied.

    Raises ValueError naming the language or the system that is not one of ours.
    """
    unknown = sorted(set(overrides) - set(CODES))
    if unknown:
        raise ValueError(f"{', '.join(unknown)} is not one of {', '.join(CODES)}.")
    chosen = {lang.code: overrides.get(lang.code, lang.default_digits) for lang in LANGUAGES}
    for code, system in chosen.items():
        allowed = get(code).digit_systems
        if system not in allowed:
            raise ValueError(f"{code}={system}: {code} may have {' or '.join(allowed)}.")
    return chosen


def choices() -> list[tuple[str, str]]:
    """Model/form choices: code and English name."""
    return [(lang.code, lang.name) for lang in LANGUAGES]


def django_languages() -> list[tuple[str, str]]:
    """settings.LANGUAGES: code and native name, as a language switcher shows them."""
    return [(lang.code, lang.native_name) for lang in LANGUAGES]
