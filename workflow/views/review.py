"""Review: the whole version beside its source, what the translator changed, comments, verdict."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from translations import languages

from .. import authorship, back_translation, permissions, qa, reviews, services, states
from ..choices import State
from ..exceptions import InvalidInput, NotPermitted, WorkflowError
from ..models import Segment, Statement
from .base import login_required, my_work_url, open_variant, refuse


def _review_url(pk: int, anchor: str = "") -> str:
    return reverse("workspace:review", args=[pk]) + (f"#{anchor}" if anchor else "")


# What a reviewer decides: approve, or send back (also an approved, unpublished version).
DECISIONS = (State.APPROVED, State.CHANGES_REQUESTED)


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    variant = open_variant(request, pk)
    user = request.user
    rows = []
    for segment in variant.segments.order_by("position").prefetch_related("comments__author"):
        before = reviews.machine_text(segment)
        diff = reviews.word_diff(before, segment.target) if before and segment.is_human else []
        rows.append({"segment": segment, "machine": before, "diff": diff})
    own_work = permissions.wrote(user, authorship.writers(variant))
    return render(
        request,
        "workflow/review.html",
        {
            "variant": variant,
            "statement": variant.statement,
            "source_language": languages.get(variant.statement.source_language),
            "target_language": variant.language_info,
            "rows": rows,
            "problems": qa.variant_problems(variant) if not variant.is_source else [],
            "can_decide": not own_work
            and any(states.offered(variant, t, actor=user) for t in DECISIONS),
            "own_work": own_work,
            "can_comment": bool(permissions.may_comment(user, variant)),
            "overall_comments": variant.comments.filter(segment=None).select_related("author"),
            "transitions": variant.transitions.select_related("actor").order_by("-at", "-pk")[:30],
            "edits": [
                {
                    "edit": edit,
                    "fields": ", ".join(
                        str(Statement._meta.get_field(name).verbose_name) for name in edit.fields
                    ),
                }
                for edit in variant.edits.select_related("actor").order_by("-at", "-pk")[:30]
            ],
            "source_text": variant.source_revision.text() if variant.source_revision else {},
            "back_translation": back_translation.offer(variant, user, get_language()),
        },
    )


@login_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    variant = open_variant(request, pk)
    try:
        services.variant_approve(
            variant=variant, actor=request.user, note=request.POST.get("note", "")
        )
    except WorkflowError as exc:
        return refuse(request, exc, to=_review_url(variant.pk))
    messages.success(request, _("Approved. An editor can publish it now."))
    return HttpResponseRedirect(my_work_url())


@login_required
@require_POST
def request_changes(request: HttpRequest, pk: int) -> HttpResponse:
    variant = open_variant(request, pk)
    note = request.POST.get("note", "").strip()
    try:
        services.variant_request_changes(variant=variant, actor=request.user, note=note)
    except WorkflowError as exc:
        return refuse(request, exc, to=_review_url(variant.pk))
    messages.success(request, _("Sent back to the translator with your comment."))
    return HttpResponseRedirect(my_work_url())


@login_required
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    variant = open_variant(request, pk)
    segment = None
    segment_id = request.POST.get("segment", "")
    if segment_id:
        if not segment_id.isdigit():
            return refuse(request, InvalidInput("No such sentence."), to=_review_url(pk))
        segment = get_object_or_404(Segment, pk=int(segment_id), variant=variant)
    try:
        services.comment_add(
            variant=variant, actor=request.user, text=request.POST.get("text", ""), segment=segment
        )
    except NotPermitted as exc:
        return refuse(request, exc, to=_review_url(pk))
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Comment added."))
    anchor = f"seg-{segment.pk}" if segment else "comments"
    view = "edit" if request.POST.get("from") == "edit" else "review"
    return HttpResponseRedirect(reverse(f"workspace:{view}", args=[pk]) + f"#{anchor}")
