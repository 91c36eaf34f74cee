"""Editing a version's words: a whole field, one sentence, or (through po_exchange) a file.

Every edit starts from ``locked_for_editing``: the version's row locked, its state one
that allows edits, and the actor one who may make them.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from translations import glossary, sanitise, segmentation

from .. import authorship, permissions, segments
from ..choices import SOURCE_EDITABLE, TARGET_EDITABLE
from ..exceptions import IllegalTransition, InvalidInput, StaleEdit
from ..limits import MAX_SENTENCES
from ..messages import language_name, state_name
from ..models import TEXT_FIELDS, Segment, Statement, Variant

User = AbstractBaseUser


# Fields that are one line: a line break or tab there is refused like any control.
SINGLE_LINE_FIELDS = frozenset({"title", "byline", "dateline"})


def cleaned_text(name: str, value: str, *, source: bool = False) -> str:
    """A person's text for field ``name`` (or "sentence") as it may be stored: refused with
    the characters named when it holds invisible controls, line breaks as LF.

    A translation is reduced to plain text (HTML never survives, as in sentence saves). The
    source is kept as its author typed it: its Markdown may hold autolinks (``<https://…>``)
    and words in angle brackets, and every page escapes or sanitises it on the way out.
    Every way people's words come in (desk, API, archive) passes here, so reviewers see
    the characters readers will get.
    """
    value = value.replace("\r\n", "\n")
    found = sanitise.forbidden_characters(value, single_line=name in SINGLE_LINE_FIELDS)
    if found:
        if name == "sentence":
            raise InvalidInput(
                _(
                    "This sentence contains invisible characters that change how it reads: "
                    "%(found)s. Remove them and save again."
                ),
                found=", ".join(found),
            )
        raise InvalidInput(
            _(
                "The %(field)s contains invisible characters that change how it reads: "
                "%(found)s. Remove them and save again."
            ),
            field=Statement._meta.get_field(name).verbose_name,
            found=", ".join(found),
        )
    return (value if source else sanitise.plain_text(value)).strip()


def check_sentences(text: dict[str, str], *, language: str) -> None:
    """Refuse a source whose fields hold more than MAX_SENTENCES sentences in all."""
    count = sum(
        len(segmentation.split(value, language=language, field=name))
        for name, value in text.items()
    )
    if count > MAX_SENTENCES:
        raise InvalidInput(
            _(
                "The text has %(count)s sentences; a statement may have at most %(limit)s. "
                "Split it into several statements."
            ),
            count=count,
            limit=MAX_SENTENCES,
        )


def editable_states(variant: Variant) -> frozenset:
    return SOURCE_EDITABLE if variant.is_source else TARGET_EDITABLE


def is_editable_by(variant: Variant, user: User) -> bool:
    """Whether ``user`` may change the version's words now (the editor's question)."""
    return variant.state in editable_states(variant) and bool(
        permissions.may_edit_text(user, variant)
    )


def locked_for_editing(variant_id: int, actor: User, *, from_file: bool = False) -> Variant:
    """The version, locked, once ``actor`` may edit it and its state allows edits."""
    variant = Variant.objects.locked().get(pk=variant_id)
    permissions.may_edit_text(actor, variant, from_file=from_file).require()
    if variant.state not in editable_states(variant):
        raise IllegalTransition(
            _("The %(language)s version is %(state)s and cannot be edited now."),
            language=language_name(variant.language),
            state=state_name(variant.state),
        )
    return variant


@transaction.atomic
def variant_save_text(
    *, variant: Variant, actor: User, expected_version: int, **text: str
) -> Variant:
    """Save the working copy of a variant; refused if someone saved since ``expected_version``."""
    unknown = set(text) - set(TEXT_FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown fields: %(fields)s."), fields=", ".join(sorted(unknown)))
    current = locked_for_editing(variant.pk, actor)
    if current.version != expected_version:
        raise StaleEdit(
            _(
                "Someone saved this version after you opened it; your change was not saved. "
                "The newer text is shown."
            ),
            current=current,
        )
    text = {
        name: cleaned_text(name, value, source=current.is_source) for name, value in text.items()
    }
    if current.is_source:
        check_sentences({**current.text(), **text}, language=current.language)
    typed = {name for name, value in text.items() if getattr(current, name) != value}
    counted: tuple[str, ...] = ()
    if not current.is_source and current.segments.exists():
        text = segments.apply_text(current, text, actor=actor)
        counted = segments.tally(current, current.segments.all())
    if typed:
        authorship.record_edit(variant=current, actor=actor, fields=typed)
    for name, value in text.items():
        setattr(current, name, value)
    current.version += 1
    current.save(update_fields=[*text, "version", *counted, "updated_at"])
    if current.is_source:
        Statement.objects.filter(pk=current.statement_id).update(
            updated_by=actor, updated_at=timezone.now()
        )
    return current


def segment_save(*, segment: Segment, actor: User, text: str, expected_version: int) -> Segment:
    """A translator's edit of one segment; refused if someone saved it since they loaded it."""
    with transaction.atomic():
        variant = locked_for_editing(segment.variant_id, actor)
        current = Segment.objects.select_for_update().get(pk=segment.pk)
        if current.version != expected_version:
            raise StaleEdit(
                _(
                    "Someone saved this sentence after you opened it; your change was not "
                    "saved. The newer text is shown."
                ),
                current=current,
            )
        cleaned = cleaned_text("sentence", text)
        if cleaned == current.target and current.is_human:
            return current  # nothing changed (an autosave after a manual save)
        current.variant = variant
        segments.take_human_text(current, cleaned, actor=actor)
        authorship.record_edit(variant=variant, actor=actor, fields=[current.field], sentences=1)
        terms = glossary.terms_for(variant.statement.source_language, variant.language)
        current.qa_flags = segments.flags_for(current, terms=terms)
        current.save()
        segments.refresh_working_copy(variant)
        return current
