"""A translator's day: what to claim, what they hold, what came back; an author's statements."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions, selectors, services
from ..exceptions import WorkflowError
from .base import back_to, login_required, my_work_url, open_variant, refuse


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "claimable": selectors.with_desk_title(selectors.variants_claimable_for(user))[:50],
        "claims": selectors.with_desk_title(selectors.claims_of(user)),
        "returned": selectors.with_desk_title(selectors.returned_to(user)),
        "to_review": selectors.with_desk_title(selectors.awaiting_review_for(user))[:50],
        "writes": bool(permissions.may_write_statements(user)),
    }
    if context["writes"]:
        context["my_statements"] = selectors.statements_written_by(user)[:50]
    return render(request, "workflow/my_work.html", context)


@login_required
@require_POST
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    variant = open_variant(request, pk)
    try:
        services.variant_claim(variant=variant, actor=request.user)
    except WorkflowError as exc:
        return refuse(request, exc, to=my_work_url())
    messages.success(request, _("Claimed. The version is yours until the claim runs out."))
    return HttpResponseRedirect(reverse("workspace:edit", args=[variant.pk]))


@login_required
@require_POST
def release(request: HttpRequest, pk: int) -> HttpResponse:
    variant = open_variant(request, pk)
    try:
        services.variant_release(variant=variant, actor=request.user)
    except WorkflowError as exc:
        return refuse(request, exc, to=back_to(request, my_work_url()))
    messages.success(request, _("Released. Your saved sentences stay with the version."))
    return HttpResponseRedirect(back_to(request, my_work_url()))


@login_required
@require_POST
def renew(request: HttpRequest, pk: int) -> HttpResponse:
    variant = open_variant(request, pk)
    try:
        services.variant_renew_claim(variant=variant, actor=request.user)
    except WorkflowError as exc:
        return refuse(request, exc, to=back_to(request, my_work_url()))
    messages.success(request, _("Claim renewed."))
    return HttpResponseRedirect(back_to(request, reverse("workspace:edit", args=[pk])))
