"""Who wrote the text under review: the edit log, and the facts the four-eyes rule reads."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Max

from .choices import State
from .models import Segment, TextEdit, Transition, Variant


def record_edit(
    *, variant: Variant, actor: AbstractBaseUser, fields: Iterable[str], sentences: int = 0
) -> TextEdit:
    """Log that ``actor`` changed ``fields`` of the version (``sentences`` of its sentences)."""
    return TextEdit.objects.create(
        variant=variant, actor=actor, fields=sorted(set(fields)), sentences=sentences
    )


def writers(variant: Variant) -> set[int]:
    """The people who wrote any part of the version's text since it was last approved.

    Text approved before has had its four eyes; everything since (the submitter, the
    claimant, every logged edit by any path, and any sentence a person typed) must be
    approved by someone else.
    """
    ids = {variant.translated_by_id, variant.assignee_id}
    since = Transition.objects.filter(variant=variant, to_state=State.APPROVED).aggregate(
        at=Max("at")
    )["at"]
    edits = TextEdit.objects.filter(variant=variant)
    typed = Segment.objects.filter(
        variant=variant, origin=Segment.Origin.HUMAN, updated_by__isnull=False
    )
    if since is not None:
        edits, typed = edits.filter(at__gt=since), typed.filter(updated_at__gt=since)
    ids.update(edits.values_list("actor_id", flat=True))
    ids.update(typed.values_list("updated_by_id", flat=True))
    return ids - {None}
