"""Revisions: what publishing a text means for the history, and a revised source for each language.

- Every publication of a language records a PublishedVersion (the live text is the newest).
- Publishing a source revision after the statement first went out marks it revised, and
  sends every translation back for the sentences that changed: published, in-review and
  approved versions become outdated (the live text stays); the others follow in place.
- ``retranslate`` brings one version onto the source's live revision: unchanged sentences
  keep their translation untouched, changed and new ones are pre-filled from the memory
  and the engines in one pass, removed ones go. The old source and translation of a
  changed sentence are kept beside it.
- An editor can roll a translation back to an earlier published version; the memory is
  not touched (it holds approved sentences, whatever readers see).
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from translations import normalise, segmentation

from . import dispatch, pretranslation, roles, signals, states
from . import segments as segment_service
from .choices import Role, State
from .exceptions import InvalidInput, NoteRequired, NotPermitted, WorkflowError
from .models import (
    TEXT_FIELDS,
    Comment,
    PublishedVersion,
    Segment,
    SourceRevision,
    Statement,
    Variant,
)

User = AbstractBaseUser
log = logging.getLogger(__name__)

# States a target version is brought up to date in, keeping its state.
FOLLOW_IN_PLACE = frozenset({State.READY, State.IN_TRANSLATION, State.CHANGES_REQUESTED})
# States that go back to the pipeline (outdated) when the source's revision is published.
SENT_BACK = frozenset({State.PUBLISHED, State.IN_REVIEW, State.APPROVED})
RETRANSLATABLE = FOLLOW_IN_PLACE | {State.OUTDATED}
PREVIOUS = "previous"  # the origin of a suggestion holding a sentence's earlier translation


# ---- source revisions -------------------------------------------------------------------


def snapshot(statement: Statement, source: Variant, actor: User | None) -> SourceRevision:
    """The latest source revision, or a new one when the source text has changed since."""
    latest = statement.revisions.order_by("-number").first()
    if latest is not None and latest.text() == source.text():
        return latest
    return SourceRevision.objects.create(
        statement=statement,
        number=(latest.number if latest else 0) + 1,
        created_by=actor or statement.created_by,
        **source.text(),
    )


def set_change_note(*, revision: SourceRevision, actor: User, note: str) -> SourceRevision:
    """An editor's public note on what a revision changed (shown to readers)."""
    if not roles.has_role(actor, Role.EDITOR):
        raise NotPermitted("Only an editor may write the change note readers see.")
    note = " ".join(note.split())
    if len(note) > 1000:
        raise InvalidInput("Keep the change note under 1,000 characters.")
    revision.change_note, revision.change_note_by = note, actor
    revision.save(update_fields=["change_note", "change_note_by"])
    return revision


# ---- publishing -------------------------------------------------------------------------


def publication(actor: User | None) -> Callable[[Variant], None]:
    """The effect of a publishing move: the history row, the source revision, the live text."""

    def effect(variant: Variant) -> None:
        record_publication(variant, actor=actor)
        copy_to_published_fields(variant)

    return effect


def copy_to_published_fields(variant: Variant, *, text: dict[str, str] | None = None) -> None:
    """Make a variant's working copy (or ``text``) the statement's live text in its language.

    Readers' caches hear of it (``signals.variant_published``) once the change commits.
    """
    statement = variant.statement
    now = timezone.now()
    text = text if text is not None else variant.text()
    values = {build_localized_fieldname(f, variant.language): text[f] for f in TEXT_FIELDS}
    if statement.first_published_at is None:
        values["first_published_at"] = now
    Statement.objects.filter(pk=statement.pk).update(**values, updated_at=now)
    transaction.on_commit(
        lambda: signals.variant_published.send(
            sender=Variant, variant=variant, statement_id=variant.statement_id
        )
    )


def record_publication(variant: Variant, *, actor: User | None) -> PublishedVersion:
    """Inside a publishing transition: the version's live revision and its history row.

    For the source, a revision that replaces an earlier published one marks the
    statement revised and sends the translations back (see ``follow_source``).
    """
    now = timezone.now()
    statement = variant.statement
    if variant.is_source:
        revision = snapshot(statement, variant, actor)
        if revision.published_at is None:
            SourceRevision.objects.filter(pk=revision.pk).update(published_at=now)
        earlier = variant.live_revision_id
        variant.live_revision = revision
        if earlier is not None and earlier != revision.pk:
            Statement.objects.filter(pk=statement.pk).update(last_revised_at=now)
            follow_source(statement, revision, published_by=actor)
    else:
        variant.live_revision_id = variant.source_revision_id
    return _add_version(
        variant,
        text=variant.text(),
        actor=actor,
        at=now,
        approved_by_id=variant.reviewer_id,
        approved_at=variant.approved_at,
    )


def _add_version(variant: Variant, *, text: dict[str, str], actor, at, **extra) -> PublishedVersion:
    last = variant.published.order_by("-number").values_list("number", flat=True).first()
    return PublishedVersion.objects.create(
        variant=variant,
        number=(last or 0) + 1,
        source_revision_id=variant.live_revision_id,
        published_at=at,
        published_by=actor,
        **text,
        **extra,
    )


def follow_source(statement: Statement, revision: SourceRevision, *, published_by) -> list[int]:
    """Send every translation towards a newly published source revision.

    Published, in-review and approved versions become outdated (recorded, with why);
    pending ones simply start from the new revision; the rest keep their state. A task
    per version, queued after commit, then re-translates the changed sentences.
    """
    who = published_by.get_username() if published_by is not None else "the system"
    note = (
        f"The source was revised (revision {revision.number}, published by {who}): "
        "the changed sentences go back through translation."
    )
    queued = []
    targets = statement.variants.exclude(language=statement.source_language)
    for variant in targets.exclude(state=State.WITHDRAWN).order_by("language"):
        if variant.source_revision_id == revision.pk:
            continue
        if variant.state == State.PENDING:
            # Nothing translated yet: pre-translation starts from the new revision.
            Segment.objects.filter(variant=variant).delete()
            Variant.objects.filter(pk=variant.pk).update(source_revision=revision)
            continue
        if variant.state in SENT_BACK:
            states.transition(variant, State.OUTDATED, actor=None, note=note)
        queued.append(variant.pk)
    if queued:
        dispatch.after_commit("retranslate_task", *((pk,) for pk in queued))
    return queued


# ---- changed sentences only -------------------------------------------------------------


@dataclass
class Plan:
    """How a version's sentences map onto a new source revision's, by position."""

    keep: list[tuple[Segment, int, str, segmentation.Piece]] = field(default_factory=list)
    change: list[tuple[Segment, int, str, segmentation.Piece]] = field(default_factory=list)
    add: list[tuple[int, str, segmentation.Piece]] = field(default_factory=list)
    drop: list[Segment] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        """Source sentences that need a translation (changed and new), once each."""
        new = [p.text for _, _, _, p in self.change] + [p.text for _, _, p in self.add]
        return list(dict.fromkeys(new))


def plan(rows: list[Segment], pieces: list[tuple[str, segmentation.Piece]]) -> Plan:
    """Match old sentences to new ones in reading order (a diff over (field, sentence))."""
    old = [(s.field, s.source) for s in rows]
    new = [(f, p.text) for f, p in pieces]
    out = Plan()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                out.keep.append((rows[i], j, *pieces[j]))
            continue
        olds, news = list(range(i1, i2)), list(range(j1, j2))
        # A replaced sentence is "changed" when it stays in its field: its old text is
        # shown beside the new one. Anything left over is new or removed.
        while olds and news and rows[olds[0]].field == pieces[news[0]][0]:
            i, j = olds.pop(0), news.pop(0)
            out.change.append((rows[i], j, *pieces[j]))
        out.drop.extend(rows[i] for i in olds)
        out.add.extend((j, *pieces[j]) for j in news)
    return out


def retranslate(*, variant_id: int, final_attempt: bool = True) -> Variant | None:
    """Bring a version onto its source's live revision, re-translating changed sentences.

    None when there is nothing to do (withdrawn, pending, in review, already current).
    Raises pretranslation.EnginesFailed like pre-translation does.
    """
    variant = Variant.objects.select_related("statement").get(pk=variant_id)
    revision = _live_source_revision(variant.statement)
    if variant.state not in RETRANSLATABLE or revision is None:
        return None
    if variant.source_revision_id == revision.pk and variant.state != State.OUTDATED:
        return None
    source_language = variant.statement.source_language
    pieces = segment_service.pieces_of(revision, source_language)
    texts = plan(list(variant.segments.order_by("position")), pieces).texts
    fills, outcome, terms = pretranslation.fill_texts(
        texts,
        source=source_language,
        target=variant.language,
        final_attempt=final_attempt,
    )
    with transaction.atomic():
        locked = Variant.objects.select_for_update(of=("self",)).select_related("statement")
        locked = locked.get(pk=variant_id)
        if locked.state not in RETRANSLATABLE:
            return None
        # The rows as they are now: a translator may have saved since the plan above.
        rows = list(locked.segments.select_for_update().order_by("position"))
        if locked.source_revision_id != revision.pk:
            _apply(locked, revision, plan(rows, pieces), fills, terms=terms)
        return _hand_back(locked, revision, outcome)


def stalled_outdated(*, older_than_seconds: int) -> list[int]:
    """Outdated versions untouched for a while: their re-translation task was probably lost."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    stalled = Variant.objects.filter(state=State.OUTDATED, state_changed_at__lt=cutoff)
    return list(stalled.values_list("pk", flat=True))


def _live_source_revision(statement: Statement) -> SourceRevision | None:
    source = statement.variants.select_related("live_revision").get(
        language=statement.source_language
    )
    return source.live_revision


def _apply(variant: Variant, revision: SourceRevision, found: Plan, fills, *, terms) -> None:
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
        _fill(segment, fills.get(piece.text), revision=revision, terms=terms)
    Segment.objects.bulk_update(
        [s for s, *_ in moved], ["position", "block", "lead", "trail", "placeholders"]
    )
    Segment.objects.bulk_update([s for s, *_ in found.change], _CHANGED_FIELDS)
    added = []
    for position, name, piece in found.add:
        segment = segment_service.new_segment(
            variant, name, position, piece, changed_in_revision=revision.number
        )
        _fill(segment, fills.get(piece.text), revision=revision, terms=terms)
        added.append(segment)
    Segment.objects.bulk_create(added)
    rows = list(variant.segments.all())
    for name, value in segment_service.assemble(rows).items():
        setattr(variant, name, value)
    variant.source_revision = revision
    variant.segments_total = len(rows)
    variant.segments_done = sum(1 for s in rows if s.target)
    variant.version += 1
    variant.save(
        update_fields=[
            *TEXT_FIELDS,
            "source_revision",
            "segments_total",
            "segments_done",
            "version",
            "updated_at",
        ]
    )


def _place(segment: Segment, position: int, piece: segmentation.Piece) -> None:
    segment.position, segment.block = position, piece.block
    segment.lead, segment.trail, segment.placeholders = piece.lead, piece.trail, piece.placeholders


_CHANGED_FIELDS = [
    "position",
    "block",
    "lead",
    "trail",
    "placeholders",
    "source",
    "source_hash",
    "changed_in_revision",
    "previous_source",
    "previous_target",
    "target",
    "origin",
    "origin_detail",
    "score",
    "suggestions",
    "qa_flags",
    "updated_by",
    "version",
]


def _fill(segment: Segment, fill, *, revision: SourceRevision, terms) -> None:
    """A changed or new sentence's pre-fill, with its earlier translation as a suggestion."""
    earlier = []
    if segment.previous_target:
        earlier = [
            {
                "origin": PREVIOUS,
                "detail": f"before revision {revision.number}",
                "text": segment.previous_target,
                "source": segment.previous_source,
            }
        ]
    segment.version = (segment.version or 0) + 1
    segment.updated_by = None
    if fill is None:
        segment.target, segment.origin, segment.origin_detail, segment.score = "", "", "", None
        segment.suggestions = earlier
    else:
        segment.target = fill.target
        segment.origin = fill.origin
        segment.origin_detail = fill.detail[:100]
        segment.score = fill.score
        segment.suggestions = [*earlier, *fill.suggestions]
    segment.qa_flags = (
        segment_service.flags_for(segment, terms=terms, unknown=fill.unknown if fill else ())
        if segment.target
        else []
    )


def _hand_back(variant: Variant, revision: SourceRevision, outcome) -> Variant:
    """An outdated version goes to the translator who last worked on it, else to the pool."""
    if variant.state != State.OUTDATED:
        return variant
    changed = variant.segments.filter(changed_in_revision=revision.number).count()
    note = f"Brought up to revision {revision.number}: {changed} sentence(s) to translate again."
    if outcome.failures:
        note += " Machine translation failed: " + "; ".join(outcome.failures) + "."
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


# ---- rollback ---------------------------------------------------------------------------


@transaction.atomic
def rollback(*, variant: Variant, number: int, actor: User, note: str) -> PublishedVersion:
    """Make an earlier published version of a translation live again; recorded as a new
    version that names the one it restores. The memory is left as it is."""
    if not roles.has_role(actor, Role.EDITOR):
        raise NotPermitted("Only an editor may roll a language back.")
    if not note.strip():
        raise NoteRequired("Add a note saying why the language is rolled back.")
    locked = Variant.objects.select_for_update(of=("self",)).select_related("statement")
    locked = locked.get(pk=variant.pk)
    if locked.is_source:
        raise InvalidInput(
            "The source is changed by revising it, so that every translation follows; "
            "roll back a translation instead."
        )
    if locked.state == State.WITHDRAWN or locked.published_at is None:
        raise InvalidInput(f"The {locked.language_info.name} version has no live text.")
    versions = {v.number: v for v in locked.published.all()}
    target = versions.get(number)
    if target is None:
        raise InvalidInput(f"There is no published version {number} of this language.")
    live = versions[max(versions)]
    if target.text() == live.text():
        raise InvalidInput(f"Version {number} is what readers see now.")
    locked.live_revision_id = target.source_revision_id
    locked.save(update_fields=["live_revision", "updated_at"])
    copy_to_published_fields(locked, text=target.text())
    return _add_version(
        locked,
        text=target.text(),
        actor=actor,
        at=timezone.now(),
        kind=PublishedVersion.Kind.ROLLBACK,
        restores=target,
        approved_by_id=target.approved_by_id,
        approved_at=target.approved_at,
        note=f"Rolled back from version {live.number} to version {number}: {note.strip()}",
    )
