"""Statements: written, revised and sent for translation by their authors."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Lower, Replace
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from translations import languages, romanise

from .. import authorship, dispatch, permissions, revisions, signals, states
from ..choices import SOURCE_EDITABLE, Kind, Priority, State
from ..exceptions import IllegalTransition, InvalidInput
from ..models import FormerSlug, Organisation, Signatory, Statement, Topic, Variant
from .editing import check_sentences, cleaned_text, locked_for_editing

User = AbstractBaseUser


# Words a statement's address may not be: the site's own paths and the language prefixes.
RESERVED_SLUGS = frozenset(
    {"admin", "accounts", "api", "desk", "feeds", "i18n", "static", "media", "search",
     "statements", "topics", "sitemap", "robots", "en", "hi", "bn", "ur"}
)  # fmt: skip


def _slug_key(slug: str) -> str:
    """What two addresses that read alike share: case and _/- do not tell them apart."""
    return slug.lower().replace("_", "-")


def slug_taken(slug: str, *, by_other_than: Statement | None = None) -> bool:
    """An address that is reserved, or reads like one a statement has or had (a former
    address keeps redirecting to its statement)."""
    key = _slug_key(slug)
    if key in RESERVED_SLUGS:
        return True
    alike = Replace(Lower("slug"), Value("_"), Value("-"))
    statements = Statement.objects.annotate(key=alike).filter(key=key)
    former = FormerSlug.objects.annotate(key=alike).filter(key=key)
    if by_other_than is not None:
        statements = statements.exclude(pk=by_other_than.pk)
        former = former.exclude(statement=by_other_than)
    return statements.exists() or former.exists()


def check_slug(slug: str, *, statement: Statement | None = None) -> str:
    """``slug`` as an address for ``statement`` (None: a new one), or InvalidInput saying why
    it cannot be."""
    try:
        validate_slug(slug)
        if not any(ch.isalnum() for ch in slug):
            raise ValidationError("no letter or digit")
    except ValidationError:
        raise InvalidInput(
            _("“%(slug)s” cannot be an address: use letters, digits, hyphens and underscores."),
            slug=slug,
        ) from None
    if _slug_key(slug) in RESERVED_SLUGS:
        raise InvalidInput(
            _("“%(slug)s” is one of the site's own addresses: choose another."), slug=slug
        )
    if slug_taken(slug, by_other_than=statement):
        raise InvalidInput(_("The address “%(slug)s” is taken by another statement."), slug=slug)
    return slug


def default_slug(title: str, issued_on: date | None = None) -> str:
    """A free, readable address for a statement titled ``title``, in whatever script: the
    title in Latin letters (romanise.readable), with -2, -3 … when another has it."""
    base = slugify(romanise.readable(title))[:80].strip("-")
    if len(base) < 3:  # a title with no letters to read
        base = f"statement-{(issued_on or timezone.localdate()).isoformat()}"
    slug, n = base, 1
    while slug_taken(slug):
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
    permissions.may_write_statements(author).require()
    try:
        languages.get(source_language)
    except languages.UnknownLanguage as exc:
        raise InvalidInput(str(exc)) from None
    text = {
        name: cleaned_text(name, value, source=True)
        for name, value in (
            ("title", title),
            ("summary", summary),
            ("body", body),
            ("byline", byline),
            ("dateline", dateline),
        )
    }
    if not text["title"]:
        raise InvalidInput(_("A statement needs a title."))
    check_sentences(text, language=source_language)
    if slug is not None:
        check_slug(slug)
    statement = Statement.objects.create(
        slug=slug or default_slug(text["title"], issued_on),
        source_language=source_language,
        kind=kind,
        priority=priority,
        issued_on=issued_on or timezone.localdate(),
        deadline=deadline,
        created_by=author,
        updated_by=author,
    )
    statement.topics.set(topics)
    _sign(statement, list(dict.fromkeys(signatories)))
    source = states.create_variant(
        statement=statement,
        language=source_language,
        actor=author,
        note="Statement created.",
        **text,
    )
    authorship.record_edit(
        variant=source, actor=author, fields=[name for name, value in text.items() if value]
    )
    return statement


def statement_revise(*, statement: Statement, actor: User, note: str = "") -> Variant:
    """Open a published statement's source for a revision; readers keep the live text.

    The source goes back to draft; submitting it again snapshots a new revision, and
    publishing that revision marks the published translations as outdated.
    """
    permissions.may_change_statement(actor, statement, action="revise").require()
    return states.transition(
        source_variant(statement),
        State.DRAFT,
        actor=actor,
        note=note.strip() or "Revision started.",
    )


@transaction.atomic
def statement_rename(*, statement: Statement, actor: User, slug: str) -> Statement:
    """Give a statement a new address. The old one is kept as a former address that sends
    readers on to the new one, and readers' cached pages at the old one are retired."""
    permissions.may_change_statement(actor, statement, action="rename").require()
    locked = Statement.objects.select_for_update().get(pk=statement.pk)
    if slug == locked.slug:
        return locked
    check_slug(slug, statement=locked)
    old = locked.slug
    FormerSlug.objects.filter(slug=slug, statement=locked).delete()  # renamed back
    FormerSlug.objects.create(slug=old, statement=locked, changed_by=actor)
    locked.slug = slug
    locked.updated_by = actor
    locked.save(update_fields=["slug", "updated_by", "updated_at"])
    transaction.on_commit(
        lambda: signals.statement_renamed.send(
            sender=Statement, statement_id=locked.pk, old_slug=old
        )
    )
    return locked


# The statement's facts besides its text that a draft may still change (the text itself
# changes through editing.variant_save_text).
DETAIL_FIELDS = ("slug", "kind", "priority", "deadline", "topics", "signatories")


@transaction.atomic
def statement_change_details(
    *,
    statement: Statement,
    actor: User,
    slug: str,
    kind: str,
    priority: str,
    deadline: datetime | None,
    topics: Iterable[Topic],
    signatories: Sequence[Organisation],
) -> Statement:
    """Change a statement's address, kind, priority, deadline, topics and signatories (who
    sign in the order given) while its source may be edited (editing.locked_for_editing:
    the same states and people as its text). Refused with nothing changed otherwise."""
    source = locked_for_editing(source_variant(statement).pk, actor)
    if kind not in Kind.values:
        raise InvalidInput(_("“%(value)s” is not a kind of statement."), value=kind)
    if priority not in Priority.values:
        raise InvalidInput(_("“%(value)s” is not a priority."), value=priority)
    locked = Statement.objects.select_for_update().get(pk=statement.pk)
    if slug != locked.slug:
        check_slug(slug, statement=locked)
    topics, signatories = list(topics), list(dict.fromkeys(signatories))
    before = {
        "kind": locked.kind,
        "priority": locked.priority,
        "deadline": locked.deadline,
        "topics": set(locked.topics.values_list("pk", flat=True)),
        "signatories": list(
            locked.signatory_set.order_by("position").values_list("organisation_id", flat=True)
        ),
    }
    after = {
        "kind": kind,
        "priority": priority,
        "deadline": deadline,
        "topics": {t.pk for t in topics},
        "signatories": [o.pk for o in signatories],
    }
    changed = [name for name in after if before[name] != after[name]]
    if slug != locked.slug:
        locked = statement_rename(statement=locked, actor=actor, slug=slug)
        changed.append("slug")
    if not changed:
        return locked
    locked.kind, locked.priority, locked.deadline = kind, priority, deadline
    locked.updated_by = actor
    locked.save(update_fields=["kind", "priority", "deadline", "updated_by", "updated_at"])
    if "topics" in changed:
        locked.topics.set(topics)
    if "signatories" in changed:
        Signatory.objects.filter(statement=locked).delete()
        _sign(locked, signatories)
    authorship.record_edit(variant=source, actor=actor, fields=changed)
    return locked


def _sign(statement: Statement, signatories: Sequence[Organisation]) -> None:
    Signatory.objects.bulk_create(
        Signatory(statement=statement, organisation=org, position=i)
        for i, org in enumerate(signatories)
    )


def source_variant(statement: Statement) -> Variant:
    return statement.variants.get(language=statement.source_language)


@transaction.atomic
def statement_submit_for_translation(
    *, statement: Statement, actor: User, targets: Iterable[str] | None = None
) -> list[Variant]:
    """Send the source for review and create a pending variant for each target language.

    Machine translation of each new variant is queued once the transaction commits.
    Returns the variants created (languages that already had one are left as they are).
    """
    permissions.may_change_statement(actor, statement, action="submit").require()
    source = Variant.objects.locked().get(statement=statement, language=statement.source_language)
    if source.state in SOURCE_EDITABLE:
        source = states.transition(
            source, State.IN_REVIEW, actor=actor, note="Submitted for translation."
        )
    elif source.state == State.WITHDRAWN:
        raise IllegalTransition(_("This statement was withdrawn."))
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
