"""The one number parser: the values a text states, in any of our scripts, digits or words.

QA, alignment and the memory's normalisation all read numbers here, so they agree on what
"the same number" is: ۱٬۴۱۳ is 1,413, 1.25 lakh is 1,25,000, ৩ কোটি ২০ লক্ষ is 3.2 crore,
22.4.2025 is 22 अप्रैल 2025, 5.30 may be ۵:۳۰, 3rd is तीसरा. A value the parser cannot
be sure of (a word that is also not a number, digits whose commas are no grouping) says
so, and a difference in it is a doubt rather than an error. The reading itself is in
number_parse, the words in number_words and data/number_words/.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal

from .number_parse import CARDINAL, DATE, ORDINAL, TIME, Value, ascii_numerals, extract

__all__ = [
    "CARDINAL",
    "DATE",
    "ORDINAL",
    "TIME",
    "Comparison",
    "Value",
    "ascii_numerals",
    "compare",
    "extract",
    "values",
]


@dataclass(frozen=True)
class Comparison:
    """Which values of a source and its translation found no partner."""

    missing: list[Value]
    extra: list[Value]
    certain: bool  # both sides were read with certainty, so the difference is real

    @property
    def agree(self) -> bool:
        return not self.missing and not self.extra


def values(text: str) -> Counter[tuple[str, Hashable]]:
    """The text's values by their first reading (compare() also tries the others)."""
    return Counter((v.kind, v.value) for v in extract(text))


def compare(source: str, target: str) -> Comparison:
    """Pair each value of the source with one of the target that reads the same."""
    ours, theirs = extract(source), extract(target)
    partner = _match(ours, theirs)
    taken = set(partner.values())
    missing = [v for i, v in enumerate(ours) if i not in partner]
    extra = [v for j, v in enumerate(theirs) if j not in taken]
    # A weak word left over is most likely not a number ("हमें न्याय दो", "एक बैठक"),
    # unless the other side also lacks something it could stand for.
    if all(v.weak for v in extra):
        missing = [v for v in missing if not v.weak]
    if all(v.weak for v in missing):
        extra = [v for v in extra if not v.weak]
    certain = all(v.certain and not v.weak for v in missing + extra)
    # The same numbers read as different kinds (3rd and 3, 9 and 9 बजे): a doubt.
    if certain and _numerals(missing) == _numerals(extra):
        certain = False
    return Comparison(missing, extra, certain)


def _numerals(found: list[Value]) -> Counter[Decimal]:
    """The numbers in the values, whatever their kind; zero minutes are no number."""
    numerals: Counter[Decimal] = Counter()
    for v in found:
        parts = v.value if isinstance(v.value, tuple) else (v.value,)
        numerals.update(Decimal(p) for p in parts if p)
    return numerals


def _match(ours: list[Value], theirs: list[Value]) -> dict[int, int]:
    """A largest pairing of values that share a reading (Kuhn's augmenting paths): a
    greedy pairing could give "5.30" the 5.3 that "5.3" needed and leave both unpaired."""
    owner: dict[int, int] = {}

    def place(i: int, seen: set[int]) -> bool:
        for j, other in enumerate(theirs):
            if j in seen or not ours[i].readings & other.readings:
                continue
            seen.add(j)
            if j not in owner or place(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(ours)):
        place(i, set())
    return {i: j for j, i in owner.items()}
