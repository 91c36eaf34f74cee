"""Authoring: write a statement, edit its source text, send it for translation, revise it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from translations import languages

from .. import machine_status, permissions, selectors, services, states
from ..choices import State
from ..exceptions import NotPermitted, StaleEdit, WorkflowError
from ..forms import (
    RevisionForm,
    SourceTextForm,
    StatementDetailsForm,
    StatementForm,
    SubmitForm,
)
from ..models import TEXT_FIELDS, Statement, Variant
from .base import login_required, my_work_url, polled, refuse


@dataclass(frozen=True)
class Version:
    """A language version as the source page lists it, with a link if the user may open it."""

    language: languages.Language
    variant: Variant | None
    url: str = ""
    status: machine_status.LanguageStatus | None = None


def _source_url(statement: Statement) -> str:
    return reverse("workspace:statement_source", args=[statement.pk])


def _open_statement(request: HttpRequest, pk: int) -> Statement:
    """The statement for its author or an editor; 404 for anyone else (no hint it exists)."""
    statement = selectors.openable_statement(request.user, pk)
    if statement is None:
        raise Http404("No such statement.")
    return statement


def _version_url(request: HttpRequest, variant: Variant) -> str:
    if not permissions.may_open(request.user, variant):
        return ""
    view = "edit" if permissions.holds_claim(request.user, variant) else "review"
    return reverse(f"workspace:{view}", args=[variant.pk])


def _versions(request: HttpRequest, statement: Statement) -> list[Version]:
    by_language = {v.language: v for v in statement.variants.select_related("statement")}
    versions = []
    for lang in languages.LANGUAGES:
        variant = by_language.get(lang.code)
        url = _version_url(request, variant) if variant else ""
        versions.append(Version(lang, variant, url))
    return versions


def _versions_context(request: HttpRequest, statement: Statement, versions: list[Version]):
    """The language versions with what the machine is doing for each (the polled part)."""
    fresh = Statement.objects.prefetch_related("variants").get(pk=statement.pk)
    statuses = {s.language.code: s for s in machine_status.for_statement(fresh)}
    shown = [
        replace(v, status=statuses.get(v.language.code))
        for v in versions
        if v.language.code != statement.source_language
    ]
    waiting = any(v.variant is not None and v.variant.state == State.PENDING for v in shown)
    return {
        "versions": shown,
        "busy": machine_status.busy(statuses.values()),
        "send_now": waiting
        and bool(permissions.may_change_statement(request.user, statement, action="send")),
    }


def _untranslated(statement: Statement, versions: list[Version]) -> list[languages.Language]:
    return [
        v.language
        for v in versions
        if v.variant is None and v.language.code != statement.source_language
    ]


def _text_form(source: Variant) -> SourceTextForm:
    form = SourceTextForm(initial={**source.text(), "version": source.version})
    form.in_language(source.language_info)
    return form


def _source_page(
    request: HttpRequest,
    statement: Statement,
    *,
    text_form: SourceTextForm | None = None,
    details_form: StatementDetailsForm | None = None,
    newer: Variant | None = None,
    stale_error: str = "",
    status: int = 200,
) -> HttpResponse:
    versions = _versions(request, statement)
    source = next(v.variant for v in versions if v.language.code == statement.source_language)
    editable = services.is_editable_by(source, request.user)
    untranslated = _untranslated(statement, versions)
    return render(
        request,
        "workflow/statement_source.html",
        {
            "statement": statement,
            "source": source,
            "source_language": source.language_info,
            **_versions_context(request, statement, versions),
            "editable": editable,
            "live": statement.published_text(statement.source_language) is not None,
            "text_form": (text_form or _text_form(source)) if editable else None,
            "details_form": (details_form or StatementDetailsForm.of(statement))
            if editable
            else None,
            "newer": [(text_form.fields[f].label, getattr(newer, f)) for f in TEXT_FIELDS]
            if newer and text_form
            else [],
            "stale_error": stale_error,
            "submit_form": SubmitForm(choices=untranslated)
            if statement.withdrawn_at is None and (editable or untranslated)
            else None,
            "revision_form": RevisionForm()
            if states.offered(source, State.DRAFT, actor=request.user)
            else None,
            "transitions": source.transitions.select_related("actor").order_by("-at", "-pk")[:20],
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def statement_new(request: HttpRequest) -> HttpResponse:
    if not permissions.may_write_statements(request.user):
        refusal = NotPermitted(_("Only authors and editors write statements."))
        return refuse(request, refusal, to=my_work_url())
    form = StatementForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            statement = services.statement_create(author=request.user, **form.statement())
        except NotPermitted as exc:
            return refuse(request, exc, to=my_work_url())
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Saved as a draft. Send it for translation when it is ready.")
            )
            return HttpResponseRedirect(_source_url(statement))
    return render(
        request,
        "workflow/statement_new.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
def statement_source(request: HttpRequest, pk: int) -> HttpResponse:
    return _source_page(request, _open_statement(request, pk))


@polled
@require_GET
def statement_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The language versions part of the source page, asked for again while work runs."""
    statement = _open_statement(request, pk)
    context = _versions_context(request, statement, _versions(request, statement))
    return render(request, "workflow/_statement_versions.html", {"statement": statement, **context})


@login_required
@require_POST
def statement_send_now(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop waiting for machine translation: translators start with the memory's matches."""
    statement = _open_statement(request, pk)
    to = _source_url(statement)
    try:
        moved = services.statement_send_to_translators(statement=statement, actor=request.user)
    except WorkflowError as exc:
        return refuse(request, exc, to=to)
    names = ", ".join(v.language_info.native_name for v in moved)
    messages.success(request, _("Sent to translators: %(languages)s.") % {"languages": names})
    return HttpResponseRedirect(to)


@login_required
@require_POST
def statement_save(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _open_statement(request, pk)
    source = services.source_variant(statement)
    form = SourceTextForm(request.POST)
    form.in_language(source.language_info)
    if not form.is_valid():
        return _source_page(request, statement, text_form=form, status=400)
    try:
        services.variant_save_text(
            variant=source,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            **form.text(),
        )
    except StaleEdit as exc:
        # Keep what the author typed beside the newer text; saving again replaces it.
        data = request.POST.copy()
        data["version"] = str(exc.current.version)
        kept = SourceTextForm(data)
        kept.in_language(source.language_info)
        return _source_page(
            request,
            statement,
            text_form=kept,
            newer=exc.current,
            stale_error=str(exc),
            status=409,
        )
    except WorkflowError as exc:
        return refuse(request, exc, to=_source_url(statement))
    messages.success(request, _("Saved."))
    return HttpResponseRedirect(_source_url(statement))


@login_required
@require_POST
def statement_details(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _open_statement(request, pk)
    form = StatementDetailsForm(request.POST, statement=statement)
    if not form.is_valid():
        return _source_page(request, statement, details_form=form, status=400)
    try:
        services.statement_change_details(statement=statement, actor=request.user, **form.details())
    except WorkflowError as exc:
        return refuse(request, exc, to=_source_url(statement))
    messages.success(request, _("Details saved."))
    return HttpResponseRedirect(_source_url(statement))


@login_required
@require_POST
def statement_submit(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _open_statement(request, pk)
    versions = _versions(request, statement)
    untranslated = _untranslated(statement, versions)
    form = SubmitForm(request.POST, choices=untranslated)
    to = _source_url(statement)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return HttpResponseRedirect(to)
    source = next(v.variant for v in versions if v.language.code == statement.source_language)
    sent_for_review = services.is_editable_by(source, request.user)
    try:
        created = services.statement_submit_for_translation(
            statement=statement, actor=request.user, targets=form.cleaned_data["targets"] or None
        )
    except WorkflowError as exc:
        return refuse(request, exc, to=to)
    if created:
        names = ", ".join(v.language_info.native_name for v in created)
        messages.success(
            request,
            _("Sent for translation into %(languages)s. Machine translation has started.")
            % {"languages": names},
        )
    elif sent_for_review:
        messages.success(request, _("Sent for review; every language already has a version."))
    else:
        messages.info(request, _("Every language already has a version."))
    return HttpResponseRedirect(to)


@login_required
@require_POST
def statement_revise(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _open_statement(request, pk)
    form = RevisionForm(request.POST)
    to = _source_url(statement)
    if not form.is_valid():
        for error in form.errors.get("note", []):
            messages.error(request, error)
        return HttpResponseRedirect(to)
    try:
        services.statement_revise(
            statement=statement, actor=request.user, note=form.cleaned_data["note"]
        )
    except WorkflowError as exc:
        return refuse(request, exc, to=to)
    messages.success(
        request,
        _("The text is open for revision. Readers see the published text until it is published."),
    )
    return HttpResponseRedirect(to)
