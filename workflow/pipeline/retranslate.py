"""Re-translation: a version brought onto its source's newly published revision.

Unchanged sentences keep their translation untouched, changed and new ones are pre-filled
from the memory and the engines in one pass, removed ones go. The old source and
translation of a changed sentence are kept beside it. An outdated version then goes to
the translator who last worked on it, else back to the pool.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F

from translations import normalise, segmentation
from translations.engines import context as engine_context

from .. import revisions, states
from .. import segments as segment_service
from ..choices import RETRANSLATABLE, State
from ..exceptions import WorkflowError
from ..models import TEXT_FIELDS, Comment, Segment, SourceRevision, Statement, Variant
from .fill import FILL_FIELDS, apply_fill, failure_note, fill_texts

User = AbstractBaseUser


def retranslate(*, variant_id: int, final_attempt: bool = True) -> Variant | None:
    """Bring a version onto its source's live revision, re-translating changed sentences.

    None when there is nothing to do (withdrawn, pending, in review, already current).
    Raises fill.EnginesFailed like pre-translation does.
    """
    variant = Variant.objects.select_related("statement").get(pk=variant_id)
    revision = _live_source_revision(variant.statement)
    if variant.state not in RETRANSLATABLE or revision is None:
        return None
    if variant.source_revision_id == revision.pk and variant.state != State.OUTDATED:
        return None
    source_language = variant.statement.source_language
    pieces = segment_service.pieces_of(revision, source_language)
    texts = revisions.plan(list(variant.segments.order_by("position")), pieces).texts
    with engine_context.about(title=revision.title, summary=revision.summary):
        fills, outcome, terms = fill_texts(
            texts,
            source=source_language,
            target=variant.language,
            final_attempt=final_attempt,
        )
    with transaction.atomic():
        locked = Variant.objects.locked().get(pk=variant_id)
        if locked.state not in RETRANSLATABLE:
            return None
        # The rows as they are now: a translator may have saved since the plan above.
        rows = list(locked.segments.select_for_update().order_by("position"))
        if locked.source_revision_id != revision.pk:
            _rebase(locked, revision, revisions.plan(rows, pieces), fills, terms=terms)
        return _hand_back(locked, revision, outcome)


def _live_source_revision(statement: Statement) -> SourceRevision | None:
    source = statement.variants.select_related("live_revision").get(
        language=statement.source_language
    )
    return source.live_revision


def _rebase(
    variant: Variant, revision: SourceRevision, found: revisions.Plan, fills, *, terms
) -> None:
    moved = [
        (segment, position, piece)
        for segment, position, _field, piece in found.keep
        if (segment.position, segment.block, segment.lead, segment.trail, segment.placeholders)
        != (position, piece.block, piece.lead, piece.trail, piece.placeholders)
    ]
    # Positions are unique per version: park the rows that move out of the way first.
    parked = [s.pk for s, *_ in moved] + [s.pk for s, *_ in found.change]
    Segment.objects.filter(pk__in=parked).update(position=F("position") + 1_000_000)
    if found.drop:
        # Remarks on a removed sentence stay, as remarks on the whole version.
        Comment.objects.filter(segment__in=found.drop).update(segment=None)
        Segment.objects.filter(pk__in=[s.pk for s in found.drop]).delete()
    for segment, position, piece in moved:
        _place(segment, position, piece)
    for segment, position, _field, piece in found.change:
        segment.previous_source, segment.previous_target = segment.source, segment.target
        _place(segment, position, piece)
        segment.source, segment.source_hash = piece.text, normalise.source_hash(piece.text)
        segment.changed_in_revision = revision.number
        apply_fill(segment, fills.get(piece.text), terms=terms, keep=_earlier(segment, revision))
    Segment.objects.bulk_update(
        [s for s, *_ in moved], ["position", "block", "lead", "trail", "placeholders"]
    )
    Segment.objects.bulk_update([s for s, *_ in found.change], _CHANGED_FIELDS)
    added = []
    for position, name, piece in found.add:
        segment = segment_service.new_segment(
            variant, name, position, piece, changed_in_revision=revision.number
        )
        apply_fill(segment, fills.get(piece.text), terms=terms)
        added.append(segment)
    Segment.objects.bulk_create(added)
    rows = list(variant.segments.all())
    for name, value in segment_service.assemble(rows).items():
        setattr(variant, name, value)
    variant.source_revision = revision
    variant.segments_total = len(rows)
    counted = segment_service.tally(variant, rows)
    variant.version += 1
    variant.save(
        update_fields=[
            *TEXT_FIELDS,
            "source_revision",
            "segments_total",
            *counted,
            "version",
            "updated_at",
        ]
    )


def _place(segment: Segment, position: int, piece: segmentation.Piece) -> None:
    segment.position, segment.block = position, piece.block
    segment.lead, segment.trail, segment.placeholders = piece.lead, piece.trail, piece.placeholders


_CHANGED_FIELDS = [
    *("position", "block", "lead", "trail", "placeholders"),
    *("source", "source_hash", "changed_in_revision", "previous_source", "previous_target"),
    *FILL_FIELDS,
]


def _earlier(segment: Segment, revision: SourceRevision) -> list[dict]:
    """A changed sentence's translation before the revision, kept as a suggestion."""
    if not segment.previous_target:
        return []
    return [
        {
            "origin": revisions.PREVIOUS,
            "detail": f"before revision {revision.number}",
            "text": segment.previous_target,
            "source": segment.previous_source,
        }
    ]


def _hand_back(variant: Variant, revision: SourceRevision, outcome) -> Variant:
    """An outdated version goes to the translator who last worked on it, else to the pool."""
    if variant.state != State.OUTDATED:
        return variant
    changed = variant.segments.filter(changed_in_revision=revision.number).count()
    note = f"Brought up to revision {revision.number}: {changed} sentence(s) to translate again."
    note += failure_note(outcome)
    translator = _last_translator(variant)
    if translator is not None:
        try:
            return states.transition(
                variant, State.IN_TRANSLATION, actor=None, assignee=translator, note=note
            )
        except WorkflowError as exc:  # they no longer translate this language
            note += f" {exc}"
    return states.transition(variant, State.READY, actor=None, note=note)


def _last_translator(variant: Variant) -> User | None:
    if variant.translated_by_id is not None:
        return variant.translated_by
    human = variant.segments.filter(origin=Segment.Origin.HUMAN, updated_by__isnull=False)
    latest = human.select_related("updated_by").order_by("-updated_at").first()
    return latest.updated_by if latest else None
