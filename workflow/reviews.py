"""Review aids: what the translator changed, word by word (comments: ``services.review``)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .models import Segment

# A word with the spaces after it: a run of changed words shows as one change.
_WORDS = re.compile(r"\s+|\S+\s*")


@dataclass(frozen=True)
class Piece:
    text: str
    op: str  # "same", "added" or "removed"


def machine_text(segment: Segment) -> str:
    """The pre-filled text a person started from ("" when there was none)."""
    if not segment.is_human:
        return segment.target
    for suggestion in segment.suggestions:
        if suggestion.get("origin") and suggestion.get("origin") != Segment.Origin.HUMAN:
            return suggestion.get("text", "")
    return ""


def word_diff(before: str, after: str) -> list[Piece]:
    """Word-by-word changes from ``before`` to ``after`` (whitespace kept, any script).

    Words are runs between spaces, so a Devanagari or Bengali word with its matras and
    an Urdu word with its joiners are compared whole.
    """
    a, b = _WORDS.findall(before), _WORDS.findall(after)
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece("".join(a[i1:i2]), "same"))
            continue
        if op in ("replace", "delete"):
            pieces.append(Piece("".join(a[i1:i2]), "removed"))
        if op in ("replace", "insert"):
            pieces.append(Piece("".join(b[j1:j2]), "added"))
    return [p for p in pieces if p.text]
