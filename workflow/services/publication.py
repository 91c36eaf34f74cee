"""Publication: approved versions go live, languages are rolled back, statements withdrawn.

Each service makes its move with ``states.transition()`` and then, in the same atomic
block, writes what the move means: the history row, the source revision, the statement's
live text in that language, and (for a revised source) the translations sent back.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from translations import languages

from .. import dispatch, permissions, revisions, search, signals, states
from ..choices import SENT_BACK, State
from ..exceptions import IllegalTransition, InvalidInput, NoteRequired
from ..messages import language_name, state_name
from ..models import (
    TEXT_FIELDS,
    PublishedVersion,
    Segment,
    SourceRevision,
    Statement,
    Variant,
)

User = AbstractBaseUser


def variant_request_publication(*, variant: Variant, actor: User) -> None:
    """Check that ``actor`` may publish now, then queue the publication task.

    Who may publish is asked first, so someone who may not hears that (403) whatever state
    the version is in, rather than a conflict or, for a live version, an accepted no-op.
    """
    permissions.may_publish(actor).require()
    if variant.state == State.PUBLISHED:
        return
    if variant.state != State.APPROVED:
        raise IllegalTransition(
            _("The %(language)s version is %(state)s, not approved."),
            language=language_name(variant.language),
            state=state_name(variant.state),
        )
    states.check(variant, State.PUBLISHED, actor=actor)
    dispatch.after_commit("publish_variant_task", (variant.pk, actor.pk))


def variant_publish(*, variant_id: int, actor: User) -> Variant | None:
    """Publish an approved variant: its text becomes the statement's live text.

    Idempotent: a variant that is already published is left alone (returns None).
    """
    with transaction.atomic():
        if Variant.objects.locked().get(pk=variant_id).state == State.PUBLISHED:
            return None
        return publish(variant_id, actor=actor)


def publish(variant: Variant | int, *, actor: User | None, note: str = "Published.") -> Variant:
    """Move a version to published and write what that means, together: its history row,
    its live revision, and the statement's live text in its language."""
    pk = variant.pk if isinstance(variant, Variant) else variant
    with transaction.atomic():
        earlier_live = Variant.objects.locked().values_list("live_revision_id", flat=True)
        earlier_live = earlier_live.get(pk=pk)
        published = states.transition(pk, State.PUBLISHED, actor=actor, note=note)
        record_publication(published, actor=actor, earlier_live=earlier_live)
        copy_to_published_fields(published)
        return published


def statement_request_publication(*, statement: Statement, actor: User) -> int:
    """Queue publication of every approved language (the source first); returns how many."""
    permissions.may_publish(actor).require()
    approved = statement.variants.filter(state=State.APPROVED).count()
    if approved:
        dispatch.after_commit("publish_statement_task", (statement.pk, actor.pk))
    return approved


def statement_publish_approved(*, statement: Statement, actor: User) -> list[Variant]:
    """Publish the source (if approved) and then every approved translation, together."""
    published = []
    variants = sorted(statement.variants.all(), key=lambda v: not v.is_source)
    for variant in variants:
        # Publishing a revised source sends approved translations of the old one back.
        variant.refresh_from_db(fields=["state"])
        if variant.state == State.APPROVED:
            result = variant_publish(variant_id=variant.pk, actor=actor)
            if result is not None:
                published.append(result)
    return published


def variant_withdraw(*, variant: Variant, actor: User, note: str) -> Variant:
    return states.transition(variant, State.WITHDRAWN, actor=actor, note=note)


@transaction.atomic
def statement_withdraw(*, statement: Statement, actor: User, note: str) -> Statement:
    """Retract a statement: every language comes down and the published text is cleared."""
    permissions.may_withdraw(actor).require()
    if not note.strip():
        raise NoteRequired(_("Add a note saying why the statement is withdrawn."))
    locked = Statement.objects.select_for_update().get(pk=statement.pk)
    if locked.withdrawn_at is not None:
        return locked
    locked.withdrawn_at = timezone.now()
    locked.updated_by = actor
    locked.save(update_fields=["withdrawn_at", "updated_by", "updated_at"])
    for variant in locked.variants.exclude(state=State.WITHDRAWN):
        states.transition(variant, State.WITHDRAWN, actor=actor, note=note)
    cleared = {
        build_localized_fieldname(f, code): "" for f in TEXT_FIELDS for code in languages.CODES
    }
    Statement.objects.filter(pk=locked.pk).update(**cleared)
    search.reindex(locked.pk)
    transaction.on_commit(
        lambda: signals.statement_withdrawn.send(sender=Statement, statement_id=locked.pk)
    )
    locked.refresh_from_db()
    return locked


# ---- what publishing writes --------------------------------------------------------------


def copy_to_published_fields(variant: Variant, *, text: dict[str, str] | None = None) -> None:
    """Make a variant's working copy (or ``text``) the statement's live text in its language,
    and what reader search finds it by there.

    Readers' caches hear of it (``signals.variant_published``) once the change commits.
    """
    statement = variant.statement
    now = timezone.now()
    text = text if text is not None else variant.text()
    values = {build_localized_fieldname(f, variant.language): text[f] for f in TEXT_FIELDS}
    if statement.first_published_at is None:
        values["first_published_at"] = now
    Statement.objects.filter(pk=statement.pk).update(**values, updated_at=now)
    search.reindex(statement.pk)
    transaction.on_commit(
        lambda: signals.variant_published.send(
            sender=Variant, variant=variant, statement_id=variant.statement_id
        )
    )


def record_publication(
    variant: Variant, *, actor: User | None, earlier_live: int | None
) -> PublishedVersion:
    """After a publishing move: the version's live revision and its history row.

    ``earlier_live`` is the source revision the language was live at before the move.

    For the source, a revision that replaces an earlier published one marks the
    statement revised and sends the translations back (see ``follow_source``).
    """
    now = timezone.now()
    statement = variant.statement
    if variant.is_source:
        revision = revisions.snapshot(statement, variant, actor)
        if revision.published_at is None:
            SourceRevision.objects.filter(pk=revision.pk).update(published_at=now)
        variant.live_revision = revision
        if earlier_live is not None and earlier_live != revision.pk:
            Statement.objects.filter(pk=statement.pk).update(last_revised_at=now)
            follow_source(statement, revision, published_by=actor)
    else:
        variant.live_revision_id = variant.source_revision_id
    variant.save(update_fields=["live_revision"])
    return _add_version(
        variant,
        text=variant.text(),
        actor=actor,
        at=now,
        approved_by_id=variant.reviewer_id,
        approved_at=variant.approved_at,
    )


def _add_version(variant: Variant, *, text: dict[str, str], actor, at, **extra) -> PublishedVersion:
    last = variant.published.order_by("-number").values_list("number", flat=True).first()
    return PublishedVersion.objects.create(
        variant=variant,
        number=(last or 0) + 1,
        source_revision_id=variant.live_revision_id,
        published_at=at,
        published_by=actor,
        **text,
        **extra,
    )


def follow_source(statement: Statement, revision: SourceRevision, *, published_by) -> list[int]:
    """Send every translation towards a newly published source revision.

    Published, in-review and approved versions become outdated (recorded, with why);
    pending ones simply start from the new revision; the rest keep their state. A task
    per version, queued after commit, then re-translates the changed sentences.
    """
    who = published_by.get_username() if published_by is not None else "the system"
    note = (
        f"The source was revised (revision {revision.number}, published by {who}): "
        "the changed sentences go back through translation."
    )
    queued = []
    targets = statement.variants.exclude(language=statement.source_language)
    for variant in targets.exclude(state=State.WITHDRAWN).order_by("language"):
        if variant.source_revision_id == revision.pk:
            continue
        if variant.state == State.PENDING:
            # Nothing translated yet: pre-translation starts from the new revision.
            Segment.objects.filter(variant=variant).delete()
            Variant.objects.filter(pk=variant.pk).update(source_revision=revision)
            continue
        if variant.state in SENT_BACK:
            states.transition(variant, State.OUTDATED, actor=None, note=note)
        queued.append(variant.pk)
    if queued:
        dispatch.after_commit("retranslate_task", *((pk,) for pk in queued))
    return queued


# ---- change notes and rollback ---------------------------------------------------------


def set_change_note(*, revision: SourceRevision, actor: User, note: str) -> SourceRevision:
    """An editor's public note on what a revision changed (shown to readers)."""
    permissions.may_write_change_note(actor).require()
    note = " ".join(note.split())
    if len(note) > 1000:
        raise InvalidInput(_("Keep the change note under 1,000 characters."))
    revision.change_note, revision.change_note_by = note, actor
    revision.save(update_fields=["change_note", "change_note_by"])
    return revision


@transaction.atomic
def rollback(*, variant: Variant, number: int, actor: User, note: str) -> PublishedVersion:
    """Make an earlier published version of a translation live again; recorded as a new
    version that names the one it restores. The memory is left as it is."""
    permissions.may_roll_back(actor).require()
    if not note.strip():
        raise NoteRequired(_("Add a note saying why the language is rolled back."))
    locked = Variant.objects.locked().get(pk=variant.pk)
    if locked.is_source:
        raise InvalidInput(
            _(
                "The source is changed by revising it, so that every translation follows; "
                "roll back a translation instead."
            )
        )
    if locked.state == State.WITHDRAWN or locked.published_at is None:
        raise InvalidInput(
            _("The %(language)s version has no live text."),
            language=language_name(locked.language),
        )
    versions = {v.number: v for v in locked.published.all()}
    target = versions.get(number)
    if target is None:
        raise InvalidInput(
            _("There is no published version %(number)s of this language."), number=number
        )
    live = versions[max(versions)]
    if target.text() == live.text():
        raise InvalidInput(_("Version %(number)s is what readers see now."), number=number)
    locked.live_revision_id = target.source_revision_id
    locked.save(update_fields=["live_revision", "updated_at"])
    copy_to_published_fields(locked, text=target.text())
    return _add_version(
        locked,
        text=target.text(),
        actor=actor,
        at=timezone.now(),
        kind=PublishedVersion.Kind.ROLLBACK,
        restores=target,
        approved_by_id=target.approved_by_id,
        approved_at=target.approved_at,
        note=f"Rolled back from version {live.number} to version {number}: {note.strip()}",
    )
