"""Workflow actions: every write the desk makes goes through one of these functions."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from modeltranslation.utils import build_localized_fieldname

from translations import languages

from . import dispatch, notices, reviews, revisions, roles, segments, selectors, signals, states
from .choices import Kind, Priority, Role, State, state_name
from .exceptions import IllegalTransition, InvalidInput, NoteRequired, NotPermitted, StaleEdit
from .models import (
    TEXT_FIELDS,
    Organisation,
    Signatory,
    Statement,
    Topic,
    Variant,
)

User = AbstractBaseUser
log = logging.getLogger(__name__)

SOURCE_EDITABLE = (State.DRAFT, State.CHANGES_REQUESTED)
TARGET_EDITABLE = (State.IN_TRANSLATION, State.CHANGES_REQUESTED)


# ---- statements ---------------------------------------------------------------------------


def _require_role(actor: User, *wanted: str, action: str) -> None:
    if not roles.has_role(actor, *wanted):
        raise NotPermitted(f"You need the {' or '.join(wanted)} role to {action}.")


def _require_own_statement(actor: User, statement: Statement, *, action: str) -> None:
    if not selectors.may_open_statement(actor, statement):
        raise NotPermitted(f"Only its author or an editor may {action}.")


def _unique_slug(title: str, issued_on: date | None) -> str:
    base = slugify(title)[:80].strip("-")
    if len(base) < 3:  # titles in Devanagari, Bengali or Urdu script slugify to nothing
        base = f"statement-{(issued_on or timezone.localdate()).isoformat()}"
    slug, n = base, 1
    while Statement.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}" if n < 50 else f"{base}-{secrets.token_hex(3)}"
    return slug


@transaction.atomic
def statement_create(
    *,
    author: User,
    source_language: str,
    title: str,
    body: str,
    summary: str = "",
    byline: str = "",
    dateline: str = "",
    slug: str | None = None,
    kind: str = Kind.PRESS,
    priority: str = Priority.NORMAL,
    issued_on: date | None = None,
    deadline: datetime | None = None,
    topics: Iterable[Topic] = (),
    signatories: Sequence[Organisation] = (),
) -> Statement:
    """Create a statement and its source-language variant (draft) holding the text."""
    _require_role(author, Role.AUTHOR, Role.EDITOR, action="write statements")
    try:
        languages.get(source_language)
    except languages.UnknownLanguage as exc:
        raise InvalidInput(str(exc)) from None
    if not title.strip():
        raise InvalidInput("A statement needs a title.")
    if slug is not None:
        try:
            validate_slug(slug)
        except ValidationError:
            raise InvalidInput(
                f"“{slug}” cannot be an address: use letters, digits, hyphens and underscores."
            ) from None
        if Statement.objects.filter(slug=slug).exists():
            raise InvalidInput(f"The address “{slug}” is taken by another statement.")
    statement = Statement.objects.create(
        slug=slug or _unique_slug(title, issued_on),
        source_language=source_language,
        kind=kind,
        priority=priority,
        issued_on=issued_on or timezone.localdate(),
        deadline=deadline,
        created_by=author,
        updated_by=author,
    )
    statement.topics.set(topics)
    Signatory.objects.bulk_create(
        Signatory(statement=statement, organisation=org, position=i)
        for i, org in enumerate(signatories)
    )
    states.create_variant(
        statement=statement,
        language=source_language,
        actor=author,
        note="Statement created.",
        title=title.strip(),
        summary=summary.strip(),
        body=body.strip(),
        byline=byline.strip(),
        dateline=dateline.strip(),
    )
    return statement


def statement_revise(*, statement: Statement, actor: User, note: str = "") -> Variant:
    """Open a published statement's source for a revision; readers keep the live text.

    The source goes back to draft; submitting it again snapshots a new revision, and
    publishing that revision marks the published translations as outdated.
    """
    _require_own_statement(actor, statement, action="revise it")
    return states.transition(
        source_variant(statement),
        State.DRAFT,
        actor=actor,
        note=note.strip() or "Revision started.",
    )


def source_variant(statement: Statement) -> Variant:
    return statement.variants.get(language=statement.source_language)


@transaction.atomic
def variant_save_text(
    *, variant: Variant, actor: User, expected_version: int, **text: str
) -> Variant:
    """Save the working copy of a variant; refused if someone saved since ``expected_version``."""
    unknown = set(text) - set(TEXT_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown fields: {', '.join(sorted(unknown))}.")
    current = Variant.objects.select_for_update(of=("self",)).select_related("statement")
    current = current.get(pk=variant.pk)
    if current.is_source:
        if not roles.has_role(actor, Role.AUTHOR, Role.EDITOR):
            raise NotPermitted("Only an author or editor may edit the source text.")
        editable = SOURCE_EDITABLE
    else:
        if current.assignee_id != actor.pk:
            raise NotPermitted("Claim this version before editing it.")
        editable = TARGET_EDITABLE
    if current.state not in editable:
        raise IllegalTransition(
            f"The {current.language_info.name} version is {state_name(current.state)} "
            "and cannot be edited now."
        )
    if current.version != expected_version:
        raise StaleEdit(
            "Someone saved this version after you opened it; your change was not saved. "
            "The newer text is shown.",
            current=current,
        )
    text = {name: value.strip() for name, value in text.items()}
    if not current.is_source and current.segments.exists():
        text = segments.apply_text(current, text, actor=actor)
    for name, value in text.items():
        setattr(current, name, value)
    current.version += 1
    current.save(update_fields=[*text, "version", "updated_at"])
    if current.is_source:
        Statement.objects.filter(pk=current.statement_id).update(
            updated_by=actor, updated_at=timezone.now()
        )
    return current


@transaction.atomic
def statement_submit_for_translation(
    *, statement: Statement, actor: User, targets: Iterable[str] | None = None
) -> list[Variant]:
    """Send the source for review and create a pending variant for each target language.

    Machine translation of each new variant is queued once the transaction commits.
    Returns the variants created (languages that already had one are left as they are).
    """
    _require_own_statement(actor, statement, action="submit it for translation")
    source = Variant.objects.select_for_update(of=("self",)).get(
        statement=statement, language=statement.source_language
    )
    if source.state in SOURCE_EDITABLE:
        source = states.transition(
            source, State.IN_REVIEW, actor=actor, note="Submitted for translation."
        )
    elif source.state == State.WITHDRAWN:
        raise IllegalTransition("This statement was withdrawn.")
    revision = revisions.snapshot(statement, source, actor)
    # A language named twice gets one version.
    wanted = [
        c for c in dict.fromkeys(targets or languages.CODES) if c != statement.source_language
    ]
    for code in wanted:
        languages.get(code)
    existing = set(statement.variants.values_list("language", flat=True))
    created = [
        states.create_variant(
            statement=statement,
            language=code,
            actor=actor,
            note=f"Submitted for translation from revision {revision.number}.",
            source_revision=revision,
        )
        for code in wanted
        if code not in existing
    ]
    if created:
        dispatch.after_commit("machine_translate_task", *((v.pk,) for v in created))
    return created


# ---- claims -------------------------------------------------------------------------------


def variant_claim(*, variant: Variant, actor: User) -> Variant:
    return states.transition(variant, State.IN_TRANSLATION, actor=actor, note="Claimed.")


def variant_assign(*, variant: Variant, actor: User, assignee: User) -> Variant:
    return states.transition(
        variant,
        State.IN_TRANSLATION,
        actor=actor,
        assignee=assignee,
        note=f"Assigned to {assignee.get_username()}.",
    )


def variant_release(*, variant: Variant, actor: User | None, note: str = "") -> Variant:
    return states.transition(variant, State.READY, actor=actor, note=note or "Released.")


@transaction.atomic
def variant_renew_claim(*, variant: Variant, actor: User) -> Variant:
    """Give the claimant a fresh claim period (the state does not change)."""
    locked = Variant.objects.select_for_update(of=("self",)).get(pk=variant.pk)
    if locked.state != State.IN_TRANSLATION or locked.assignee_id != actor.pk:
        raise NotPermitted("Only the translator holding the claim can renew it.")
    locked.claim_expires_at = timezone.now() + timedelta(hours=settings.ANUVAD_CLAIM_HOURS)
    locked.save(update_fields=["claim_expires_at", "updated_at"])
    return locked


def _still_expired(variant: Variant, *, now: datetime) -> None:
    # Checked on the locked row: a claim renewed since the query is kept.
    if variant.claim_expires_at is None or variant.claim_expires_at >= now:
        raise IllegalTransition("The claim was renewed.")


def release_expired_claims(*, now: datetime | None = None) -> int:
    """Return every expired claim to the pool; returns how many were released."""
    now = now or timezone.now()
    expired = Variant.objects.filter(state=State.IN_TRANSLATION, claim_expires_at__lt=now)
    released = 0
    for variant in expired.select_related("assignee"):
        holder = variant.assignee.get_username() if variant.assignee else "nobody"
        try:
            with transaction.atomic():
                states.transition(
                    variant,
                    State.READY,
                    actor=None,
                    note=f"Claim by {holder} expired at "
                    f"{variant.claim_expires_at:%Y-%m-%d %H:%M %Z}.",
                    effect=partial(_still_expired, now=now),
                )
        except IllegalTransition:
            continue  # released, renewed or submitted meanwhile
        if variant.assignee is not None:
            notices.claim_expired(variant=variant, holder=variant.assignee)
        released += 1
    return released


# ---- review -------------------------------------------------------------------------------


def variant_submit_for_review(
    *, variant: Variant, actor: User, note: str = "", override: str = ""
) -> Variant:
    """Send a version for review. QA errors block it unless ``override`` says why not."""
    parts = [note.strip() or "Submitted for review."]
    if override.strip():
        parts.append(f"QA override: {override.strip()}")
    return states.transition(
        variant, State.IN_REVIEW, actor=actor, note=" ".join(parts), override=override
    )


@transaction.atomic
def variant_request_changes(*, variant: Variant, actor: User, note: str) -> Variant:
    """Send a version back to its translator; the note is also kept as a comment on it."""
    variant = states.transition(variant, State.CHANGES_REQUESTED, actor=actor, note=note)
    reviews.comment_add(variant=variant, actor=actor, text=note)
    return variant


@transaction.atomic
def variant_approve(*, variant: Variant, actor: User, note: str = "") -> Variant:
    """Approve a version; its sentences enter the translation memory.

    Approving a language that Apertium can carry into another (Hindi and Urdu) queues a
    pivot pre-fill for that other language's version if no translator has touched it.
    """
    variant = states.transition(variant, State.APPROVED, actor=actor, note=note or "Approved.")
    if not variant.is_source:
        segments.remember(variant, approved_by=actor)
        # The changes a revision brought were reviewed: they are no longer highlighted.
        segments.clear_revision_marks(variant)
        _queue_pivots(variant)
    return variant


def _queue_pivots(approved: Variant) -> None:
    from . import pretranslation

    targets = pretranslation.pivot_targets(approved)
    if targets:
        dispatch.after_commit("pivot_translate_task", *((t.pk, approved.pk) for t in targets))


# ---- publishing ---------------------------------------------------------------------------


def variant_request_publication(*, variant: Variant, actor: User) -> None:
    """Check that ``actor`` may publish now, then queue the publication task."""
    if variant.state == State.PUBLISHED:
        return
    if variant.state != State.APPROVED:
        raise IllegalTransition(
            f"The {variant.language_info.name} version is "
            f"{state_name(variant.state)}, not approved."
        )
    states.check(variant, State.PUBLISHED, actor=actor)
    dispatch.after_commit("publish_variant_task", (variant.pk, actor.pk))


def variant_publish(*, variant_id: int, actor: User) -> Variant | None:
    """Publish an approved variant: its text becomes the statement's live text.

    Idempotent: a variant that is already published is left alone (returns None).
    """
    with transaction.atomic():
        variant = Variant.objects.select_for_update(of=("self",)).get(pk=variant_id)
        if variant.state == State.PUBLISHED:
            return None
        return states.transition(
            variant,
            State.PUBLISHED,
            actor=actor,
            note="Published.",
            effect=revisions.publication(actor),
        )


def statement_request_publication(*, statement: Statement, actor: User) -> int:
    """Queue publication of every approved language (the source first); returns how many."""
    _require_role(actor, Role.EDITOR, action="publish")
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


# ---- withdrawal ---------------------------------------------------------------------------


def variant_withdraw(*, variant: Variant, actor: User, note: str) -> Variant:
    return states.transition(variant, State.WITHDRAWN, actor=actor, note=note)


@transaction.atomic
def statement_withdraw(*, statement: Statement, actor: User, note: str) -> Statement:
    """Retract a statement: every language comes down and the published text is cleared."""
    _require_role(actor, Role.EDITOR, action="withdraw statements")
    if not note.strip():
        raise NoteRequired("Add a note saying why the statement is withdrawn.")
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
    transaction.on_commit(
        lambda: signals.statement_withdrawn.send(sender=Statement, statement_id=locked.pk)
    )
    locked.refresh_from_db()
    return locked
