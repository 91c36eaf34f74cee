"""Pivot: pre-filling a version through an approved version of another language.

Hindi and Urdu are close enough for an offline engine (Apertium) to carry an approved
translation of one into the other; the result replaces machine text only, never a
translator's or the memory's.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

from translations import engine_calls, glossary
from translations.engines import registry
from translations.engines.base import EngineError
from translations.sanitise import clean_machine_text

from .. import segments as segment_service
from ..choices import PIVOT_FROM_STATES, PIVOT_VIA_STATES
from ..models import Segment, Variant
from .fill import FILL_FIELDS, Fill, apply_fill

log = logging.getLogger(__name__)

_MACHINE_ORIGINS = frozenset({Segment.Origin.NONE, Segment.Origin.ENGINE})


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
    if via.state not in PIVOT_VIA_STATES or variant.state not in PIVOT_FROM_STATES:
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
        results = engine_calls.run(
            engine,
            [(theirs[s.position].target, {}) for s in mine],
            source=via.language,
            target=variant.language,
        )
    except EngineError as exc:
        log.warning("pivot %s→%s failed: %s", via.language, variant.language, exc)
        return 0
    fills = {
        s.pk: Fill(
            clean_machine_text(r.text),
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
        locked = Variant.objects.locked().get(pk=variant_id)
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
            apply_fill(segment, fill, terms=terms)
            changed.append(segment)
        Segment.objects.bulk_update(changed, FILL_FIELDS)
        if changed:
            segment_service.refresh_working_copy(locked)
        return len(changed)
