"""Quality checks on one translated segment: each returns the problems it finds, as Flags."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import check_messages, languages, normalise, segmentation
from .glossary import Term, occurrences
from .numbers import compare as compare_numbers

ERROR = "error"
WARNING = "warning"

# Wider than alignment's MIN_RATIO/MAX_RATIO (0.45–2.2): there a doubtful pair is quietly
# left out of the memory, here a warning interrupts a translator, so only outliers count.
MIN_RATIO, MAX_RATIO = 0.4, 2.5
# Below this many characters (headings, bylines, "Delhi, 3 March") a ratio means nothing.
MIN_LENGTH = 20

# Placeholders as segmentation writes them, and as engines give them back ("{ १ }").
_PLACEHOLDER = re.compile(r"\{\s*\d+\s*\}")
_TRAILING_PLACEHOLDER = re.compile(r"\{\s*\d+\s*\}$")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]+\b")

# Latin full stop, danda and double danda (Hindi and Bengali), Urdu full stop
_FULL_STOPS = ".।॥۔"
_STOP = {"Latn": ".", "Deva": "।", "Beng": "।", "Arab": "۔"}
# Ends a sentence as well as the danda: verse, slogans and closing lines end with ॥.
_ALSO_STOPS = {"Deva": {"॥"}, "Beng": {"॥"}}
_QUESTION = {"Arab": "؟"}  # every other script: "?"
# Code point blocks of our four scripts. unicodedata has no script property, and these few
# blocks are all that our languages use; anything else counts as no script.
_SCRIPT_RANGES = (
    ("Latn", 0x0041, 0x024F),  # Basic Latin to Latin Extended-B (only letters are asked)
    ("Latn", 0x1E00, 0x1EFF),
    ("Deva", 0x0900, 0x097F),
    ("Deva", 0xA8E0, 0xA8FF),
    ("Beng", 0x0980, 0x09FF),
    ("Arab", 0x0600, 0x06FF),
    ("Arab", 0x0750, 0x077F),
    ("Arab", 0x08A0, 0x08FF),
    ("Arab", 0xFB50, 0xFDFF),  # presentation forms, as some Urdu keyboards type them
    ("Arab", 0xFE70, 0xFEFF),
)


@dataclass(frozen=True)
class Flag:
    """One problem: what is stored is its code and parameters (see check_messages)."""

    check: str
    level: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The problem in words, in the active language."""
        return check_messages.render(self.code, self.params)

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "level": self.level,
            "code": self.code,
            "params": dict(self.params),
        }


def empty(source: str, target: str) -> list[Flag]:
    """A sentence with words or numbers has a translation."""
    if target.strip() or not any(c.isalnum() for c in _PLACEHOLDER.sub("", source)):
        return []
    return [Flag("empty", ERROR, "no_translation")]


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
        names = [f"{{{i}}}" for i in missing]
        flags.append(Flag("placeholders", ERROR, "placeholder_missing", {"names": names}))
    if extra:
        names = [f"{{{i}}}" for i in extra]
        flags.append(Flag("placeholders", ERROR, "placeholder_extra", {"names": names}))
    return flags


def numbers(source: str, target: str) -> list[Flag]:
    """The target states the source's numbers, by value (see translations.numbers).

    १,४१३ and ۱٬۴۱۳ are 1,413; बारह is 12; 1.25 lakh is 1,25,000; 22.4.2025 is 22 अप्रैल
    2025; 3rd is तीसरा. A difference is an error when both sides were read with
    certainty, and a warning to check when a value could be read more than one way.
    """
    if not target.strip():
        return []
    found = compare_numbers(source, target)
    if found.agree:
        return []
    missing, extra = [v.text for v in found.missing], [v.text for v in found.extra]
    if not found.certain:
        return [Flag("numbers", WARNING, "number_unsure", {"numbers": missing + extra})]
    if missing and extra:
        code = "number_missing_extras" if len(extra) > 1 else "number_missing_extra"
        return [Flag("numbers", ERROR, code, {"missing": missing, "extra": extra})]
    if missing:
        return [Flag("numbers", ERROR, "number_missing", {"missing": missing})]
    return [Flag("numbers", ERROR, "number_extra", {"extra": extra})]


# Target languages whose words take endings written onto them: a fixed term counts when
# it is there with an ending (Bengali "সংগঠনের" for "সংগঠন"), whether or not the glossary
# says it inflects. A term that inflects may also take glossary.INFLECTIONS' forms, which
# change its last letters too ("लड़का" → "लड़कों") and cover Urdu ("ادارہ" → "اداروں").
_SUFFIXING = frozenset({"bn", "hi"})


def glossary(
    source: str, target: str, terms: Iterable[Term], *, target_language: str = ""
) -> list[Flag]:
    """Each glossary term in the source is kept, or translated as the glossary says, and
    no forbidden rendering appears in the target, whatever the source says."""
    if not target.strip():
        return []
    # A word that must never appear is named before the one that is missing.
    forbidden, flags = [], []
    for term in terms:
        if term.forbidden:
            if _found_in(target, term, target_language):
                params = {"term": term.source, "forbidden": term.expected}
                forbidden.append(Flag("glossary", ERROR, "glossary_forbidden", params))
            continue
        wanted = len(occurrences(source, term.source, case_sensitive=term.case_sensitive))
        if not wanted or _found_in(target, term, target_language) >= wanted:
            continue
        if term.keep:
            flags.append(Flag("glossary", ERROR, "glossary_keep", {"term": term.source}))
        else:
            params = {"term": term.source, "expected": term.expected}
            flags.append(Flag("glossary", ERROR, "glossary_translate", params))
    return forbidden + flags


def _found_in(target: str, term: Term, target_language: str) -> int:
    """How many times the target has the term's rendering, in the forms the term allows."""
    matches = occurrences(
        target,
        term.expected,
        case_sensitive=term.case_sensitive,
        suffixed=target_language in _SUFFIXING,
        inflected_in=target_language if term.inflects else "",
    )
    return len(matches)


def untranslated(
    source: str,
    target: str,
    *,
    source_language: str,
    target_language: str,
    terms: Iterable[Term] = (),
) -> list[Flag]:
    """The target is not the source left as it was, nor mostly in another language's script.

    Acronyms, numbers and the glossary's do-not-translate terms are the same in every
    language, so a sentence of nothing else may stay as it is, and they do not count
    towards a script.
    """
    if not target.strip() or source_language == target_language:
        return []
    rest = _PLACEHOLDER.sub(" ", target)
    for term in (t for t in terms if t.keep):
        for match in reversed(occurrences(rest, term.source, case_sensitive=term.case_sensitive)):
            rest = f"{rest[: match.start()]} {rest[match.end() :]}"
    if normalise.normalise(source) == normalise.normalise(target):
        if all(word.isdigit() or word.isupper() for word in re.findall(r"\w+", rest)):
            return []
        return [Flag("untranslated", WARNING, "same_as_source")]
    # Words, not letters, are counted: matras and viramas would make a Hindi word weigh
    # more than an English one of the same length.
    scripts = Counter(_script(word) for word in normalise.tokens(_ACRONYM.sub(" ", rest)))
    scripts.pop(None, None)
    language = languages.get(target_language)
    if not scripts or scripts[language.script] * 2 >= sum(scripts.values()):
        return []
    params = {
        "found": scripts.most_common(1)[0][0],
        "language": language.code,
        "script": language.script,
    }
    return [Flag("untranslated", WARNING, "wrong_script", params)]


def end_punctuation(source: str, target: str, *, target_language: str) -> list[Flag]:
    """A sentence, question or exclamation ends with the mark the target's script uses.

    Closing quotes, brackets and placeholders after the mark are looked past. A source
    with no end mark (a heading, a byline) or ending with an ellipsis is not checked.
    """
    if not target.strip():
        return []
    script = languages.get(target_language).script
    question = _QUESTION.get(script, "?")
    ending = _ending(source)
    if not ending or ending.endswith(("...", "…")):
        return []
    if ending[-1] in _FULL_STOPS:
        wanted, what = _STOP[script], "sentence"
        allowed = {_STOP[script], question, "!", *_ALSO_STOPS.get(script, ())}
    elif ending[-1] in "?؟":
        wanted, what, allowed = question, "question", {question, "!"}
    elif ending[-1] == "!":
        wanted, what, allowed = "!", "sentence", {question, "!"}
    else:
        return []
    got = _ending(target)[-1:]
    if got in allowed:
        return []
    if got and unicodedata.category(got)[0] == "P":
        return [
            Flag("end_punctuation", WARNING, f"end_{what}_instead", {"mark": wanted, "got": got})
        ]
    return [Flag("end_punctuation", WARNING, f"end_{what}", {"mark": wanted})]


def length_ratio(source: str, target: str) -> list[Flag]:
    """The target is not far longer or shorter than the source (placeholders not counted)."""
    ours, theirs = _length(source), _length(target)
    if not theirs or ours < MIN_LENGTH:
        return []
    ratio = theirs / ours
    if ratio > MAX_RATIO:
        return [Flag("length_ratio", WARNING, "too_long", {"ratio": f"{ratio:.1f}"})]
    if ratio < MIN_RATIO:
        return [Flag("length_ratio", WARNING, "too_short", {"percent": f"{ratio * 100:.0f}"})]
    return []


def unknown_words(words: Iterable[str]) -> list[Flag]:
    """Words the engine could not translate and copied as they were."""
    words = list(dict.fromkeys(words))
    if not words:
        return []
    return [Flag("unknown_words", WARNING, "unknown_words", {"words": words})]


def run(
    source: str,
    target: str,
    *,
    source_language: str,
    target_language: str,
    terms: Iterable[Term] = (),
    unknown: Iterable[str] = (),
) -> list[Flag]:
    """All checks that apply to a segment, errors first."""
    terms = list(terms)
    flags = [
        *empty(source, target),
        *placeholders(source, target),
        *numbers(source, target),
        *glossary(source, target, terms, target_language=target_language),
        *untranslated(
            source,
            target,
            source_language=source_language,
            target_language=target_language,
            terms=terms,
        ),
        *end_punctuation(source, target, target_language=target_language),
        *length_ratio(source, target),
        *unknown_words(unknown),
    ]
    return sorted(flags, key=lambda f: f.level != ERROR)


def _ending(text: str) -> str:
    """The text without the spaces, closing quotes, brackets and placeholders that end it."""
    text = text.rstrip()
    while text:
        if placeholder := _TRAILING_PLACEHOLDER.search(text):
            text = text[: placeholder.start()].rstrip()
        elif text[-1] in "\"'" or unicodedata.category(text[-1]) in ("Pe", "Pf"):
            text = text[:-1].rstrip()
        else:
            break
    return text


def _script(word: str) -> str | None:
    """The script of the word's first letter (None: a number, or a script we do not use)."""
    letter = next((c for c in word if c.isalpha()), None)
    if letter is None:
        return None
    code = ord(letter)
    return next((name for name, low, high in _SCRIPT_RANGES if low <= code <= high), None)


def _length(text: str) -> int:
    return len(" ".join(_PLACEHOLDER.sub("", text).split()))
