"""The variant state machine: the table of allowed moves and the one function that makes them.

Nothing else writes ``Variant.state``. Every move locks the variant's row, checks the
table, the actor (``permissions.acts_as``) and the rule's guards, then saves the variant
and appends a Transition (who, when, from, to, note) in the same transaction. A refused
move raises a WorkflowError subclass and changes nothing; guards only read. What a move
means beyond the variant's own fields (publication's history and live text, say) is the
calling service's work, done after ``transition()`` in the same atomic block. Inside
that transaction ``signals.variant_moved`` is sent: notices listen, and record the task
that tells people, which is sent once the move commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from . import permissions, signals
from .choices import State
from .exceptions import AlreadyClaimed, IllegalTransition, NotPermitted
from .guards import (
    Context,
    Guard,
    assignee_works_in_language,
    live_only_with_statement,
    not_own_work,
    note_from_people,
    note_required,
    qa_clear,
    source_published,
    statement_withdrawn,
    text_complete,
)
from .messages import language_name, state_list, state_name
from .models import Statement, Transition, Variant
from .permissions import Who

User = AbstractBaseUser


class Scope(StrEnum):
    SOURCE = "source"
    TARGET = "target"


# ---- the table ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    source: State
    target: State
    who: frozenset[Who]
    scopes: frozenset[Scope]
    guards: tuple[Guard, ...] = field(default=())


def _rule(source, target, who, scopes=(Scope.TARGET,), guards=()) -> Rule:
    return Rule(State(source), State(target), frozenset(who), frozenset(scopes), tuple(guards))


S, T, BOTH = (Scope.SOURCE,), (Scope.TARGET,), (Scope.SOURCE, Scope.TARGET)

RULES: tuple[Rule, ...] = (
    # Source language: the author writes, a reviewer approves, an editor publishes.
    _rule(State.DRAFT, State.IN_REVIEW, {Who.AUTHOR}, S, [text_complete]),
    _rule(State.CHANGES_REQUESTED, State.IN_REVIEW, {Who.AUTHOR}, S, [text_complete]),
    # Target languages.
    # The author or an editor may stop waiting for machine translation ("send to
    # translators now"), saying so on the record.
    _rule(State.PENDING, State.READY, {Who.SYSTEM, Who.AUTHOR}, T, [note_from_people]),
    _rule(
        State.READY,
        State.IN_TRANSLATION,
        {Who.TRANSLATOR, Who.EDITOR},
        T,
        [assignee_works_in_language],
    ),
    _rule(State.IN_TRANSLATION, State.READY, {Who.CLAIMANT, Who.EDITOR, Who.SYSTEM}),
    _rule(State.IN_TRANSLATION, State.IN_REVIEW, {Who.CLAIMANT}, T, [text_complete, qa_clear]),
    _rule(State.CHANGES_REQUESTED, State.IN_REVIEW, {Who.CLAIMANT}, T, [text_complete, qa_clear]),
    # Beyond the original table: a version sent back can be handed back to the pool
    # when its translator cannot continue.
    _rule(State.CHANGES_REQUESTED, State.READY, {Who.CLAIMANT, Who.EDITOR}),
    # Archive import: statements and translations that were published before they came
    # to the desk go live as they are, recorded as the system's move with the file's name.
    _rule(State.DRAFT, State.PUBLISHED, {Who.SYSTEM}, S, [text_complete]),
    _rule(State.READY, State.PUBLISHED, {Who.SYSTEM}, T, [text_complete, source_published]),
    # Revising a published source: its live text stays until the revision is published.
    _rule(State.PUBLISHED, State.DRAFT, {Who.AUTHOR}, S),
    _rule(State.PUBLISHED, State.OUTDATED, {Who.SYSTEM}),
    # Beyond the original table: a version in review or approved when a revised source is
    # published goes back for the changed sentences too, never out with the old ones.
    _rule(State.IN_REVIEW, State.OUTDATED, {Who.SYSTEM}),
    _rule(State.APPROVED, State.OUTDATED, {Who.SYSTEM}),
    _rule(State.OUTDATED, State.READY, {Who.SYSTEM}),
    _rule(State.OUTDATED, State.IN_TRANSLATION, {Who.SYSTEM}, T, [assignee_works_in_language]),
    # Both.
    _rule(State.IN_REVIEW, State.CHANGES_REQUESTED, {Who.REVIEWER}, BOTH, [note_required]),
    _rule(State.IN_REVIEW, State.APPROVED, {Who.REVIEWER}, BOTH, [not_own_work]),
    # Beyond the original table: an approved but unpublished version can be reopened.
    _rule(State.APPROVED, State.CHANGES_REQUESTED, {Who.REVIEWER}, BOTH, [note_required]),
    _rule(State.APPROVED, State.PUBLISHED, {Who.EDITOR}, S),
    _rule(State.APPROVED, State.PUBLISHED, {Who.EDITOR}, T, [source_published]),
    *(
        _rule(state, State.WITHDRAWN, {Who.EDITOR}, BOTH, [note_required, live_only_with_statement])
        for state in State
        if state not in (State.WITHDRAWN, State.PUBLISHED, State.OUTDATED)
    ),
    # Beyond the original table: a retraction takes live languages down with the statement.
    _rule(
        State.PUBLISHED, State.WITHDRAWN, {Who.EDITOR}, BOTH, [note_required, statement_withdrawn]
    ),
    _rule(
        State.OUTDATED, State.WITHDRAWN, {Who.EDITOR}, BOTH, [note_required, statement_withdrawn]
    ),
)

_TABLE: dict[tuple[Scope, State, State], Rule] = {
    (scope, rule.source, rule.target): rule for rule in RULES for scope in rule.scopes
}

INITIAL = {Scope.SOURCE: State.DRAFT, Scope.TARGET: State.PENDING}


def scope_of(variant: Variant) -> Scope:
    return Scope.SOURCE if variant.is_source else Scope.TARGET


def rule_for(variant: Variant, target: State) -> Rule | None:
    return _TABLE.get((scope_of(variant), State(variant.state), State(target)))


def next_states(variant: Variant) -> list[State]:
    """States the table allows from here (for any actor)."""
    scope, here = scope_of(variant), State(variant.state)
    return [t for (s, f, t) in _TABLE if s == scope and f == here]


def offered(variant: Variant, target: State | str, *, actor: User | None) -> bool:
    """Whether the desk offers this move to ``actor`` now: the table has it from here and
    names the actor. Guards are checked when the move is made."""
    rule = rule_for(variant, State(target))
    return rule is not None and any(permissions.acts_as(actor, w, variant) for w in rule.who)


def check(
    variant: Variant,
    target: State | str,
    *,
    actor: User | None,
    note: str = "",
    assignee: User | None = None,
    override: str = "",
) -> Context:
    """Raise what transition() would raise for this move now; change nothing.

    Lets a service refuse at once a move it will make later (e.g. in a task).
    """
    target = State(target)
    rule = rule_for(variant, target)
    if rule is None:
        raise _illegal(variant, target)
    if not any(permissions.acts_as(actor, w, variant) for w in rule.who):
        raise _refusal(rule, variant, target)
    ctx = Context(note=note.strip(), assignee=assignee, override=override.strip())
    for guard in rule.guards:
        guard(variant, actor, ctx)
    return ctx


# ---- making a move ------------------------------------------------------------------------


def create_variant(
    *,
    statement: Statement,
    language: str,
    actor: User | None,
    note: str = "",
    **fields,
) -> Variant:
    """Create a language version in its initial state (draft for the source, else pending)."""
    scope = Scope.SOURCE if language == statement.source_language else Scope.TARGET
    with transaction.atomic():
        variant = Variant.objects.create(
            statement=statement, language=language, state=INITIAL[scope], **fields
        )
        Transition.objects.create(
            variant=variant, from_state="", to_state=variant.state, actor=actor, note=note
        )
    return variant


def transition(
    variant: Variant | int,
    target: State | str,
    *,
    actor: User | None,
    note: str = "",
    assignee: User | None = None,
    override: str = "",
    when: Q | None = None,
) -> Variant:
    """Move a variant to ``target`` and record it; returns the updated, saved variant.

    ``when`` is a condition the locked row must still meet (say, a claim still expired),
    else the move is refused as one that no longer applies. Call it inside the service's
    own atomic block when the move and the service's writes must stand or fall together.
    """
    target = State(target)
    pk = variant.pk if isinstance(variant, Variant) else variant
    with transaction.atomic():
        # No join to the assignee: after waiting for the lock PostgreSQL re-reads the
        # locked row only, so a joined claimant would be the stale one.
        locked = Variant.objects.locked().filter(when or Q()).filter(pk=pk).first()
        if locked is None:
            raise IllegalTransition(_("The version changed meanwhile; the move no longer applies."))
        ctx = check(locked, target, actor=actor, note=note, assignee=assignee, override=override)

        source = locked.state
        _enter(locked, target, actor, ctx)
        now = timezone.now()
        locked.state = target
        locked.state_changed_at = now
        locked.version += 1
        locked.save()
        record = Transition.objects.create(
            variant=locked, from_state=source, to_state=target, actor=actor, at=now, note=ctx.note
        )
        # Receivers record what follows the move (notices) in this same transaction, so
        # the move and what it asks for are committed together or not at all.
        signals.variant_moved.send(
            sender=Transition,
            transition_id=record.pk,
            statement_id=locked.statement_id,
            from_state=source,
            to_state=target,
        )
    return locked


def _enter(variant: Variant, target: State, actor: User | None, ctx: Context) -> None:
    """What entering ``target`` means for the claim and review fields."""
    now = timezone.now()
    if target in (State.READY, State.WITHDRAWN, State.PUBLISHED, State.OUTDATED):
        variant.assignee = None
        variant.claim_expires_at = None
    if target is State.IN_TRANSLATION:
        variant.assignee = ctx.assignee or actor
        variant.claim_expires_at = now + timedelta(hours=settings.ANUVAD_CLAIM_HOURS)
    elif target is State.IN_REVIEW:
        variant.translated_by = actor
        variant.claim_expires_at = None
        if variant.is_source:
            variant.assignee = actor
    elif target is State.CHANGES_REQUESTED:
        variant.reviewer = actor
    elif target is State.APPROVED:
        variant.reviewer = actor
        variant.approved_at = now
    elif target is State.PUBLISHED:
        variant.published_at = now


# ---- messages -----------------------------------------------------------------------------

_WHO_TEXT = {
    Who.SYSTEM: _("the system"),
    Who.AUTHOR: _("an author or editor"),
    Who.TRANSLATOR: _("a translator who works in %(language)s"),
    Who.CLAIMANT: _("the translator holding the claim"),
    Who.REVIEWER: _("a reviewer or editor who works in %(language)s"),
    Who.EDITOR: _("an editor"),
}


def _lang(variant: Variant):
    return language_name(variant.language)


def _illegal(variant: Variant, target: State) -> IllegalTransition:
    here = State(variant.state)
    if here is State.IN_TRANSLATION and target is State.IN_TRANSLATION:
        holder = variant.assignee.get_username() if variant.assignee else _("someone")
        return AlreadyClaimed(
            _("%(holder)s already claimed the %(language)s version."),
            holder=holder,
            language=_lang(variant),
        )
    allowed = next_states(variant)
    return IllegalTransition(
        _(
            "The %(language)s version of “%(slug)s” is %(state)s; it cannot become "
            "%(target)s (from here: %(allowed)s)."
        ),
        language=_lang(variant),
        slug=variant.statement.slug,
        state=state_name(here),
        target=state_name(target),
        allowed=state_list(allowed) if allowed else _("nothing"),
    )


def _who(rule: Rule, variant: Variant) -> str:
    texts = (str(_WHO_TEXT[w]) % {"language": _lang(variant)} for w in rule.who)
    return str(_(" or ")).join(sorted(texts))


def _refusal(rule: Rule, variant: Variant, target: State) -> NotPermitted:
    return NotPermitted(
        _("Only %(who)s may move the %(language)s version to %(target)s."),
        who=lazy(_who, str)(rule, variant),
        language=_lang(variant),
        target=state_name(target),
    )
