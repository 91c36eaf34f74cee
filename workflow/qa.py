"""Quality checks over a whole language version, as the translator sees them on submit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from translations import ai_check, check_messages, checks, glossary

from .models import Segment, Variant
from .segments import flags_for


@dataclass(frozen=True)
class Problem:
    segment: Segment
    check: str
    level: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The problem in words, in the active language."""
        return check_messages.render(self.code, self.params)

    @property
    def is_error(self) -> bool:
        return self.level == checks.ERROR

    def __str__(self) -> str:
        # The field stays its name in the API (title, body, ...); the rest is in words.
        where = gettext("Sentence %(n)s") % {"n": self.segment.position + 1}
        return f"{where} ({self.segment.field}): {self.message}"


def _merged(segment: Segment, rows: Sequence[Segment]) -> bool:
    """An empty sentence whose paragraph was translated as a whole in a neighbour."""
    return not segment.target and any(
        other.target and other.field == segment.field and other.block == segment.block
        for other in rows
    )


def variant_problems(variant: Variant, *, save: bool = False) -> list[Problem]:
    """Every QA flag of the version's segments, errors first, in reading order.

    With ``save`` the fresh flags are stored on the segments, so the editor shows the
    same results as the submit did.
    """
    rows = list(variant.segments.order_by("position"))
    terms = glossary.terms_for(variant.statement.source_language, variant.language)
    problems: list[Problem] = []
    changed = []
    for segment in rows:
        segment.variant = variant  # flags_for reads the languages from it
        flags = [] if _merged(segment, rows) else flags_for(segment, terms=terms)
        # Unknown-word warnings come from the engine at pre-fill time; keep them while the
        # machine text stands.
        if not segment.is_human:
            flags += [f for f in segment.qa_flags if f.get("check") == "unknown_words"]
        # The AI check's warnings stay while the text it judged stands.
        flags += [f for f in segment.qa_flags if ai_check.still_valid(f, segment.target)]
        if flags != segment.qa_flags:
            segment.qa_flags = flags
            changed.append(segment)
        problems += [
            Problem(segment, f["check"], f["level"], f["code"], f["params"]) for f in flags
        ]
    if save and changed:
        Segment.objects.bulk_update(changed, ["qa_flags"])
    return sorted(problems, key=lambda p: (not p.is_error, p.segment.position))


def errors(problems: Sequence[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]
