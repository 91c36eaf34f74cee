"""Segments of a target variant: made from the source revision, filled, and put back together.

The edits people make go through ``services.editing``; these are the steps they share.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from translations import alignment, checks, glossary, memory, normalise, segmentation

from .exceptions import InvalidInput
from .models import TEXT_FIELDS, Segment, SourceRevision, Variant

_TRAILING_SPACE = re.compile(r"[ \t]+(?=\n|$)")


def pieces_of(revision: SourceRevision, language: str) -> list[tuple[str, segmentation.Piece]]:
    """(field, piece) for every sentence of a source revision, in reading order."""
    text = revision.text()
    return [
        (field, piece)
        for field in TEXT_FIELDS
        for piece in segmentation.split(text.get(field, ""), language=language, field=field)
    ]


def new_segment(
    variant: Variant, field: str, position: int, piece: segmentation.Piece, **extra
) -> Segment:
    """An unsaved segment for one sentence of the source (``extra``: more field values)."""
    return Segment(
        variant=variant,
        field=field,
        position=position,
        block=piece.block,
        lead=piece.lead,
        trail=piece.trail,
        source=piece.text,
        source_hash=normalise.source_hash(piece.text),
        placeholders=piece.placeholders,
        **extra,
    )


def ensure_segments(variant: Variant) -> list[Segment]:
    """The variant's segments, created from its source revision the first time.

    Safe to call twice or concurrently: positions are unique per variant, so a second
    run finds the first one's rows instead of adding duplicates.
    """
    existing = list(variant.segments.order_by("position"))
    if existing:
        return existing
    revision = variant.source_revision
    if revision is None:
        raise InvalidInput("This version has no source revision to translate from.")
    source_language = variant.statement.source_language
    rows = [
        new_segment(variant, field, position, piece)
        for position, (field, piece) in enumerate(pieces_of(revision, source_language))
    ]
    try:
        with transaction.atomic():
            Segment.objects.bulk_create(rows)
            Variant.objects.filter(pk=variant.pk).update(
                segments_total=len(rows),
                segments_done=0,
                segments_confirmed=0,
                updated_at=timezone.now(),
            )
    except IntegrityError:
        pass  # another run created them first
    return list(variant.segments.order_by("position"))


def assemble(segments: Iterable[Segment]) -> dict[str, str]:
    """The variant's text fields rebuilt from its segments' targets (untranslated: left out)."""
    parts: dict[str, list[str]] = {field: [] for field in TEXT_FIELDS}
    for segment in sorted(segments, key=lambda s: s.position):
        out = parts[segment.field]
        out.append(segment.lead)
        if segment.target:
            out.append(segmentation.restore(segment.target, segment.placeholders))
            out.append(segment.trail)
    # A sentence left empty (translated together with its neighbour) would leave a stray
    # space at the end of its line.
    return {field: _TRAILING_SPACE.sub("", "".join(out)) for field, out in parts.items()}


def flags_for(
    segment: Segment, *, terms: Iterable[glossary.Term], unknown: Iterable[str] = ()
) -> list[dict]:
    """The QA flags of one segment, as stored on it (``segment.variant`` must be loaded)."""
    variant = segment.variant
    found = checks.run(
        segment.source,
        segment.target,
        source_language=variant.statement.source_language,
        target_language=variant.language,
        terms=terms,
        unknown=unknown,
    )
    return [f.as_dict() for f in found]


# What a person's edit changes on a segment (for bulk_update).
HUMAN_EDIT_FIELDS = (
    "target",
    "origin",
    "origin_detail",
    "score",
    "suggestions",
    "updated_by",
    "version",
    "updated_at",
)


def take_human_text(segment: Segment, text: str, *, actor: AbstractBaseUser) -> None:
    """Make ``text`` the segment's translation by ``actor`` (unsaved; the caller saves).

    The pre-filled text it replaces is kept as a suggestion.
    """
    keep_machine_suggestion(segment)
    segment.target = text
    segment.origin = Segment.Origin.HUMAN
    segment.origin_detail = ""
    segment.score = None
    segment.updated_by = actor
    segment.version += 1
    segment.updated_at = timezone.now()


def keep_machine_suggestion(segment: Segment) -> None:
    """Before a person's text replaces a pre-filled one, keep the latter as a suggestion:
    the review shows what the translator changed, and the editor can offer it again."""
    if segment.is_human or not segment.target:
        return
    entry = {
        "origin": segment.origin,
        "detail": segment.origin_detail,
        "score": segment.score,
        "text": segment.target,
    }
    if not any(s.get("text") == segment.target for s in segment.suggestions):
        segment.suggestions = [entry, *segment.suggestions]


def is_confirmed(segment: Segment) -> bool:
    """Whether a person has confirmed the sentence: typed it, took a suggestion, or saved
    the pre-filled text as it stands (each makes the text theirs). A machine or memory
    pre-fill nobody has looked at is not confirmed, however good it is."""
    return segment.is_human


# The progress counters ``tally`` writes (for update_fields).
PROGRESS_FIELDS = ("segments_done", "segments_confirmed")


def tally(variant: Variant, rows: Iterable[Segment]) -> tuple[str, ...]:
    """Count the variant's sentences with text and those a person confirmed (unsaved);
    returns the fields set. Every writer of the counters goes through here."""
    rows = list(rows)
    variant.segments_done = sum(1 for s in rows if s.target)
    variant.segments_confirmed = sum(1 for s in rows if is_confirmed(s))
    return PROGRESS_FIELDS


def refresh_working_copy(variant: Variant) -> None:
    """Rebuild the variant's text fields and progress from its segments."""
    rows = list(variant.segments.all())
    fields = assemble(rows)
    for name, value in fields.items():
        setattr(variant, name, value)
    variant.version += 1
    counted = tally(variant, rows)
    variant.save(update_fields=[*fields, "version", *counted, "updated_at"])


def apply_text(
    variant: Variant, text: dict[str, str], *, actor: AbstractBaseUser
) -> dict[str, str]:
    """Write a whole-field translation into the variant's segments, sentence by sentence.

    Each block of the translation goes to the segments of the same block; when a block
    has as many sentences as the source, they pair one to one, otherwise the block's text
    goes to its first segment and the others are left empty (translated together).
    Returns the variant's fields rebuilt from its segments. Raises InvalidInput when the
    translation does not have the source's blocks.
    """
    segments = list(variant.segments.order_by("position"))
    by_field: dict[str, list[Segment]] = {}
    for segment in segments:
        by_field.setdefault(segment.field, []).append(segment)
    changed = []
    for field, value in text.items():
        mine = by_field.get(field, [])
        pieces = segmentation.split(value, language=variant.language, field=field)
        blocks = alignment.group_blocks(mine, key=lambda s: s.block)
        theirs = alignment.group_blocks(pieces, key=lambda p: p.block)
        if len(blocks) != len(theirs):
            raise InvalidInput(
                f"The {field} has {len(theirs)} paragraphs or items; the source has {len(blocks)}."
            )
        for source_block, target_block in zip(blocks, theirs, strict=True):
            if len(target_block) == len(source_block):
                pairs = zip(target_block, source_block, strict=True)
                texts = [alignment.rebase(p, s.placeholders) for p, s in pairs]
            else:
                first = source_block[0].placeholders
                joined = " ".join(alignment.rebase(p, first) for p in target_block)
                texts = [joined] + [""] * (len(source_block) - 1)
            for segment, new in zip(source_block, texts, strict=True):
                if segment.target != new or segment.origin != Segment.Origin.HUMAN:
                    take_human_text(segment, new, actor=actor)
                    changed.append(segment)
    Segment.objects.bulk_update(changed, HUMAN_EDIT_FIELDS)
    return assemble(segments)


def remember(variant: Variant, *, approved_by: AbstractBaseUser) -> int:
    """Put an approved variant's translated sentences into the translation memory."""
    units = [
        {
            "source_language": variant.statement.source_language,
            "target_language": variant.language,
            "source_text": segment.source,
            "target_text": segment.target,
            "statement_id": variant.statement_id,
            "approved_by": approved_by,
            "approved_at": timezone.now(),
        }
        for segment in variant.segments.exclude(target="").order_by("position")
    ]
    return memory.add_many(units, origin="approval") if units else 0


def clear_revision_marks(variant: Variant) -> int:
    """Forget which sentences a source revision changed (once the version is approved)."""
    return variant.segments.exclude(changed_in_revision=None).update(
        changed_in_revision=None, previous_source="", previous_target=""
    )
