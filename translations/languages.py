"""The one source of truth for the four languages Anuvad publishes in."""

from __future__ import annotations

from dataclasses import dataclass
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

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"

    def to_native_digits(self, text: str) -> str:
        """Write the Western digits in ``text`` with this language's own digits."""
        return text.translate(str.maketrans("0123456789", self.digits))


ENGLISH = Language("en", "English", "English", "Latn", "ltr", "0123456789", "en_IN", "latn")
HINDI = Language("hi", "Hindi", "हिन्दी", "Deva", "ltr", "०१२३४५६७८९", "hi_IN", "deva")
BENGALI = Language("bn", "Bengali", "বাংলা", "Beng", "ltr", "০১২৩৪৫৬৭৮৯", "bn_IN", "beng")
URDU = Language("ur", "Urdu", "اردو", "Arab", "rtl", "۰۱۲۳۴۵۶۷۸۹", "ur_IN", "arabext")

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


def choices() -> list[tuple[str, str]]:
    """Model/form choices: code and English name."""
    return [(lang.code, lang.name) for lang in LANGUAGES]


def django_languages() -> list[tuple[str, str]]:
    """settings.LANGUAGES: code and native name, as a language switcher shows them."""
    return [(lang.code, lang.native_name) for lang in LANGUAGES]
