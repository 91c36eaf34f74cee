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
    # Whether readers get ``digits`` rather than 0-9 unless ANUVAD_NATIVE_DIGITS says
    # otherwise. Ours to decide, not whatever CLDR's default numbering system is this year.
    native_digits_by_default: bool
    # The gettext plural rule for PO headers; the interface catalogues in locale/ agree
    # (tests/test_locale.py). CLDR's rule: 0 and 1 take the singular in Hindi and Bengali.
    plural_forms: str
    # What this language calls each of the four, by code: fixed here rather than taken
    # from CLDR, whose names move between releases ("Bengali" became "Bangla").
    names: Mapping[str, str]

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"

    def to_native_digits(self, text: str) -> str:
        """Write the Western digits in ``text`` with this language's own digits."""
        return text.translate(str.maketrans("0123456789", self.digits))


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
    native_digits_by_default=False,
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
    native_digits_by_default=False,
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
    native_digits_by_default=True,
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
    numbering_system="arabext",
    native_digits_by_default=True,
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


def choices() -> list[tuple[str, str]]:
    """Model/form choices: code and English name."""
    return [(lang.code, lang.name) for lang in LANGUAGES]


def django_languages() -> list[tuple[str, str]]:
    """settings.LANGUAGES: code and native name, as a language switcher shows them."""
    return [(lang.code, lang.native_name) for lang in LANGUAGES]
