"""Quality checks on one translated segment: each returns the problems it finds, as Flags."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from . import segmentation
from .glossary import Term, occurrences

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Flag:
    check: str
    level: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def placeholders(source: str, target: str) -> list[Flag]:
    """Every placeholder of the source ({1}: a link, URL or markup) appears once in the target."""
    if not target.strip():
        return []
    expected = Counter(segmentation.placeholder_ids(source))
    found = Counter(segmentation.placeholder_ids(target))
    flags = []
    missing = sorted(expected - found, key=int)
    extra = sorted(found - expected, key=int)
    if missing:
        names = ", ".join(f"{{{i}}}" for i in missing)
        flags.append(Flag("placeholders", ERROR, f"Markup or link {names} is missing."))
    if extra:
        names = ", ".join(f"{{{i}}}" for i in extra)
        flags.append(Flag("placeholders", ERROR, f"Markup or link {names} is not in the source."))
    return flags


def glossary(source: str, target: str, terms: Iterable[Term]) -> list[Flag]:
    """Each glossary term in the source is kept, or translated as the glossary says."""
    if not target.strip():
        return []
    flags = []
    for term in terms:
        wanted = len(occurrences(source, term.source, case_sensitive=term.case_sensitive))
        if not wanted:
            continue
        got = len(occurrences(target, term.expected, case_sensitive=term.case_sensitive))
        if got < wanted:
            how = "kept as it is" if term.keep else f"translated as “{term.expected}”"
            flags.append(Flag("glossary", ERROR, f"“{term.source}” should be {how}."))
    return flags


def unknown_words(words: Iterable[str]) -> list[Flag]:
    """Words the engine could not translate and copied as they were."""
    words = list(dict.fromkeys(words))
    if not words:
        return []
    listed = ", ".join(words)
    return [Flag("unknown_words", WARNING, f"The engine did not know: {listed}.")]


def run(source: str, target: str, *, terms: Iterable[Term] = (), unknown=()) -> list[Flag]:
    """All checks that apply to a segment, errors first."""
    flags = [*placeholders(source, target), *glossary(source, target, terms)]
    flags += unknown_words(unknown)
    return sorted(flags, key=lambda f: f.level != ERROR)
