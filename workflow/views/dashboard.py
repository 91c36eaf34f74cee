"""The editors' dashboard: every statement in flight, a card each with a row per language."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from translations import languages

from .. import machine_status, permissions, selectors, services
from .. import messages as words
from ..choices import Priority, State
from ..exceptions import WorkflowError
from ..models import Statement
from .base import back_to, login_required, open_variant, polled, refuse


def _editor_only(request: HttpRequest) -> None:
    if not permissions.may_see_dashboard(request.user):
        raise PermissionDenied(_("The dashboard is for editors."))


def _is_id(value: str) -> bool:
    """A row id as the form sends it: up to 18 ASCII digits, so it fits a 64-bit integer
    (and never reaches int()'s limit on very long numbers)."""
    return len(value) <= 18 and value.isascii() and value.isdigit()


def _dashboard_url() -> str:
    return reverse("workspace:dashboard")


# Publication asked for from this browser: its card is asked for again until the versions
# are live, for at most this long (seconds).
WATCH_PUBLICATION = 120
_WATCHED = "desk_publishing"


def _watch(request: HttpRequest, statement_pk: int) -> None:
    watched = _watched(request)
    watched[str(statement_pk)] = timezone.now().timestamp() + WATCH_PUBLICATION
    request.session[_WATCHED] = watched


def _watched(request: HttpRequest) -> dict[str, float]:
    now = timezone.now().timestamp()
    return {k: v for k, v in request.session.get(_WATCHED, {}).items() if v > now}


def _cards(request: HttpRequest, statements: list[Statement], *, back: str) -> list[dict]:
    """One card per statement: a row per language, with what the machine is doing. A row
    is asked for again while its machine work runs or its publication is awaited."""
    now = timezone.now()
    statuses = machine_status.for_statements(statements)
    reasons = selectors.change_reason_counts(s.pk for s in statements)
    watched = _watched(request)
    cards = []
    for statement in statements:
        by_language = {v.language: v for v in statement.variants.all()}
        machine = {s.language.code: s for s in statuses[statement.pk]}
        awaited = str(statement.pk) in watched
        cells = []
        for lang in languages.LANGUAGES:
            v, status = by_language.get(lang.code), machine.get(lang.code)
            busy = bool(status and status.busy) or (
                awaited and v is not None and v.state == State.APPROVED
            )
            cells.append({"lang": lang, "v": v, "status": status, "busy": busy})
        cards.append(
            {
                "statement": statement,
                "overdue": bool(statement.deadline and statement.deadline < now),
                "cells": cells,
                "approved": sum(1 for v in by_language.values() if v.state == State.APPROVED),
                "busy": any(c["busy"] for c in cells),
                "back": back,
                "reasons": reasons.get(statement.pk, {}),
            }
        )
    return cards


def _translators() -> dict[str, list]:
    return {code: permissions.translators_for(code) for code in languages.CODES}


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _editor_only(request)
    language = request.GET.get("language", "")
    state = request.GET.get("state", "")
    priority = request.GET.get("priority", "")
    language = language if language in languages.CODES else ""
    state = state if state in State.values else ""
    priority = priority if priority in Priority.values else ""
    found = selectors.statements_in_flight(language=language, state=state, priority=priority)
    page = Paginator(found, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "workflow/dashboard.html",
        {
            "cards": _cards(request, list(page), back=request.get_full_path()),
            "page": page,
            "languages": languages.LANGUAGES,
            "states": State.choices,
            "priorities": Priority.choices,
            "translators": _translators(),
            "filters": {"language": language, "state": state, "priority": priority},
        },
    )


@polled
@require_GET
def language_row(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """One language's row of a statement's card (and the card's publish-all footer, which
    its count may change), asked for again while that language's work runs."""
    _editor_only(request)
    statement = selectors.dashboard_statement(pk)
    if statement is None or code not in languages.CODES:
        raise Http404("No such statement.")
    back = request.GET.get("back", "")
    if not (back.startswith(_dashboard_url()) and url_has_allowed_host_and_scheme(back, None)):
        back = _dashboard_url()
    (card,) = _cards(request, [statement], back=back)
    cell = next(c for c in card["cells"] if c["lang"].code == code)
    return render(
        request,
        "workflow/_dashboard_row.html",
        {"card": card, "cell": cell, "translators": _translators(), "refresh": True},
    )


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    _editor_only(request)
    variant = open_variant(request, pk)
    to = back_to(request, _dashboard_url())
    chosen = request.POST.get("assignee", "").strip()
    if chosen and not _is_id(chosen):
        # Only a hand-made request sends this (the form offers ids): refuse, change nothing.
        return HttpResponse(
            _("Choose a translator."), status=400, content_type="text/plain; charset=utf-8"
        )
    assignee = get_user_model().objects.filter(pk=int(chosen or 0)).first()
    if assignee is None:
        messages.error(request, _("Choose a translator."))
        return HttpResponseRedirect(to)
    try:
        services.variant_assign(variant=variant, actor=request.user, assignee=assignee)
    except WorkflowError as exc:
        return refuse(request, exc, to=to)
    messages.success(
        request,
        _("Assigned the %(language)s version to %(name)s.")
        % {"language": variant.language_info.name, "name": assignee.get_username()},
    )
    return HttpResponseRedirect(to)


@login_required
@require_POST
def publish_variant(request: HttpRequest, pk: int) -> HttpResponse:
    _editor_only(request)
    variant = open_variant(request, pk)
    to = back_to(request, _dashboard_url())
    try:
        services.variant_request_publication(variant=variant, actor=request.user)
    except WorkflowError as exc:
        return refuse(request, exc, to=to)
    _watch(request, variant.statement_id)
    if selectors.publication_waiting(variant=variant):
        # The broker is away: say so, rather than "Publishing…" for a task not yet sent.
        language = words.language_name(variant.language)
        messages.warning(request, words.render(words.QUEUE_AWAY_VERSION, {"language": language}))
    else:
        messages.success(
            request,
            _("Publishing the %(language)s version.") % {"language": variant.language_info.name},
        )
    return HttpResponseRedirect(to)


@login_required
@require_POST
def publish_statement(request: HttpRequest, pk: int) -> HttpResponse:
    _editor_only(request)
    statement = get_object_or_404(Statement, pk=pk)
    to = back_to(request, _dashboard_url())
    try:
        count = services.statement_request_publication(statement=statement, actor=request.user)
    except WorkflowError as exc:
        return refuse(request, exc, to=to)
    if count:
        _watch(request, statement.pk)
    if count and selectors.publication_waiting(statement=statement):
        messages.warning(request, words.render(words.QUEUE_AWAY_STATEMENT, {"n": count}))
    elif count:
        messages.success(request, _("Publishing %(n)s approved version(s).") % {"n": count})
    else:
        messages.info(request, _("Nothing is approved yet."))
    return HttpResponseRedirect(to)
