"""The review page's back-translation: the version read back in the reviewer's language."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from .. import back_translation
from ..exceptions import InvalidInput, NotPermitted
from .base import login_required, open_variant, refuse


@login_required
@require_GET
def back_translate(request: HttpRequest, pk: int) -> HttpResponse:
    """The back-translation panel (htmx), or a page holding it (a browser without script).

    Answered while the reviewer waits: a statement's sentences go to an engine in one or
    two batched requests, and each engine's timeout bounds the wait.
    """
    variant = open_variant(request, pk)
    review_url = reverse("workspace:review", args=[variant.pk])
    language = request.GET.get("language", "")
    if not language:
        offered = back_translation.offer(variant, request.user, get_language())
        language = offered.default if offered else ""
    template = (
        "workflow/_back_translation.html" if request.htmx else "workflow/back_translation.html"
    )
    context = {"variant": variant, "review_url": review_url}
    try:
        result = back_translation.back_translate(
            variant=variant, actor=request.user, language=language
        )
    except NotPermitted as exc:
        return refuse(request, exc, to=review_url)
    except InvalidInput as exc:
        return render(request, template, {**context, "error": str(exc)}, status=400)
    return render(request, template, {**context, "result": result})
