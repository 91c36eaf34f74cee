"""What machine translation is doing for each language of a statement, as the desk shows it.

A pending version is *queued* (no task has started on it), *translating* (a task holds its
lease: N of M sentences so far), or *retrying* (the engines failed; the next attempt is due
at a time, for a reason). A version the machine has handed on is *ready*: how many
sentences came from the memory, from an engine, and how many need a translator, with the
reason the engines gave nothing when they did not. Read-only; a few queries for any
number of statements.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.utils import timezone

from translations import languages

from .choices import Origin, State
from .models import Segment, Statement, Transition, Variant

MEMORY = {Origin.MEMORY_EXACT, Origin.MEMORY_FUZZY}
MACHINE = {Origin.ENGINE, Origin.PIVOT}


class Phase(StrEnum):
    QUEUED = "queued"
    TRANSLATING = "translating"
    RETRYING = "retrying"
    READY = "ready"


BUSY = frozenset({Phase.QUEUED, Phase.TRANSLATING, Phase.RETRYING})


@dataclass(frozen=True)
class LanguageStatus:
    language: languages.Language
    variant: Variant | None
    phase: Phase | None = None  # None: no machine work to tell of (a person's turn)
    done: int = 0
    total: int = 0
    retry_at: datetime | None = None
    reason: str = ""
    from_memory: int = 0
    from_engine: int = 0
    for_people: int = 0

    @property
    def busy(self) -> bool:
        return self.phase in BUSY


def _pending_phase(variant: Variant, now: datetime) -> LanguageStatus:
    info = variant.language_info
    held = bool(variant.lease_holder) and (
        variant.lease_expires_at is not None and variant.lease_expires_at > now
    )
    if held:
        return LanguageStatus(
            info,
            variant,
            Phase.TRANSLATING,
            done=variant.segments_done,
            total=variant.segments_total,
        )
    if variant.retry_at is not None:
        return LanguageStatus(
            info, variant, Phase.RETRYING, retry_at=variant.retry_at, reason=variant.retry_reason
        )
    return LanguageStatus(info, variant, Phase.QUEUED)


def for_statements(statements: Iterable[Statement]) -> dict[int, list[LanguageStatus]]:
    """Per statement id, one status per language of ``languages.LANGUAGES`` but the source,
    in that order. Uses each statement's prefetched ``variants`` when there are."""
    statements = list(statements)
    now = timezone.now()
    variants = {s.pk: list(s.variants.all()) for s in statements}
    ready = [v.pk for vs in variants.values() for v in vs if v.state == State.READY]
    origins: dict[int, Counter] = defaultdict(Counter)
    notes: dict[int, str] = {}
    if ready:
        counted = (
            Segment.objects.filter(variant_id__in=ready)
            .annotate(blank=ExpressionWrapper(Q(target=""), output_field=BooleanField()))
            .values_list("variant_id", "origin", "blank")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for variant_id, origin, blank, n in counted:
            origins[variant_id]["people" if blank else origin] += n
        handed = (
            Transition.objects.filter(variant_id__in=ready, to_state=State.READY)
            .order_by("variant_id", "-pk")
            .values_list("variant_id", "note")
        )
        for variant_id, note in handed:
            notes.setdefault(variant_id, note)
    result: dict[int, list[LanguageStatus]] = {}
    for statement in statements:
        by_language = {v.language: v for v in variants[statement.pk]}
        row = []
        for lang in languages.LANGUAGES:
            if lang.code == statement.source_language:
                continue
            v = by_language.get(lang.code)
            if v is None:
                row.append(LanguageStatus(lang, None))
            elif v.state == State.PENDING:
                row.append(_pending_phase(v, now))
            elif v.state == State.READY:
                counts = origins[v.pk]
                row.append(
                    LanguageStatus(
                        lang,
                        v,
                        Phase.READY,
                        done=v.segments_done,
                        total=v.segments_total,
                        reason=notes.get(v.pk, "") if v.needs_human else "",
                        from_memory=sum(counts[o] for o in MEMORY),
                        from_engine=sum(counts[o] for o in MACHINE),
                        for_people=counts["people"],
                    )
                )
            else:
                row.append(LanguageStatus(lang, v))
        result[statement.pk] = row
    return result


def for_statement(statement: Statement) -> list[LanguageStatus]:
    return for_statements([statement])[statement.pk]


def busy(statuses: Iterable[LanguageStatus]) -> bool:
    """Whether machine work is still going on (the desk keeps asking)."""
    return any(s.busy for s in statuses)
