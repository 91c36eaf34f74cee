"""Text normalisation: one form for exact memory matches, one for fuzzy, one for search.

normalise() cleans what was typed; fold() also writes letters that are the same letter one
way (the memory's exact key and reader search); search_form() is fold() made loose enough
for what readers type into a phone. Change anything here and the stored hashes, the fuzzy
index and the statements' search text no longer match the code: run
``translations.memory.index.rebuild()``, recompute hashes (as translations migration 0005
does) and the search text (workflow migration 0010) after such a change.
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


# One letter, two spellings. Devanagari nukta: typed text mostly leaves it out (मजदूर for
# मज़दूर), and NFC has already split the precomposed nukta letters (U+0958-095F) into
# letter and nukta. Bengali khanda ta: ত + hasanta + ZWJ is how ৎ was written before
# Unicode 4.1. Urdu: Arabic heh (ه) is what Arabic keyboards give for heh goal (ہ).
# Bengali য় needs nothing here: NFC writes the precomposed U+09DF as য + nukta too.
_SAME_LETTER = str.maketrans({"\u093c": None, "\u0647": "\u06c1"})
_KHANDA_TA = "\u09a4\u09cd\u200d"
# Heh doachashmee (ھ) only aspirates the consonant before it, so at the start of a word it
# is heh goal written in the older, shape-based way (ھم for ہم).
_INITIAL_DOACHASHMEE = re.compile(r"(?<![\w\u064b-\u065f\u0670])\u06be")
# What readers cannot type or see, and what they confuse: joiners, Arabic vowel marks
# (harakat, superscript alef), heh doachashmee against heh goal (an Arabic keyboard has one
# heh for both: بهارت is بھارت), heh goal with hamza (izafat) against heh goal.
_LOOSE = str.maketrans(
    {
        "\u200c": None,
        "\u200d": None,
        **{chr(c): None for c in range(0x064B, 0x0660)},
        "\u0670": None,
        "\u06be": "\u06c1",
        "\u06c2": "\u06c1",
    }
)


def fold(text: str) -> str:
    """normalise(), with each letter written one way where scripts allow two.

    Devanagari nukta dropped (मज़दूर → मजदूर); Bengali ত্‍ as ৎ; Urdu Arabic heh as heh goal
    and a word-initial heh doachashmee as heh goal. Case and joiners are kept, as in
    normalise(): this is the memory's exact key, where they can tell sentences apart.
    """
    text = normalise(text).translate(_SAME_LETTER).replace(_KHANDA_TA, "\u09ce")
    return _INITIAL_DOACHASHMEE.sub("\u06c1", text)


def search_form(text: str) -> str:
    """fold(), case-folded, without joiners or Arabic vowel marks, and with the Urdu hehs
    as one: the form reader search compares, word for word, on both sides."""
    return fold(text).casefold().translate(_LOOSE)


def source_hash(text: str) -> str:
    """32 hex characters identifying the folded text (exact memory matches)."""
    return hashlib.blake2b(fold(text).encode("utf-8"), digest_size=16).hexdigest()


def fuzzy_form(text: str) -> str:
    """The string fuzzy matching scores: normalised and case-folded."""
    return normalise(text).casefold()


def tokens(text: str) -> list[str]:
    """Word tokens of the fuzzy form, in order, for the fuzzy index."""
    return _TOKEN.findall(fuzzy_form(text))


def tokens_of_fuzzy_form(form: str) -> list[str]:
    """tokens() for a string that is already a fuzzy form (saves normalising twice)."""
    return _TOKEN.findall(form)
