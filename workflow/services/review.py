"""Review: a version is submitted, commented on, sent back or approved."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from translations.sanitise import plain_text

from .. import dispatch, permissions, qa, segments, states
from ..choices import ChangeReason, State
from ..exceptions import InvalidInput
from ..models import Comment, RequestedChange, Segment, Variant
from ..pipeline import pivot

User = AbstractBaseUser
MAX_COMMENT_CHARS = 5000


@transaction.atomic
def variant_submit_for_review(
    *, variant: Variant, actor: User, note: str = "", override: str = ""
) -> Variant:
    """Send a version for review. QA errors block it unless ``override`` says why not.

    The flags the submit found are stored on the sentences, so the editor shows the
    same results as the submit did.
    """
    parts = [note.strip() or "Submitted for review."]
    if override.strip():
        parts.append(f"QA override: {override.strip()}")
    moved = states.transition(
        variant, State.IN_REVIEW, actor=actor, note=" ".join(parts), override=override
    )
    if not moved.is_source:
        qa.variant_problems(moved, save=True)
    return moved


def _checked_reasons(
    variant: Variant, reasons: Iterable[str], sentence_reasons: Mapping[int, str]
) -> list[tuple[int | None, str]]:
    """(sentence id or None, reason) for each reason given, or InvalidInput naming the
    first unknown reason or foreign sentence."""
    given = [(None, r) for r in reasons] + [(pk, r) for pk, r in sentence_reasons.items() if r]
    for _segment, reason in given:
        if reason not in ChangeReason.values:
            raise InvalidInput(
                _("“%(reason)s” is not a reason for changes; choose one of: %(known)s."),
                reason=reason,
                known=", ".join(ChangeReason.values),
            )
    wanted = {pk for pk, _reason in given if pk is not None}
    if wanted and Segment.objects.filter(variant=variant, pk__in=wanted).count() != len(wanted):
        raise InvalidInput(_("That sentence belongs to another version."))
    return list(dict.fromkeys(given))


@transaction.atomic
def variant_request_changes(
    *,
    variant: Variant,
    actor: User,
    note: str,
    reasons: Iterable[str] = (),
    sentence_reasons: Mapping[int, str] | None = None,
) -> Variant:
    """Send a version back to its translator; the note is also kept as a comment on it.

    ``reasons`` (ChangeReason values) are about the whole version, ``sentence_reasons``
    map a sentence's id to its reason; both are kept with the move, for the translator and
    the dashboard's counts. An unknown reason refuses the whole request.
    """
    given = _checked_reasons(variant, reasons, sentence_reasons or {})
    variant = states.transition(variant, State.CHANGES_REQUESTED, actor=actor, note=note)
    move = variant.transitions.filter(to_state=State.CHANGES_REQUESTED).latest("pk")
    RequestedChange.objects.bulk_create(
        RequestedChange(transition=move, variant=variant, segment_id=pk, reason=reason)
        for pk, reason in given
    )
    comment_add(variant=variant, actor=actor, text=note)
    return variant


@transaction.atomic
def variant_approve(*, variant: Variant, actor: User, note: str = "") -> Variant:
    """Approve a version; its sentences enter the translation memory.

    Approving a language that Apertium can carry into another (Hindi and Urdu) queues a
    pivot pre-fill for that other language's version if no translator has touched it.
    """
    variant = states.transition(variant, State.APPROVED, actor=actor, note=note or "Approved.")
    if not variant.is_source:
        segments.remember(variant, approved_by=actor)
        # The changes a revision brought were reviewed: they are no longer highlighted.
        segments.clear_revision_marks(variant)
        targets = pivot.pivot_targets(variant)
        if targets:
            dispatch.after_commit("pivot_translate_task", *((t.pk, variant.pk) for t in targets))
    return variant


@transaction.atomic
def comment_add(
    *, variant: Variant, actor: User, text: str, segment: Segment | None = None
) -> Comment:
    permissions.may_comment(actor, variant).require()
    if segment is not None and segment.variant_id != variant.pk:
        raise InvalidInput(_("That sentence belongs to another version."))
    text = plain_text(text).strip()
    if not text:
        raise InvalidInput(_("Write the comment first."))
    if len(text) > MAX_COMMENT_CHARS:
        raise InvalidInput(_("Keep comments under %(count)s characters."), count=MAX_COMMENT_CHARS)
    return Comment.objects.create(variant=variant, segment=segment, author=actor, text=text)
