"""A language version out to a PO file for Poedit, and the translated file back in.

Import is all or nothing: every entry is checked against the desk (known sentence, same
version, unchanged source, newer edits on the desk) before anything is written, and the
errors name the line of each entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from translations import glossary, po
from translations.sanitise import plain_text

from . import authorship
from .exceptions import NotPermitted, WorkflowError
from .messages import language_name, lazy_text
from .models import Segment, Variant
from .segments import (
    HUMAN_EDIT_FIELDS,
    flags_for,
    is_confirmed,
    refresh_working_copy,
    take_human_text,
)
from .services.editing import locked_for_editing


class POImportError(WorkflowError):
    """The file cannot be applied; ``errors`` lists every reason, each naming its entry."""

    def __init__(self, errors: list) -> None:
        super().__init__("%(errors)s", errors=lazy(lambda: "\n".join(map(str, errors)), str)())
        self.errors = errors


@dataclass
class POImportResult:
    variant: Variant
    applied: int = 0
    unchanged: int = 0
    still_fuzzy: int = 0
    applied_positions: list[int] = field(default_factory=list)


def origin_label(segment: Segment) -> str:
    """Where the current text came from, in words a translator understands."""
    origin = segment.origin
    if not segment.target:
        return "Not translated yet"
    if origin == Segment.Origin.MEMORY_EXACT:
        return "Translation memory, exact match"
    if origin == Segment.Origin.MEMORY_FUZZY:
        return f"Translation memory, {segment.score or 0:.0f}% match"
    if origin == Segment.Origin.ENGINE:
        return f"Machine translation ({segment.origin_detail or 'engine'})"
    if origin == Segment.Origin.PIVOT:
        return f"Machine translation through another language ({segment.origin_detail})"
    return "Translated on the desk"


def filename_for(variant: Variant) -> str:
    return f"{variant.statement.slug}.{variant.language}.po"


def variant_export_po(*, variant: Variant, actor: AbstractBaseUser | None = None) -> bytes:
    """The version's sentences as a PO file; pre-fills a person has not confirmed are fuzzy."""
    statement = variant.statement
    terms = glossary.terms_for(statement.source_language, variant.language)
    entries = []
    for segment in variant.segments.order_by("position"):
        hints = [
            f"Glossary: “{t.source}” → never “{t.expected}”"
            if t.forbidden
            else f"Glossary: “{t.source}” → “{t.expected}”"
            for t in terms
            if glossary.occurrences(segment.source, t.source, case_sensitive=t.case_sensitive)
        ]
        entries.append(
            po.ExportEntry(
                key=str(segment.pk),
                source=segment.source,
                target=segment.target,
                reference=f"{segment.field}:{segment.block + 1}",
                origin=origin_label(segment),
                fuzzy=bool(segment.target) and not is_confirmed(segment),
                version=segment.version,
                note="; ".join(hints),
            )
        )
    return po.export(
        entries,
        language=variant.language,
        source_language=statement.source_language,
        project=f"Anuvad {statement.slug}",
        translator=actor.get_username() if actor else "",
        revision_date=timezone.now(),
    )


def _error(entry: po.ImportedEntry | None, template, **params):
    """One reason a file is refused, rendered when shown (naming the entry's line)."""
    problem = lazy_text(template, **params)
    if entry is None:
        return problem
    where = _("Line %(line)s (entry “%(key)s”): %(problem)s")
    return lazy_text(where, line=entry.line, key=entry.key, problem=problem)


def _check(catalogue: po.Catalogue, rows: dict[int, Segment], variant: Variant) -> list[str]:
    errors = []
    if catalogue.language != variant.language:
        errors.append(
            _error(
                None,
                _("The file is in %(file_language)s; this version is %(language)s."),
                file_language=language_name(catalogue.language),
                language=language_name(variant.language),
            )
        )
    source_language = variant.statement.source_language
    if catalogue.source_language and catalogue.source_language != source_language:
        errors.append(
            _error(
                None,
                _(
                    "The file translates from %(file_source)s; this statement's source "
                    "is %(source)s."
                ),
                file_source=catalogue.source_language,
                source=source_language,
            )
        )
    for entry in catalogue.entries:
        segment = rows.get(int(entry.key))
        if segment is None or segment.variant_id != variant.pk:
            errors.append(_error(entry, _("no such sentence in this version.")))
            continue
        if entry.source != segment.source:
            errors.append(
                _error(
                    entry,
                    _(
                        "the source sentence (msgid) was changed; only translations (msgstr) "
                        "may be edited."
                    ),
                )
            )
        if entry.target and plain_text(entry.target) != entry.target:
            errors.append(
                _error(
                    entry,
                    _("contains HTML; write plain text and keep {1}, {2} for links and markup."),
                )
            )
        if entry.version is None:
            errors.append(_error(entry, _("the “#. version” comment is missing; export again.")))
        elif (
            entry.version != segment.version
            and not entry.fuzzy
            and entry.target
            and entry.target != segment.target
        ):
            errors.append(
                _error(
                    entry,
                    _(
                        "sentence %(number)s was saved on the desk after this file was made "
                        "(now “%(text)s”); export again."
                    ),
                    number=segment.position + 1,
                    text=segment.target,
                )
            )
    return errors


def _claimant(variant: Variant) -> AbstractBaseUser:
    holder = Variant.objects.select_related("assignee").get(pk=variant.pk).assignee
    if holder is None:
        raise NotPermitted(
            _(
                "Nobody holds a claim on this version: claim it on the desk or name the "
                "translator with --as."
            )
        )
    return holder


def variant_import_po(
    *, data: bytes, actor: AbstractBaseUser | None, variant: Variant | None = None
) -> POImportResult:
    """Apply a translated PO file to its version (found from the file when not given).

    ``actor`` None means the translator holding the version's claim (for batch imports).

    Entries still marked fuzzy and empty translations leave the desk's text as it is.
    Raises POImportError (nothing applied) or a WorkflowError for claim and state.
    """
    try:
        catalogue = po.parse(data)
    except po.POFileError as exc:
        raise POImportError(exc.errors) from None
    keys = {int(e.key) for e in catalogue.entries}
    if variant is None:
        owners = set(Segment.objects.filter(pk__in=keys).values_list("variant_id", flat=True))
        if len(owners) != 1:
            raise POImportError(
                [_("The file's entries do not belong to one version on the desk; export again.")]
            )
        variant = Variant.objects.get(pk=owners.pop())
    with transaction.atomic():
        if actor is None:
            actor = _claimant(variant)
        locked = locked_for_editing(variant.pk, actor, from_file=True)
        rows = {s.pk: s for s in Segment.objects.select_for_update().filter(pk__in=keys)}
        errors = _check(catalogue, rows, locked)
        if errors:
            raise POImportError(errors)
        result = POImportResult(variant=locked)
        terms = glossary.terms_for(locked.statement.source_language, locked.language)
        changed = []
        for entry in catalogue.entries:
            segment = rows[int(entry.key)]
            segment.variant = locked
            if entry.fuzzy:
                result.still_fuzzy += 1
                continue
            target = entry.target.strip()
            if not target or (target == segment.target and segment.is_human):
                result.unchanged += 1
                continue
            take_human_text(segment, target, actor=actor)
            segment.qa_flags = flags_for(segment, terms=terms)
            changed.append(segment)
            result.applied_positions.append(segment.position)
        Segment.objects.bulk_update(changed, [*HUMAN_EDIT_FIELDS, "qa_flags"])
        result.applied = len(changed)
        if changed:
            refresh_working_copy(locked)
            authorship.record_edit(
                variant=locked,
                actor=actor,
                fields={s.field for s in changed},
                sentences=len(changed),
            )
    return result
