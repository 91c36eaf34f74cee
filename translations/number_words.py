"""The words for numbers, scales, ordinals, months and times of day in our four languages.

The tables are data (``data/number_words/<code>.txt``): Hindi and Urdu numerals up to a
hundred are irregular and must be listed one by one, and num2words, which would give
Bengali and English, has no Hindi or Urdu. Month names come from Babel (CLDR), plus the
spellings our translators also use. Every table is merged into one lookup: the four
languages are written in four scripts, so a word belongs to one language only.

A file has sections: ``[cardinal]`` and ``[ordinal]`` (a value, then its spellings),
``[scale]`` (hundred, thousand, lakh …), ``[fraction]`` (ढाई = 2.5), ``[prefix]`` (साढ़े
adds half to what follows), ``[ordinal_suffix]`` (written onto a cardinal: पाँच+वाँ),
``[digit_ordinal_suffix]`` (written onto digits: 21st, २१वीं, ২১তম), ``[classifier]``
(Bengali endings taken off a numeral: বারোটি), ``[weak]`` (numerals that are just as
often other words: एक is also "a"), ``[and]``, ``[time]`` (o'clock: बजे), ``[minute]``
and ``[month]``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel.dates import get_month_names

from . import languages

_DATA = Path(__file__).resolve().parent / "data" / "number_words"
# Nukta and chandrabindu are spelt both ways (हजार/हज़ार, पांच/पाँच); Urdu typed on an
# Arabic keyboard has Arabic yeh and kaf, as normalise.urdu_letters says.
_FOLD = str.maketrans(
    {"\u093c": None, "\u0901": "\u0902", "\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"}
)
# CLDR's abbreviated months that are also everyday words, or end in the abbreviation
# sign (जन॰ is "people" without it): only the full names are read in these languages.
_FULL_MONTHS_ONLY = frozenset({"hi", "ur"})


@dataclass(frozen=True)
class Word:
    """What one word means as a number: its kind and value."""

    kind: str  # cardinal, ordinal, scale, fraction, prefix, and, time, minute, month
    value: Decimal
    weak: bool = False


@dataclass(frozen=True)
class Tables:
    words: dict[str, Word]
    digit_ordinal_suffixes: frozenset[str]
    classifiers: tuple[str, ...]
    hundreds: tuple[str, ...]  # Bengali writes hundreds onto the numeral: পাঁচশো


def fold(word: str) -> str:
    """The form a word is looked up in."""
    return unicodedata.normalize("NFC", word).casefold().translate(_FOLD)


def lookup(word: str) -> Word | None:
    """The number a word stands for, classifiers and written-on hundreds understood."""
    found = tables()
    key = fold(word)
    if key in found.words:
        return found.words[key]
    for ending in found.classifiers:
        base = found.words.get(key.removesuffix(ending)) if key.endswith(ending) else None
        if base is not None and base.kind in ("cardinal", "ordinal", "fraction"):
            return base
    for ending in found.hundreds:
        stem = key.removesuffix(ending) if key.endswith(ending) else ""
        base = found.words.get(stem)
        if base is not None and base.kind == "cardinal":
            return Word("cardinal", base.value * 100)
    return None


@cache
def tables() -> Tables:
    """Every language's words, read once."""
    words: dict[str, Word] = {}
    suffixes: set[str] = set()
    classifiers: set[str] = set()
    hundreds: set[str] = set()
    for language in languages.LANGUAGES:
        sections = _read(_DATA / f"{language.code}.txt")
        weak = {fold(w) for line in sections.get("weak", []) for w in line}

        def add(kind: str, value: Decimal, spelling: str, weak: set[str] = weak) -> None:
            key = fold(spelling)
            words.setdefault(key, Word(kind, value, key in weak))

        for kind in ("cardinal", "ordinal", "scale", "fraction", "prefix", "month"):
            for value, *spellings in sections.get(kind, []):
                for spelling in spellings:
                    add(kind, Decimal(value), spelling)
        for kind in ("and", "time", "minute"):
            for line in sections.get(kind, []):
                for spelling in line:
                    add(kind, Decimal(0), spelling)
        # Ordinals made by writing an ending onto the cardinal: पाँचवाँ, پانچواں, একুশতম.
        endings = [e for line in sections.get("ordinal_suffix", []) for e in line]
        for value, *spellings in sections.get("cardinal", []):
            for spelling in spellings:
                for ending in endings:
                    add("ordinal", Decimal(value), spelling + ending)
        for number, name in _babel_months(language):
            add("month", Decimal(number), name)
        suffixes.update(fold(e) for line in sections.get("digit_ordinal_suffix", []) for e in line)
        classifiers.update(fold(e) for line in sections.get("classifier", []) for e in line)
        if language.code == "bn":
            hundreds.update(fold(s) for value, *s in sections["scale"] if value == "100" for s in s)
    return Tables(
        words,
        frozenset(suffixes),
        tuple(sorted(classifiers, key=len, reverse=True)),
        tuple(sorted(hundreds, key=len, reverse=True)),
    )


def _babel_months(language: languages.Language) -> list[tuple[int, str]]:
    """CLDR's month names for the language, each width and context, as (month, name)."""
    widths = ("wide",) if language.code in _FULL_MONTHS_ONLY else ("wide", "abbreviated")
    return [
        (number, name)
        for width in widths
        for context in ("format", "stand-alone")
        for number, name in get_month_names(width, context, locale=language.babel_locale).items()
    ]


def _read(path: Path) -> dict[str, list[list[str]]]:
    sections: dict[str, list[list[str]]] = {}
    current = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(line.split())
    return sections
