"""Text normalisation for the translation memory: one form for exact matches, one for fuzzy.

Change anything here and the stored hashes and the fuzzy index no longer match the code:
run ``translations.memory.index.rebuild()`` (and recompute hashes) after such a change.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata

from .numbers import ascii_numerals

_DOUBLE_QUOTES = "“”„‟«»″"
_SINGLE_QUOTES = "‘’‚‛′"
_TATWEEL = "\u0640"
# Urdu typed on an Arabic keyboard: Arabic yeh (and alef maksura, which the same keyboards
# give at the end of a word) for Farsi/Urdu yeh, Arabic kaf for keheh.
_ARABIC_KEYBOARD = {"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"}


_TABLE: dict[int, int | str | None] = {}
_TABLE.update({ord(c): '"' for c in _DOUBLE_QUOTES})
_TABLE.update({ord(c): "'" for c in _SINGLE_QUOTES})
_TABLE.update({ord(k): ord(v) for k, v in _ARABIC_KEYBOARD.items()})
_TABLE[ord(_TATWEEL)] = None


def _mark_ranges() -> str:
    """A regex class body of every combining mark in the Basic Multilingual Plane.

    Python's \\w leaves out combining marks, so without them "किसानों" would split at each
    matra and virama. ZWNJ and ZWJ join too: they sit inside Bengali and Devanagari words.
    """
    ranges: list[tuple[int, int]] = []
    for codepoint in range(min(sys.maxunicode, 0xFFFF) + 1):
        if unicodedata.category(chr(codepoint)) in ("Mn", "Mc", "Me"):
            if ranges and ranges[-1][1] == codepoint - 1:
                ranges[-1] = (ranges[-1][0], codepoint)
            else:
                ranges.append((codepoint, codepoint))
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )


_TOKEN = re.compile(rf"[\w{_mark_ranges()}\u200c\u200d]+")


_URDU_LETTERS = str.maketrans({ord(k): v for k, v in _ARABIC_KEYBOARD.items()})


def urdu_letters(text: str) -> str:
    """Arabic-keyboard yeh and kaf written as the Urdu letters, and nothing else changed."""
    return text.translate(_URDU_LETTERS)


def normalise(text: str) -> str:
    """The form two sources share when a translator would call them the same sentence.

    NFC; whitespace runs (NBSP included) to one space, stripped; curly and angle quotes to
    straight ones; numbers as translations.numbers writes them (digits of any script to
    ASCII, ٬ and ٫ between digits to "," and "."); Arabic-keyboard yeh/kaf to the Urdu
    letters; tatweel dropped. Case, ZWJ and ZWNJ are kept.
    """
    # NFC after the mapping: dropping a tatweel can bring a letter and its mark together.
    text = unicodedata.normalize("NFC", ascii_numerals(text.translate(_TABLE)))
    return " ".join(text.split())


def source_hash(text: str) -> str:
    """32 hex characters identifying the normalised text (exact memory matches)."""
    return hashlib.blake2b(normalise(text).encode("utf-8"), digest_size=16).hexdigest()


def fuzzy_form(text: str) -> str:
    """The string fuzzy matching scores: normalised and case-folded."""
    return normalise(text).casefold()


def tokens(text: str) -> list[str]:
    """Word tokens of the fuzzy form, in order, for the fuzzy index."""
    return _TOKEN.findall(fuzzy_form(text))


def tokens_of_fuzzy_form(form: str) -> list[str]:
    """tokens() for a string that is already a fuzzy form (saves normalising twice)."""
    return _TOKEN.findall(form)
