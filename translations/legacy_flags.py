"""QA flags stored as English sentences, read back into the code and parameters that
check_messages renders; used by the migration that converted the stored flags."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils import translation

from . import check_messages

_SCRIPTS = {"Latin": "Latn", "Devanagari": "Deva", "Bengali": "Beng", "Arabic": "Arab"}
_LANGUAGES = {"English": "en", "Hindi": "hi", "Bengali": "bn", "Urdu": "ur"}
_SCRIPT = "|".join(_SCRIPTS)
_LANGUAGE = "|".join(_LANGUAGES)
_NUMBER = r"\S+"  # one number as written; lists of them are joined by ", " and " and "
_NUMBERS = rf"{_NUMBER}(?:(?:, | and ){_NUMBER})*"

# Each English template the checks wrote, as it was before results had codes.
_OLD: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(pattern, re.S))
    for code, pattern in (
        ("no_translation", r"This sentence has no translation\."),
        ("placeholder_missing", r"Markup or link (?P<names>.+) is missing\."),
        ("placeholder_extra", r"Markup or link (?P<names>.+) is not in the source\."),
        (
            "number",
            rf"Numbers? (?P<missing>{_NUMBERS}) (?:is|are) missing"
            rf"(?:; (?P<extra>{_NUMBERS}) (?:is|are) not in the source)?\.",
        ),
        ("number", rf"Numbers? (?P<extra>{_NUMBERS}) (?:is|are) not in the source\."),
        ("glossary_keep", r"“(?P<term>.+)” should be kept as it is\."),
        ("glossary_translate", r"“(?P<term>.+)” should be translated as “(?P<expected>.*)”\."),
        (
            "same_as_source",
            r"This is the same as the source; it may not have been translated\.",
        ),
        (
            "wrong_script",
            rf"This translation is mostly in (?P<found>{_SCRIPT}) script; "
            rf"(?P<language>{_LANGUAGE}) is written in (?P<script>{_SCRIPT}) script\.",
        ),
        (
            "end",
            r"End the (?P<what>sentence|question) with “(?P<mark>.+?)”(?:, not “(?P<got>.+)”)?\.",
        ),
        (
            "too_long",
            r"The translation is (?P<ratio>\d+\.\d) times as long as the source; "
            r"check nothing was added or repeated\.",
        ),
        (
            "too_short",
            r"The translation is only (?P<percent>\d+)% as long as the source; "
            r"check nothing was left out\.",
        ),
        ("unknown_words", r"The engine did not know: (?P<words>.+)\."),
    )
)


def code_and_params(message: str) -> tuple[str, dict[str, Any]]:
    """The code and parameters an old English message was written from; a message no
    template matches is kept whole as ``legacy``."""
    for code, pattern in _OLD:
        if match := pattern.fullmatch(message):
            found = {k: v for k, v in match.groupdict().items() if v is not None}
            return _coded(code, found)
    return check_messages.LEGACY, {"text": message}


def from_old(flag: Mapping[str, Any]) -> dict[str, Any]:
    """A stored flag {"check", "level", "message"} as {"check", "level", "code", "params"}."""
    if "code" in flag:
        return dict(flag)
    code, params = code_and_params(str(flag.get("message", "")))
    return {
        "check": flag.get("check", ""),
        "level": flag.get("level", ""),
        "code": code,
        "params": params,
    }


def to_old(flag: Mapping[str, Any]) -> dict[str, Any]:
    """The flag as it was stored before codes, its message in English."""
    if "code" not in flag:
        return dict(flag)
    with translation.override("en"):
        message = check_messages.render_stored(flag)
    return {"check": flag.get("check", ""), "level": flag.get("level", ""), "message": message}


def _coded(code: str, found: dict[str, str]) -> tuple[str, dict[str, Any]]:
    if code == "number":
        params = {
            key: _split(found[key], and_too=True) for key in ("missing", "extra") if key in found
        }
        if "missing" not in params:
            return "number_extra", params
        if "extra" not in params:
            return "number_missing", params
        return (
            "number_missing_extras" if len(params["extra"]) > 1 else "number_missing_extra"
        ), params
    if code == "end":
        what = found.pop("what")
        return f"end_{what}{'_instead' if 'got' in found else ''}", found
    if code == "wrong_script":
        return code, {
            "found": _SCRIPTS[found["found"]],
            "language": _LANGUAGES[found["language"]],
            "script": _SCRIPTS[found["script"]],
        }
    if code in ("placeholder_missing", "placeholder_extra"):
        return code, {"names": _split(found["names"])}
    if code == "unknown_words":
        return code, {"words": _split(found["words"])}
    return code, found


def _split(listed: str, *, and_too: bool = False) -> list[str]:
    return re.split(r", | and " if and_too else r", ", listed)


def convert(flags: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A segment's stored flags in the coded form."""
    return [from_old(f) for f in flags]


def revert(flags: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A segment's stored flags back in the English-sentence form."""
    return [to_old(f) for f in flags]
