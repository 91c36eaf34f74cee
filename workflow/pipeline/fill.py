"""Filling sentences by machine: memory first, then the engine chain, written onto segments.

The one place a pre-fill (from memory, an engine, or a pivot through another language) is
written onto a segment, and the one place a failed engine chain is put into words.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings

from translations import engine_calls, glossary, languages, memory, segmentation
from translations.engines import breaker, registry
from translations.engines.base import (
    EngineError,
    EngineRateLimited,
    EngineUnavailable,
)
from translations.sanitise import clean_machine_text

from .. import segments as segment_service
from ..models import Segment

log = logging.getLogger(__name__)

# A fuzzy memory match this good fills the sentence without asking an engine.
PREFILL_SCORE = 90.0
# What writing a pre-fill changes on a segment (for bulk_update).
FILL_FIELDS = [
    "target",
    "origin",
    "origin_detail",
    "score",
    "suggestions",
    "qa_flags",
    "updated_by",
    "version",
]


class EnginesFailed(Exception):
    """Every engine of the chain failed in a way worth trying again later.

    ``retry_in``: seconds until an engine of the chain is expected back (its cool-off's
    end), when the breaker knows; the retry should not come sooner.
    """

    def __init__(self, message: str, *, retry_in: float | None = None) -> None:
        super().__init__(message)
        self.retry_in = retry_in


@dataclass
class Fill:
    target: str
    origin: str
    detail: str = ""
    score: float | None = None
    unknown: tuple[str, ...] = ()
    suggestions: list[dict] = field(default_factory=list)


@dataclass
class Outcome:
    filled: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    retryable: bool = False
    # Seconds until the soonest engine worth waiting for is back (breaker cool-offs).
    retry_in: float | None = None


def fill_texts(
    texts: list[str],
    *,
    source: str,
    target: str,
    final_attempt: bool = True,
    use_engines: bool = True,
    after_memory: Callable[[dict[str, Fill]], None] | None = None,
) -> tuple[dict[str, Fill], Outcome, list[glossary.Term]]:
    """Translations for ``texts``: memory first, then one batched pass through the engines.

    Returns the fills by source text, what happened, and the glossary terms of the pair.
    Raises EnginesFailed as variant_pretranslate describes.
    """
    fills, weak = _from_memory(texts, source=source, target=target)
    if after_memory is not None:
        after_memory(fills)
    outcome = Outcome()
    rest = [t for t in texts if t not in fills]
    terms = glossary.terms_for(source, target)
    if rest and use_engines and settings.ANUVAD_MT_ENABLED:
        fills.update(_from_engines(rest, source=source, target=target, terms=terms, out=outcome))
        if outcome.retryable and not final_attempt and any(t not in fills for t in rest):
            raise EnginesFailed("; ".join(outcome.failures), retry_in=outcome.retry_in)
    for text, matches in weak.items():
        if text in fills:
            fills[text].suggestions.extend(matches)
        elif matches:  # the engines failed: the best fuzzy match is better than nothing
            best = matches[0]
            fills[text] = Fill(
                best["text"], Segment.Origin.MEMORY_FUZZY, best["detail"], best["score"]
            )
    return fills, outcome, terms


def _from_memory(texts: list[str], *, source: str, target: str):
    fills: dict[str, Fill] = {}
    weak: dict[str, list[dict]] = {}
    found = memory.lookup_many(texts, source_language=source, target_language=target, limit=3)
    for text, matches in zip(texts, found, strict=True):
        if not matches:
            continue
        best = matches[0]
        if best.exact:
            fills[text] = Fill(
                clean_machine_text(best.target_text),
                Segment.Origin.MEMORY_EXACT,
                f"unit {best.unit_id}",
            )
        elif best.score >= PREFILL_SCORE:
            fills[text] = Fill(
                clean_machine_text(best.target_text),
                Segment.Origin.MEMORY_FUZZY,
                f"unit {best.unit_id}",
                best.score,
            )
        else:
            weak[text] = [
                {
                    "origin": Segment.Origin.MEMORY_FUZZY,
                    "detail": f"unit {m.unit_id}",
                    "score": round(m.score, 1),
                    "text": clean_machine_text(m.target_text),
                    "source": m.source_text,
                }
                for m in matches
            ]
    return fills, weak


def _from_engines(
    texts: list[str], *, source: str, target: str, terms, out: Outcome
) -> dict[str, Fill]:
    chain = registry.chain(source, target)
    if not chain:
        pair = f"{languages.get(source).name} → {languages.get(target).name}"
        out.failures.append(f"no machine-translation engine is configured for {pair}")
        return {}
    protected = [glossary.protect(t, terms, first_id=_next_placeholder(t)) for t in texts]
    for engine in chain:
        if _skipped(engine.name, out):
            continue
        try:
            results = engine_calls.run(engine, protected, source=source, target=target, terms=terms)
        except EngineError as exc:
            log.warning("pre-translation %s→%s: %s failed: %s", source, target, engine.name, exc)
            out.failures.append(str(exc))
            _wait_for(breaker.failed(engine.name, exc), exc, out)
            continue
        breaker.answered(engine.name)
        fills = {}
        for text, (_, replacements), result in zip(texts, protected, results, strict=True):
            translated = clean_machine_text(glossary.restore(result.text, replacements))
            if translated:
                detail = engine_calls.origin_detail(engine, result)
                fills[text] = Fill(
                    translated, Segment.Origin.ENGINE, detail, unknown=result.unknown
                )
        return fills
    return {}


def _skipped(engine: str, out: Outcome) -> bool:
    """Whether the engine's breaker is open (another task found it away): skip it, and say so."""
    opening = breaker.blocked(engine)
    if opening is None:
        return False
    out.failures.append(f"{engine}: skipped (its last failure: {opening.reason})")
    _wait_for(opening, None, out)
    return True


def _wait_for(opening: breaker.Opening | None, exc: EngineError | None, out: Outcome) -> None:
    """Whether the chain is worth trying again for this engine, and how soon.

    With the breaker's record: only while the engine's known outage fits the retry budget
    (a short Retry-After), never for one down longer. Without (breaker off, Redis away):
    any network failure may pass, as before.
    """
    if opening is None:
        out.retryable |= isinstance(exc, EngineUnavailable | EngineRateLimited)
        return
    if opening.span <= settings.ANUVAD_MT_RETRY_BUDGET:
        out.retryable = True
        wait = opening.wait()
        out.retry_in = wait if out.retry_in is None else min(out.retry_in, wait)


def _next_placeholder(text: str) -> int:
    ids = [int(i) for i in segmentation.placeholder_ids(text)]
    return max(ids, default=0) + 1


def apply_fill(
    segment: Segment, fill: Fill | None, *, terms, keep: list[dict] | None = None
) -> None:
    """Write a pre-fill onto a segment (unsaved; save with FILL_FIELDS).

    ``None`` leaves the sentence empty for a translator. ``keep``: suggestions that stay in
    front of the fill's own (a revised sentence's earlier translation).
    """
    keep = keep or []
    segment.version = (segment.version or 0) + 1
    segment.updated_by = None
    if fill is None:
        segment.target, segment.origin, segment.origin_detail, segment.score = "", "", "", None
        segment.suggestions = keep
    else:
        segment.target = fill.target
        segment.origin = fill.origin
        segment.origin_detail = fill.detail[:100]
        segment.score = fill.score
        segment.suggestions = [*keep, *fill.suggestions]
    segment.qa_flags = (
        segment_service.flags_for(segment, terms=terms, unknown=fill.unknown if fill else ())
        if segment.target
        else []
    )


def failure_note(outcome: Outcome) -> str:
    """What the engines' failures mean for a transition's note ("" when none failed)."""
    if not outcome.failures:
        return ""
    return " Machine translation failed: " + "; ".join(outcome.failures) + "."
