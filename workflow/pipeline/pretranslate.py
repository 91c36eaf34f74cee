"""Pre-translation of a pending variant: memory first, then the engine chain, then people.

Network work (memory lookups, engine requests) happens before any row is locked; the
results are written in one transaction that re-checks the variant is still pending and
never touches a sentence a translator has already written. Running it twice, or again
after a crash, therefore neither duplicates segments nor overwrites anyone's work.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser as User
from django.db import transaction
from django.utils import timezone

from translations.engines import context as engine_context

from .. import segments as segment_service
from .. import states
from ..choices import State
from ..models import Segment, Variant
from .fill import FILL_FIELDS, Fill, Outcome, apply_fill, failure_note, fill_texts


def variant_pretranslate(
    *,
    variant_id: int,
    final_attempt: bool = True,
    use_engines: bool = True,
    actor: User | None = None,
    reason: str = "",
) -> Variant | None:
    """Fill a pending variant's segments and move it to ready; None if it was not pending.

    Raises EnginesFailed when the engines failed for a reason that may pass (network,
    rate limit) and this is not the final attempt; on the final attempt the variant is
    handed to translators with the memory matches filled in and the failures recorded.
    ``actor`` and ``reason``: a person who moves it on (memory only), and why.
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

    revision = variant.source_revision
    with engine_context.about(title=revision.title, summary=revision.summary):
        fills, outcome, terms = fill_texts(
            texts,
            source=source,
            target=target,
            final_attempt=final_attempt,
            use_engines=use_engines,
            after_memory=memory_done,
        )
    return _write(variant.pk, fills, terms=terms, outcome=outcome, actor=actor, reason=reason)


def _count(todo: Iterable[Segment], fills: dict[str, Fill]) -> int:
    return sum(1 for s in todo if s.source in fills)


def _progress(variant: Variant, *, done: int) -> None:
    Variant.objects.filter(pk=variant.pk).update(segments_done=done, updated_at=timezone.now())


def _write(
    variant_id: int,
    fills: dict[str, Fill],
    *,
    terms,
    outcome: Outcome,
    actor: User | None = None,
    reason: str = "",
) -> Variant | None:
    with transaction.atomic():
        variant = Variant.objects.locked().get(pk=variant_id)
        if variant.state != State.PENDING:
            return None
        rows = list(variant.segments.select_for_update().order_by("position"))
        changed = []
        for segment in rows:
            fill = fills.get(segment.source)
            if fill is None or segment.is_human or segment.target:
                continue
            apply_fill(segment, fill, terms=terms)
            changed.append(segment)
            outcome.filled[fill.origin] += 1
        Segment.objects.bulk_update(changed, FILL_FIELDS)
        text = segment_service.assemble(rows)
        missing = sum(1 for s in rows if not s.target)
        for name, value in text.items():
            setattr(variant, name, value)
        variant.needs_human = bool(outcome.failures) or missing > 0
        variant.segments_total = len(rows)
        counted = segment_service.tally(variant, rows)
        variant.version += 1
        variant.save(update_fields=[*text, "needs_human", "segments_total", *counted, "version"])
        note = _note(outcome, total=len(rows), missing=missing)
        if reason:
            note = f"{reason} {note}"
        return states.transition(variant, State.READY, actor=actor, note=note)


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
    note += failure_note(outcome)
    if missing:
        note += f" {missing} need a translator."
    return note
