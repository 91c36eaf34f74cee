"""The side-by-side editor: source, suggestions and the translation, saved sentence by sentence."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from translations import engine_cache, languages

from .. import permissions, qa, selectors, services, states
from ..choices import State
from ..exceptions import InvalidInput, QABlocked, StaleEdit, WorkflowError
from ..models import Segment
from ..revisions import PREVIOUS
from ..segments import PROGRESS_FIELDS
from .base import login_required, my_work_url, open_variant, refuse

MAX_SEGMENT_CHARS = 10_000


@dataclass(frozen=True)
class Suggestion:
    label: str
    text: str
    origin: str


def _label(origin: str, detail: str = "", score: float | None = None) -> str:
    if origin == Segment.Origin.MEMORY_EXACT:
        return _("Memory 100%")
    if origin == Segment.Origin.MEMORY_FUZZY:
        return _("Memory %(score)s%%") % {"score": f"{score or 0:.0f}"}
    if origin == Segment.Origin.ENGINE:
        engine, cached = engine_cache.parse_detail(detail)
        if cached:
            return _("Machine (%(engine)s, cached)") % {"engine": engine}
        return _("Machine (%(engine)s)") % {"engine": detail or "engine"}
    if origin == Segment.Origin.PIVOT:
        return _("Apertium pivot (%(detail)s)") % {"detail": detail}
    if origin == PREVIOUS:
        return _("Translation of the earlier source")
    return _("Earlier translation")


def suggestions_for(segment: Segment) -> list[Suggestion]:
    """Candidates for a sentence, best first: the pre-fill, then memory and machine output."""
    found: list[Suggestion] = []
    if segment.target and not segment.is_human:
        found.append(
            Suggestion(
                _label(segment.origin, segment.origin_detail, segment.score),
                segment.target,
                segment.origin,
            )
        )
    for item in segment.suggestions:
        text = item.get("text", "")
        if text and all(s.text != text for s in found) and text != segment.target:
            found.append(
                Suggestion(
                    _label(item.get("origin", ""), item.get("detail", ""), item.get("score")),
                    text,
                    item.get("origin", ""),
                )
            )
    return found


def _editor_url(variant_pk: int, segment: Segment | None = None) -> str:
    url = reverse("workspace:edit", args=[variant_pk])
    return f"{url}#seg-{segment.pk}" if segment else url


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    variant = open_variant(request, pk)
    if variant.is_source:
        return HttpResponseRedirect(reverse("workspace:review", args=[variant.pk]))
    rows = list(variant.segments.order_by("position").prefetch_related("comments__author"))
    can_edit = services.is_editable_by(variant, request.user)
    can_claim = states.offered(variant, State.IN_TRANSLATION, actor=request.user)
    problems = qa.variant_problems(variant) if can_edit else []
    preview_note = ""
    if can_claim and not can_edit:
        # Ready to claim: the translator reads it first, read-only, and is told why.
        preview_note = permissions.may_edit_text(request.user, variant).message
    return render(
        request,
        "workflow/editor.html",
        {
            "variant": variant,
            "statement": variant.statement,
            "source_language": languages.get(variant.statement.source_language),
            "target_language": variant.language_info,
            "rows": [(s, suggestions_for(s)) for s in rows],
            "can_edit": can_edit,
            "can_claim": can_claim,
            "preview_note": preview_note,
            "problems": problems,
            "blocking": [p for p in problems if p.is_error],
            "transitions": variant.transitions.select_related("actor").order_by("-at", "-pk")[:20],
            "overall_comments": variant.comments.filter(segment=None).select_related("author"),
            "change_reasons": selectors.last_change_reasons(variant)
            if variant.state == State.CHANGES_REQUESTED
            else None,
        },
    )


@login_required
@require_POST
def save_segment(request: HttpRequest, pk: int) -> HttpResponse:
    segment = get_object_or_404(Segment.objects.select_related("variant__statement"), pk=pk)
    variant = open_variant(request, segment.variant_id)
    text = request.POST.get("text", "")
    try:
        expected = int(request.POST.get("version", ""))
    except ValueError:
        return _segment_reply(
            request, segment, error=_("The form lost its version; reload."), status=400
        )
    if len(text) > MAX_SEGMENT_CHARS:
        return _segment_reply(
            request,
            segment,
            error=_("A sentence may be at most %(n)s characters.") % {"n": MAX_SEGMENT_CHARS},
            status=422,
        )
    try:
        saved = services.segment_save(
            segment=segment, actor=request.user, text=text, expected_version=expected
        )
    except StaleEdit as exc:
        return _segment_reply(request, exc.current, error=str(exc), stale=True, status=409)
    except InvalidInput as exc:
        # Said beside the sentence, like a sentence that is too long.
        return _segment_reply(request, segment, error=str(exc), status=422)
    except WorkflowError as exc:
        return refuse(request, exc, to=_editor_url(variant.pk))
    if not request.htmx:
        messages.success(request, _("Saved."))
        return HttpResponseRedirect(_editor_url(variant.pk, saved))
    saved.variant.refresh_from_db(fields=[*PROGRESS_FIELDS, "segments_total"])
    return _segment_reply(request, saved)


def _segment_reply(
    request: HttpRequest,
    segment: Segment,
    *,
    error: str = "",
    stale: bool = False,
    status: int = 200,
) -> HttpResponse:
    if not request.htmx:
        if error:
            messages.error(request, error)
        return HttpResponseRedirect(_editor_url(segment.variant_id, segment))
    return render(
        request,
        "workflow/_segment_saved.html",
        {
            "segment": segment,
            "variant": segment.variant,
            "error": error,
            "stale": stale,
            "problems": [] if error else qa.variant_problems(segment.variant),
        },
        status=status,
    )


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    variant = open_variant(request, pk)
    override = request.POST.get("override", "").strip()
    try:
        services.variant_submit_for_review(
            variant=variant,
            actor=request.user,
            note=request.POST.get("note", ""),
            override=override,
        )
    except QABlocked as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(_editor_url(variant.pk) + "#qa")
    except WorkflowError as exc:
        return refuse(request, exc, to=_editor_url(variant.pk))
    messages.success(request, _("Sent for review. Thank you!"))
    return HttpResponseRedirect(my_work_url())
