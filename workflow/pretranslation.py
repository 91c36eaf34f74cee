"""Pre-translation of a pending variant: memory first, then the engine chain, then people.

Network work (memory lookups, engine requests) happens before any row is locked; the
results are written in one transaction that re-checks the variant is still pending and
never touches a sentence a translator has already written. Running it twice, or again
after a crash, therefore neither duplicates segments nor overwrites anyone's work.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from translations import glossary, languages, memory, segmentation
from translations.engines import registry
from translations.engines.base import (
    EngineError,
    EngineRateLimited,
    EngineUnavailable,
)
from translations.sanitise import plain_text

from . import segments as segment_service
from . import states
from .choices import State
from .models import Segment, Variant

log = logging.getLogger(__name__)

# A fuzzy memory match this good fills the sentence without asking an engine.
PREFILL_SCORE = 90.0
PIVOT_FROM_STATES = frozenset({State.PENDING, State.READY, State.IN_TRANSLATION})
_MACHINE_ORIGINS = frozenset({Segment.Origin.NONE, Segment.Origin.ENGINE})


class EnginesFailed(Exception):
    """Every engine of the chain failed in a way worth trying again later."""


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


def variant_pretranslate(
    *, variant_id: int, final_attempt: bool = True, use_engines: bool = True
) -> Variant | None:
    """Fill a pending variant's segments and move it to ready; None if it was not pending.

    Raises EnginesFailed when the engines failed for a reason that may pass (network,
    rate limit) and this is not the final attempt; on the final attempt the variant is
    handed to translators with the memory matches filled in and the failures recorded.
    """
    variant = Variant.objects.select_related("statement", "source_revision").get(pk=variant_id)
    if variant.state != State.PENDING:
        return None
    rows = segment_service.ensure_segments(variant)
    source, target = variant.statement.source_language, variant.language
    todo = [s for s in rows if not s.is_human and not s.target]

    texts = list(dict.fromkeys(s.source for s in todo))

    def memory_done(fills: dict[str, Fill]) -> None:
        # Progress is written only when there is some: every write waits for SQLite's lock.
        if fills:
            _progress(variant, done=len(rows) - len(todo) + _count(todo, fills))

    fills, outcome, terms = fill_texts(
        texts,
        source=source,
        target=target,
        final_attempt=final_attempt,
        use_engines=use_engines,
        after_memory=memory_done,
    )
    return _write(variant.pk, fills, terms=terms, outcome=outcome)


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
            raise EnginesFailed("; ".join(outcome.failures))
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
                best.target_text, Segment.Origin.MEMORY_EXACT, f"unit {best.unit_id}"
            )
        elif best.score >= PREFILL_SCORE:
            fills[text] = Fill(
                best.target_text, Segment.Origin.MEMORY_FUZZY, f"unit {best.unit_id}", best.score
            )
        else:
            weak[text] = [
                {
                    "origin": Segment.Origin.MEMORY_FUZZY,
                    "detail": f"unit {m.unit_id}",
                    "score": round(m.score, 1),
                    "text": m.target_text,
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
        try:
            results = engine.translate([p for p, _ in protected], source, target)
        except EngineError as exc:
            log.warning("pre-translation %s→%s: %s failed: %s", source, target, engine.name, exc)
            out.failures.append(str(exc))
            out.retryable |= isinstance(exc, EngineUnavailable | EngineRateLimited)
            continue
        fills = {}
        for text, (_, replacements), result in zip(texts, protected, results, strict=True):
            translated = plain_text(glossary.restore(result.text, replacements)).strip()
            if translated:
                fills[text] = Fill(
                    translated, Segment.Origin.ENGINE, engine.name, unknown=result.unknown
                )
        return fills
    return {}


def _next_placeholder(text: str) -> int:
    ids = [int(i) for i in segmentation.placeholder_ids(text)]
    return max(ids, default=0) + 1


def _count(todo: Iterable[Segment], fills: dict[str, Fill]) -> int:
    return sum(1 for s in todo if s.source in fills)


def _progress(variant: Variant, *, done: int) -> None:
    Variant.objects.filter(pk=variant.pk).update(segments_done=done, updated_at=timezone.now())


def _write(variant_id: int, fills: dict[str, Fill], *, terms, outcome: Outcome) -> Variant | None:
    with transaction.atomic():
        variant = Variant.objects.select_for_update(of=("self",)).select_related("statement")
        variant = variant.get(pk=variant_id)
        if variant.state != State.PENDING:
            return None
        rows = list(variant.segments.select_for_update().order_by("position"))
        changed = []
        for segment in rows:
            fill = fills.get(segment.source)
            if fill is None or segment.is_human or segment.target:
                continue
            _apply(segment, fill, terms=terms)
            changed.append(segment)
            outcome.filled[fill.origin] += 1
        Segment.objects.bulk_update(changed, _FILL_FIELDS)
        text = segment_service.assemble(rows)
        missing = sum(1 for s in rows if not s.target)

        def store(v: Variant) -> None:
            for name, value in text.items():
                setattr(v, name, value)
            v.needs_human = bool(outcome.failures) or missing > 0
            v.segments_total = len(rows)
            v.segments_done = len(rows) - missing
            v.version += 1

        note = _note(outcome, total=len(rows), missing=missing)
        return states.transition(variant, State.READY, actor=None, note=note, effect=store)


_FILL_FIELDS = ["target", "origin", "origin_detail", "score", "suggestions", "qa_flags", "version"]


def _apply(segment: Segment, fill: Fill, *, terms) -> None:
    segment.target = fill.target
    segment.origin = fill.origin
    segment.origin_detail = fill.detail[:100]
    segment.score = fill.score
    segment.suggestions = fill.suggestions
    segment.qa_flags = segment_service.flags_for(segment, terms=terms, unknown=fill.unknown)
    segment.version += 1


_ORIGIN_WORDS = {
    Segment.Origin.MEMORY_EXACT: "from memory",
    Segment.Origin.MEMORY_FUZZY: "from similar memory entries",
}


def _note(outcome: Outcome, *, total: int, missing: int) -> str:
    parts = []
    for origin, count in outcome.filled.items():
        parts.append(f"{count} {_ORIGIN_WORDS.get(origin, 'by machine translation')}")
    filled = ", ".join(parts) if parts else "none filled"
    note = f"Pre-translated {total - missing} of {total} sentences ({filled})."
    if outcome.failures:
        note += " Machine translation failed: " + "; ".join(outcome.failures) + "."
    if missing:
        note += f" {missing} need a translator."
    return note


# ---- pivot through an approved version ------------------------------------------------


def pivot_targets(approved: Variant) -> list[Variant]:
    """Versions an approved one can pre-fill through an offline engine (Hindi ↔ Urdu)."""
    candidates = approved.statement.variants.filter(state__in=PIVOT_FROM_STATES).exclude(
        pk=approved.pk
    )
    out = []
    for variant in candidates.exclude(language=approved.statement.source_language):
        if variant.source_revision_id != approved.source_revision_id:
            continue
        if variant.segments.filter(origin=Segment.Origin.HUMAN).exists():
            continue
        if _pivot_engine(approved.language, variant.language) is not None:
            out.append(variant)
    return out


def _pivot_engine(source: str, target: str):
    for name in settings.ANUVAD_MT_PIVOT_ENGINES:
        engine = registry.engine(name)
        if engine.configured()[0] and engine.supports(source, target):
            return engine
    return None


def variant_pivot(*, variant_id: int, via_id: int) -> int:
    """Pre-fill machine-made sentences of a version from an approved version of another
    language through an offline engine; returns how many sentences changed.

    Sentences from the memory or from a translator are left alone, as is the whole
    version once a translator has written in it.
    """
    variant = Variant.objects.select_related("statement").get(pk=variant_id)
    via = Variant.objects.get(pk=via_id)
    if via.state not in (State.APPROVED, State.PUBLISHED) or variant.state not in PIVOT_FROM_STATES:
        return 0
    engine = _pivot_engine(via.language, variant.language)
    if engine is None:
        return 0
    theirs = {s.position: s for s in via.segments.exclude(target="")}
    mine = [s for s in variant.segments.order_by("position") if s.origin in _MACHINE_ORIGINS]
    mine = [s for s in mine if s.position in theirs and s.source == theirs[s.position].source]
    if not mine:
        return 0
    try:
        results = engine.translate([theirs[s.position].target for s in mine], via.language,
                                   variant.language)  # fmt: skip
    except EngineError as exc:
        log.warning("pivot %s→%s failed: %s", via.language, variant.language, exc)
        return 0
    fills = {
        s.pk: Fill(
            plain_text(r.text).strip(),
            Segment.Origin.PIVOT,
            f"{engine.name} from {via.language}",
            unknown=r.unknown,
            suggestions=[{"origin": s.origin, "detail": s.origin_detail, "text": s.target}]
            if s.target
            else [],
        )
        for s, r in zip(mine, results, strict=True)
    }
    terms = glossary.terms_for(variant.statement.source_language, variant.language)
    with transaction.atomic():
        locked = Variant.objects.select_for_update(of=("self",)).get(pk=variant_id)
        if locked.state not in PIVOT_FROM_STATES:
            return 0
        current = {s.pk: s for s in locked.segments.select_for_update()}
        if any(s.is_human for s in current.values()):
            return 0
        changed = []
        for pk, fill in fills.items():
            segment = current.get(pk)
            if segment is None or segment.origin not in _MACHINE_ORIGINS or not fill.target:
                continue
            _apply(segment, fill, terms=terms)
            changed.append(segment)
        Segment.objects.bulk_update(changed, _FILL_FIELDS)
        if changed:
            segment_service.refresh_working_copy(locked)
        return len(changed)


# ---- sweeping up lost tasks --------------------------------------------------------------


def stalled_variants(*, older_than_seconds: int) -> list[int]:
    """Pending variants with no progress for a while: their task was probably lost."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    return list(
        Variant.objects.filter(state=State.PENDING, updated_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
