"""The optional AI check on a version sent for review: each sentence rated by the model,
low scores stored as warnings beside it (translations.ai_check). Runs in a task after the
move to review; it never blocks, and an engine that fails leaves the version as it was."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from translations import ai_check
from translations.engines import context as engine_context
from translations.engines.base import EngineError

from . import dispatch
from .choices import State
from .models import Segment, Transition, Variant

log = logging.getLogger(__name__)


def variant_ai_review(*, variant_id: int) -> int:
    """Rate the version's sentences; returns how many now carry an AI warning."""
    variant = Variant.objects.select_related("statement", "source_revision").get(pk=variant_id)
    source, target = variant.statement.source_language, variant.language
    if variant.state != State.IN_REVIEW or ai_check.engine_for(source, target) is None:
        return 0
    rows = [s for s in variant.segments.order_by("position") if s.target]
    revision = variant.source_revision
    pairs = [(s.source, s.target) for s in rows]
    try:
        with engine_context.about(title=revision.title, summary=revision.summary):
            found = ai_check.rate(pairs, source=source, target=target)
    except EngineError as exc:
        log.warning("AI check of version %s: %s", variant_id, exc)
        return 0
    judged = {s.pk: (s.target, flags) for s, flags in zip(rows, found, strict=True)}
    with transaction.atomic():
        changed = []
        for segment in Variant.objects.get(pk=variant_id).segments.select_for_update():
            if segment.pk not in judged or judged[segment.pk][0] != segment.target:
                continue  # edited meanwhile: the rating is of another text
            kept = [f for f in segment.qa_flags if f.get("check") != ai_check.CHECK]
            flags = kept + [f.as_dict() for f in judged[segment.pk][1]]
            if flags != segment.qa_flags:
                segment.qa_flags = flags
                changed.append(segment)
        Segment.objects.bulk_update(changed, ["qa_flags"])
    return sum(1 for _, flags in judged.values() if flags)


def on_variant_moved(sender: Any, *, transition_id: int, **kwargs: Any) -> None:
    """Receiver of ``signals.variant_moved``: a version sent for review is rated, if the
    check is on."""
    from django.conf import settings

    if not getattr(settings, "ANUVAD_QA_AI_CHECK", False):
        return
    moved = Transition.objects.filter(pk=transition_id).values_list("variant_id", "to_state")
    for variant_id, to_state in moved:
        if to_state == State.IN_REVIEW:
            dispatch.after_commit("ai_review_task", (variant_id,))
