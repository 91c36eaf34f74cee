"""Reading numbers out of a text: digits of every script, number words, scales, ordinals,
dates and times of day. numbers.py is the way in; this is how it reads.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal

from . import number_words
from .number_words import Word, lookup

CARDINAL, ORDINAL, DATE, TIME = "cardinal", "ordinal", "date", "time"

# Placeholders as segmentation writes them ({1}, "{ १ }"): markup, not numbers.
_PLACEHOLDER = re.compile(r"\{\s*\d+\s*\}")
_GROUP = ",\u066c\u060c"  # comma, Arabic thousands separator, Arabic comma
_DECIMAL = ".\u066b"  # full stop, Arabic decimal separator
# Letters and marks of our scripts without their punctuation (danda, ॰, ، ؛ ؟ ۔) or
# digits: Python's \w leaves out combining marks, which would split "पाँचवाँ".
_LETTER = (
    r"(?:(?!\d)[\w\u0900-\u0963\u0971-\u097f\u0980-\u09ff"
    r"\u0610-\u061a\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff\u200c\u200d])"
)
_TOKEN = re.compile(
    r"(?P<iso>\d{4}-\d{1,2}-\d{1,2})(?!\d)"
    r"|(?P<dmy>\d{1,2}(?P<sep>[./-])\d{1,2}(?P=sep)(?:\d{4}|\d{2}))(?![\d])"
    r"|(?P<hm>\d{1,2}:\d{2})(?!\d)"
    rf"|(?P<num>\d+(?:[{_GROUP}]\d+)*(?:[{_DECIMAL}]\d+)?)"
    r"|(?P<clock>[ap]\.m\.|o['’]clock)"
    rf"|(?P<word>{_LETTER}+)",
    re.IGNORECASE,
)
_SEPARATOR_BETWEEN_DIGITS = re.compile(r"(?<=\d)[\u066c\u066b](?=\d)")


class _Digits(dict):
    """str.translate table: decimal digits of every script (category Nd) to 0-9, learnt
    on first sight rather than by walking the whole of Unicode at import time."""

    def __missing__(self, codepoint: int) -> int:
        value = unicodedata.decimal(chr(codepoint), None)
        self[codepoint] = codepoint if value is None else ord("0") + value
        return self[codepoint]


_DIGITS = _Digits()


def ascii_numerals(text: str) -> str:
    """Digits of any script as 0-9, and ٬ ٫ between digits as "," and ".": 1,413 for ۱٬۴۱۳."""
    text = text.translate(_DIGITS)
    return _SEPARATOR_BETWEEN_DIGITS.sub(lambda m: "," if m[0] == "\u066c" else ".", text)


@dataclass(frozen=True)
class Value:
    """One number a text states, with every reading of it that is plausible."""

    kind: str
    value: Hashable  # Decimal; ordinals int; dates (year, month, day); times (hour, minute)
    text: str  # as written, for messages
    certain: bool = True
    # A word that is as often something else ("एक" is also "a"): not missed when alone.
    weak: bool = False
    # Other readings: "5.30" is 5.3 and half past five.
    also: tuple[tuple[str, Hashable], ...] = ()

    @property
    def readings(self) -> set[tuple[str, Hashable]]:
        return {(self.kind, self.value), *self.also}


def extract(text: str) -> list[Value]:
    """Every number the text states, in order, placeholders left out."""
    return _Parser(_PLACEHOLDER.sub(" ", text)).values()


@dataclass
class _Token:
    kind: str  # iso, dmy, hm, num, clock, word
    text: str
    start: int
    end: int
    word: Word | None = None  # for words: what they mean as numbers
    value: Decimal | None = None  # for num
    certain: bool = True


class _Parser:
    """Reads a text's tokens left to right; each _read_* returns values and the next index."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = [_token(m) for m in _TOKEN.finditer(text)]

    def values(self) -> list[Value]:
        found: list[Value] = []
        i = 0
        while i < len(self.tokens):
            read, i = self._read(i)
            found += read
        return found

    def gap(self, i: int) -> str:
        """The characters between token i - 1 and token i."""
        return self.text[self.tokens[i - 1].end : self.tokens[i].start]

    def joined(self, i: int, allowed: str = " -") -> bool:
        """Whether token i exists and follows the one before with only ``allowed`` between."""
        return i < len(self.tokens) and all(c in allowed or c.isspace() for c in self.gap(i))

    def attached(self, i: int) -> bool:
        return i < len(self.tokens) and not self.gap(i)

    def is_word(self, i: int, *kinds: str) -> bool:
        return (
            i < len(self.tokens)
            and self.tokens[i].word is not None
            and self.tokens[i].word.kind in kinds
        )

    def _read(self, i: int) -> tuple[list[Value], int]:
        token = self.tokens[i]
        if token.kind in ("iso", "dmy"):
            return self._read_numeric_date(token), i + 1
        if token.kind == "hm":
            return self._read_clock(i)
        if (dated := self._read_word_date(i)) is not None:
            return dated
        if token.kind == "num" and not token.certain:
            return self._read_bad_grouping(token), i + 1
        if token.kind == "num" or self.is_word(i, "cardinal", "scale", "fraction", "prefix"):
            return self._read_cardinal(i)
        if self.is_word(i, "ordinal"):
            word = token.word
            value = Value(ORDINAL, int(word.value), token.text, weak=word.weak)
            return [value], i + 1
        return [], i + 1

    # --- dates and times -----------------------------------------------------------------

    def _read_numeric_date(self, token: _Token) -> list[Value]:
        """2025-04-22, 22.4.2025, 22/04/2025; a two-digit year (22.4.25) is a guess."""
        parts = [int(p) for p in re.split(r"[./-]", ascii_numerals(token.text))]
        year, month, day = parts if token.kind == "iso" else parts[::-1]
        certain = year >= 1000
        if year < 100:
            year += 2000
        if not (1 <= month <= 12 and 1 <= day <= 31):  # not a date after all
            return [Value(CARDINAL, Decimal(p), str(p), certain=False) for p in parts]
        return [Value(DATE, (year, month, day), token.text, certain=certain)]

    def _read_clock(self, i: int) -> tuple[list[Value], int]:
        token = self.tokens[i]
        hour, minute = (int(p) for p in ascii_numerals(token.text).split(":"))
        if hour > 24 or minute > 59:
            numerals = (Decimal(hour), Decimal(minute))
            return [Value(CARDINAL, n, str(n), certain=False) for n in numerals], i + 1
        end = i + 1
        if self.joined(end) and (self.tokens[end].kind == "clock" or self.is_word(end, "time")):
            end += 1  # "5:30 pm", "۵:۳۰ بجے"
        text = self.text[token.start : self.tokens[end - 1].end]
        return [Value(TIME, (hour % 12, minute), text)], end

    def _time_after(
        self, i: int, used: list[_Token], value: Decimal
    ) -> tuple[list[Value], int] | None:
        """A numeral followed by o'clock (9 बजे, ৯টায়, 5.30 pm, साढ़े पाँच बजे), as a time."""
        if not (self.joined(i) or self.attached(i)) or not (
            self.tokens[i].kind == "clock" or self.is_word(i, "time")
        ):
            return None
        single = used[0].text if len(used) == 1 and used[0].kind == "num" else ""
        whole, _, decimals = ascii_numerals(single).partition(".")
        if len(decimals) == 2:  # 5.30: half past five, not 5.3 hours
            hour, minute = int(whole), Decimal(decimals)
        else:
            hour = int(value)
            minute = (value - hour) * 60
        if hour > 24 or minute >= 60 or minute != int(minute):
            return None
        end = i + 1
        # "5 बजकर 30 मिनट": the minutes after the hour
        if (
            self.joined(end)
            and self.tokens[end].kind == "num"
            and self.tokens[end].value is not None
            and self.tokens[end].value < 60
            and self.is_word(end + 1, "minute")
        ):
            minute = self.tokens[end].value
            end += 2
        text = self.text[used[0].start : self.tokens[end - 1].end]
        return [Value(TIME, (hour % 12, int(minute)), text)], end

    def _day(self, i: int) -> tuple[int, int] | None:
        """A day of the month at token i (22, 22nd, ২২শে), and the token after it."""
        token = self.tokens[i] if i < len(self.tokens) else None
        if token is None or token.kind != "num" or token.value is None:
            return None
        if token.value != int(token.value) or not 1 <= token.value <= 31 or "," in token.text:
            return None
        end = i + 1
        if self.attached(end) and self.tokens[end].kind == "word":
            suffix = number_words.fold(self.tokens[end].text)
            if suffix not in number_words.tables().digit_ordinal_suffixes:
                return None
            end += 1
        return int(token.value), end

    def _year(self, i: int) -> int | None:
        token = self.tokens[i] if i < len(self.tokens) else None
        if token is None or token.kind != "num" or not re.fullmatch(r"\d{4}", token.text):
            return None
        return int(token.value)

    def _read_word_date(self, i: int) -> tuple[list[Value], int] | None:
        """22 अप्रैल 2025, 22nd of April, April 22, 2025, ২২শে এপ্রিল, March 2026."""
        day = month = year = None
        end = i
        if (found := self._day(i)) is not None:
            day, end = found
            if self.joined(end) and number_words.fold(self.tokens[end].text) == "of":
                end += 1
            if not (self.joined(end) and self.is_word(end, "month")):
                return None
            month, end = int(self.tokens[end].word.value), end + 1
        elif self.is_word(i, "month"):
            month, end = int(self.tokens[i].word.value), i + 1
            # Month before day is English ("April 22"); in hi, bn and ur a number after a
            # month name is another number ("मार्च 3 मार्च को": a march on 3 March).
            english = self.tokens[i].text.isascii()
            if english and self.joined(end) and (found := self._day(end)) is not None:
                day, end = found
        else:
            return None
        if self.joined(end, " ,\u060c") and (year := self._year(end)) is not None:
            end += 1
        if day is None and year is None:
            return None  # "March" alone: a month, or a protest march
        used = self.tokens[i:end]
        text = self.text[used[0].start : used[-1].end]
        return [Value(DATE, (year, month, day), text)], end

    # --- cardinals and ordinals ----------------------------------------------------------

    def _read_bad_grouping(self, token: _Token) -> list[Value]:
        # "1,2,3" or "12,5": a list or a decimal comma, not a grouping. Each part, unsure.
        parts = re.split(rf"[{_GROUP}]", ascii_numerals(token.text))
        return [Value(CARDINAL, Decimal(p), p, certain=False) for p in parts]

    def _read_cardinal(self, i: int) -> tuple[list[Value], int]:
        """A numeral with its scales: "3 কোটি 20 লক্ষ", "two thousand five hundred", "ढाई लाख"."""
        start = i
        total, current = Decimal(0), None
        last_scale = None  # scales above a hundred must fall: 3 crore 20 lakh
        offset = Decimal(0)  # साढ़े, सवा, पौने: added to the numeral that follows
        previous = ""  # the kind of the last token used
        while i < len(self.tokens) and (i == start or self.joined(i)):
            token = self.tokens[i]
            word = token.word
            if token.kind == "num" and token.certain:
                if current is not None:
                    break
                current, previous = token.value + offset, "num"
            elif word is not None and word.kind in ("cardinal", "fraction"):
                tens_and_units = (
                    previous == "word"
                    and current is not None
                    and current % 10 == 0
                    and current < 100
                    and word.value < 10
                )
                after_hundred = previous == "hundred" and current is not None and word.value < 100
                if tens_and_units or after_hundred:
                    current += word.value
                elif current is None:
                    current = word.value + offset
                else:
                    break
                previous = "word"
            elif word is not None and word.kind == "prefix" and current is None and i == start:
                offset, previous = word.value, "prefix"
            elif word is not None and word.kind == "scale":
                if token.text.lower().endswith("s") and current is None:
                    break  # "lakhs of people": no number
                if word.value == 100:
                    if current is not None and current >= 100:
                        break
                    current, previous = (current or 1) * 100, "hundred"
                else:
                    if last_scale is not None and word.value >= last_scale:
                        break
                    total += (current if current is not None else 1) * word.value
                    current, last_scale, previous = None, word.value, "scale"
            elif word is not None and word.kind == "and" and previous == "hundred":
                if not self.is_word(i + 1, "cardinal"):
                    break
            else:
                break
            i += 1
        if previous == "prefix":  # a prefix with nothing to add to
            return [], start + 1
        value = total + (current or 0)
        used = self.tokens[start:i]
        text = self.text[used[0].start : used[-1].end]
        weak = len(used) == 1 and used[0].word is not None and used[0].word.weak
        if (timed := self._time_after(i, used, value)) is not None:
            return timed
        if len(used) == 1 and used[0].kind == "num" and self.attached(i):
            suffix = number_words.fold(self.tokens[i].text)
            if suffix in number_words.tables().digit_ordinal_suffixes and value == int(value):
                text = self.text[used[0].start : self.tokens[i].end]
                return [Value(ORDINAL, int(value), text)], i + 1
        if self.is_word(i, "ordinal") and previous == "word" and self.joined(i):
            # "twenty-first": tens, then an ordinal unit
            word = self.tokens[i].word
            if current is not None and current % 10 == 0 and word.value < 10 and not total:
                text = self.text[used[0].start : self.tokens[i].end]
                return [Value(ORDINAL, int(current + word.value), text)], i + 1
        return [Value(CARDINAL, value, text, weak=weak, also=_also(used))], i


def _also(used: list[_Token]) -> tuple[tuple[str, Hashable], ...]:
    """ "5.30" and "7.50" may be times of day (5:30, 7:50) as Hindi and Urdu write them."""
    if len(used) != 1 or used[0].kind != "num":
        return ()
    whole, _, minutes = ascii_numerals(used[0].text).partition(".")
    if len(minutes) == 2 and int(minutes) < 60 and whole.isdigit() and int(whole) <= 24:
        return ((TIME, (int(whole) % 12, int(minutes))),)
    return ()


def _token(match: re.Match) -> _Token:
    kind = next(k for k in ("iso", "dmy", "hm", "num", "clock", "word") if match[k] is not None)
    token = _Token(kind, match[0], match.start(), match.end())
    if kind == "word":
        token.word = lookup(match[0])
    elif kind == "num":
        token.value, token.certain = _number(match[0])
    return token


def _number(written: str) -> tuple[Decimal | None, bool]:
    """A number's value, and whether its groups are a grouping (1,00,000 and 100,000 are)."""
    text = ascii_numerals(written).replace("\u066b", ".")
    whole, _, fraction = text.partition(".")
    groups = re.split(rf"[{_GROUP}]", whole)
    if len(groups) > 1:
        grouped = (
            1 <= len(groups[0]) <= 3
            and all(len(g) in (2, 3) for g in groups[1:-1])
            and len(groups[-1]) == 3
        )
        if not grouped:
            return None, False
    return Decimal("".join(groups) + (f".{fraction}" if fraction else "")), True
