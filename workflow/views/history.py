"""Version history of a statement: source revisions, each language's published versions, a
word diff between any two, rollback of a translation and the readers' change notes."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from translations import languages

from .. import permissions, reviews, services
from ..exceptions import InvalidInput, WorkflowError
from ..models import TEXT_FIELDS, PublishedVersion, SourceRevision, Statement, Variant
from .base import login_required, refuse


@dataclass(frozen=True)
class Language:
    info: languages.Language
    variant: Variant
    versions: list[PublishedVersion]

    @property
    def live(self) -> PublishedVersion | None:
        return self.versions[-1] if self.versions else None


def _visible(request: HttpRequest, statement: Statement) -> list[Variant]:
    """The statement's versions whose history the user may read (404 when none)."""
    own = permissions.may_open_statement(request.user, statement)
    found = [
        v
        for v in statement.variants.select_related("statement").order_by("language")
        if permissions.may_open(request.user, v) or (own and v.is_source)
    ]
    if not found:
        raise Http404("No such statement.")
    return sorted(found, key=lambda v: (not v.is_source, languages.CODES.index(v.language)))


def _history_url(statement: Statement, lang: str = "") -> str:
    url = reverse("workspace:history", args=[statement.pk])
    return f"{url}?lang={lang}#lang-{lang}" if lang else url


def _number(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 6 else None


@login_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    statement = get_object_or_404(Statement, pk=pk)
    variants = _visible(request, statement)
    versions: dict[int, list[PublishedVersion]] = {v.pk: [] for v in variants}
    rows = PublishedVersion.objects.filter(variant__in=variants).select_related(
        "published_by", "approved_by", "source_revision", "restores"
    )
    for row in rows.order_by("number"):
        versions[row.variant_id].append(row)
    langs = [Language(v.language_info, v, versions[v.pk]) for v in variants]
    chosen = next((lang for lang in langs if lang.info.code == request.GET.get("lang")), None)
    diff = _diff(request, chosen) if chosen else None
    source_revisions = list(statement.revisions.select_related("created_by", "change_note_by"))
    revision_diff = _revision_diff(request, source_revisions)
    return render(
        request,
        "workflow/history.html",
        {
            "statement": statement,
            "source_language": languages.get(statement.source_language),
            "revisions": source_revisions,
            "revision_diff": revision_diff,
            "languages": langs,
            "chosen": chosen,
            "diff": diff,
            "is_editor": permissions.is_editor(request.user),
        },
    )


def _diff(request: HttpRequest, chosen: Language) -> dict | None:
    numbers = {v.number: v for v in chosen.versions}
    a, b = numbers.get(_number(request, "a") or 0), numbers.get(_number(request, "b") or 0)
    if a is None or b is None:
        return None
    fields = [
        (name, reviews.word_diff(getattr(a, name), getattr(b, name)))
        for name in TEXT_FIELDS
        if getattr(a, name) or getattr(b, name)
    ]
    return {"a": a, "b": b, "fields": fields, "same": a.text() == b.text()}


def _revision_diff(request: HttpRequest, found: list[SourceRevision]) -> dict | None:
    """What a source revision changed against the one before it (``?revision=N``)."""
    numbers = {r.number: r for r in found}
    after = numbers.get(_number(request, "revision") or 0)
    before = numbers.get(after.number - 1) if after else None
    if after is None or before is None:
        return None
    fields = [
        (name, reviews.word_diff(getattr(before, name), getattr(after, name)))
        for name in TEXT_FIELDS
        if getattr(before, name) != getattr(after, name)
    ]
    return {"a": before, "b": after, "fields": fields}


@login_required
@require_POST
def rollback(request: HttpRequest, pk: int, lang: str) -> HttpResponse:
    statement = get_object_or_404(Statement, pk=pk)
    variant = next((v for v in _visible(request, statement) if v.language == lang), None)
    if variant is None:
        raise Http404("No such version.")
    back = _history_url(statement, lang)
    number = request.POST.get("number", "")
    try:
        if not number.isdigit():
            raise InvalidInput(_("Choose the version to go back to."))
        done = services.rollback(
            variant=variant,
            number=int(number),
            actor=request.user,
            note=request.POST.get("note", ""),
        )
    except WorkflowError as exc:
        return refuse(request, exc, to=back)
    messages.success(
        request,
        _("Readers of %(language)s now see version %(number)s again (recorded as version %(new)s).")
        % {"language": variant.language_info.name, "number": number, "new": done.number},
    )
    return HttpResponseRedirect(back)


@login_required
@require_POST
def change_note(request: HttpRequest, pk: int) -> HttpResponse:
    revision = get_object_or_404(SourceRevision.objects.select_related("statement"), pk=pk)
    _visible(request, revision.statement)
    back = _history_url(revision.statement)
    try:
        services.set_change_note(
            revision=revision, actor=request.user, note=request.POST.get("change_note", "")
        )
    except WorkflowError as exc:
        return refuse(request, exc, to=back)
    messages.success(request, _("Change note saved; readers see it with the update."))
    return HttpResponseRedirect(back)
