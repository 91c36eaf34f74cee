"""Who may do what: the one place the desk, the API, the admin and the state machine ask.

Each question is one function. Those that guard an action return a ``Decision``: true when
allowed, else false with the reason the person is shown (``.require()`` raises it as
NotPermitted). Those that only shape what is listed return a bool or a query filter.
Roles and working languages come from ``roles``; the states an action needs are the
services' business, not this module's.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import F, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import roles
from .choices import Role, State
from .exceptions import NotPermitted
from .messages import render

AnyUser = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Decision:
    """Allowed, or refused with a reason (a translatable template and its values)."""

    allowed: bool
    reason: str | Promise = ""
    params: dict = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.allowed

    @property
    def message(self) -> str:
        return render(self.reason, self.params)

    def require(self) -> None:
        if not self.allowed:
            raise NotPermitted(self.reason, **self.params)


ALLOWED = Decision(True)


def _refuse(reason: str | Promise, **params) -> Decision:
    return Decision(False, reason, params)


def _decide(ok: bool, reason: str | Promise, **params) -> Decision:
    return ALLOWED if ok else _refuse(reason, **params)


# ---- roles ----------------------------------------------------------------------------------


def is_editor(user: AnyUser) -> bool:
    return roles.has_role(user, Role.EDITOR)


def may_write_statements(user: AnyUser) -> Decision:
    return _decide(
        roles.has_role(user, Role.AUTHOR, Role.EDITOR),
        _("You need the author or editor role to write statements."),
    )


def may_publish(user: AnyUser) -> Decision:
    return _decide(is_editor(user), _("You need the editor role to publish."))


def may_withdraw(user: AnyUser) -> Decision:
    return _decide(is_editor(user), _("You need the editor role to withdraw statements."))


def may_write_change_note(user: AnyUser) -> Decision:
    return _decide(is_editor(user), _("Only an editor may write the change note readers see."))


def may_roll_back(user: AnyUser) -> Decision:
    return _decide(is_editor(user), _("Only an editor may roll a language back."))


def may_see_dashboard(user: AnyUser) -> bool:
    return is_editor(user)


def translators_for(language: str) -> list:
    """The people a version in ``language`` may be assigned to (active translators of it)."""
    return roles.people(Role.TRANSLATOR, language=language)


# ---- languages ------------------------------------------------------------------------------


def translates(user: AnyUser, language: str) -> bool:
    """A translator who works in ``language`` (who may claim it or be assigned it)."""
    return roles.has_role(user, Role.TRANSLATOR) and roles.works_in(user, language)


def reviews_language(user: AnyUser, language: str) -> bool:
    """A reviewer or editor who works in ``language`` (who may approve or send back)."""
    return roles.has_role(user, Role.REVIEWER, Role.EDITOR) and roles.works_in(user, language)


def claimable_languages(user: AnyUser) -> frozenset[str]:
    """Languages in which the user may claim ready versions."""
    if not roles.has_role(user, Role.TRANSLATOR):
        return frozenset()
    return roles.working_languages(user)


def reviewable_languages(user: AnyUser) -> frozenset[str]:
    """Languages in which the user reviews versions."""
    if not roles.has_role(user, Role.REVIEWER, Role.EDITOR):
        return frozenset()
    return roles.working_languages(user)


# ---- statements and versions ----------------------------------------------------------------


def may_open_statement(user: AnyUser, statement) -> bool:
    """Whether the user may work on a statement's source: editors any, authors their own."""
    held = roles.role_names(user)
    if Role.EDITOR in held:
        return True
    return Role.AUTHOR in held and statement.created_by_id == user.pk


_CHANGE_REFUSALS = {
    "revise": _("Only its author or an editor may revise it."),
    "submit": _("Only its author or an editor may submit it for translation."),
    "rename": _("Only its author or an editor may change its address."),
}


def may_change_statement(user: AnyUser, statement, *, action: str) -> Decision:
    """Revise, submit or rename a statement (``action``): its author or an editor."""
    return _decide(may_open_statement(user, statement), _CHANGE_REFUSALS[action])


def may_open(user: AnyUser, variant) -> bool:
    """Whether the desk shows this version to the user at all.

    Editors see every language; translators and reviewers only the languages they work
    in. Anyone else gets a 404, as if the version did not exist.
    """
    held = roles.role_names(user)
    if Role.EDITOR in held:
        return True
    if not held & {Role.TRANSLATOR, Role.REVIEWER}:
        return False
    return roles.works_in(user, variant.language)


def may_open_own_source(user: AnyUser, variant) -> bool:
    """An author opening the source version of a statement they wrote (the API lets them)."""
    return (
        variant.is_source
        and variant.statement.created_by_id == user.pk
        and roles.has_role(user, Role.AUTHOR)
    )


def openable_filter(user: AnyUser, path: str = "") -> Q:
    """``may_open`` as a filter on the versions reached through ``path`` (for the admin).

    The admin shows working text, so it must hide what the desk hides: editors (and
    superusers) see every language, translators and reviewers the languages they work in,
    authors the source of the statements they wrote (as the API lets them), anyone else
    nothing.
    """
    held = roles.role_names(user)
    if Role.EDITOR in held:
        return Q()
    found = Q(pk__in=[])
    if held & {Role.TRANSLATOR, Role.REVIEWER}:
        found |= Q(**{f"{path}language__in": roles.working_languages(user)})
    if Role.AUTHOR in held:
        found |= Q(
            **{
                f"{path}statement__created_by": user,
                f"{path}language": F(f"{path}statement__source_language"),
            }
        )
    return found


def holds_claim(user: AnyUser, variant) -> bool:
    """The person holding the version's claim (or, sent back, the one it was assigned to)."""
    return variant.assignee_id is not None and variant.assignee_id == user.pk


def may_edit_text(user: AnyUser, variant, *, from_file: bool = False) -> Decision:
    """Change a version's words: the source by its author or an editor, a translation by
    the translator holding its claim (``from_file``: by importing a PO file)."""
    if variant.is_source:
        return _decide(
            may_open_statement(user, variant.statement),
            _("Only an author or editor may edit the source text."),
        )
    return _decide(
        holds_claim(user, variant),
        _("Claim this version before importing a file into it.")
        if from_file
        else _("Claim this version before editing it."),
    )


def may_renew_claim(user: AnyUser, variant) -> Decision:
    return _decide(
        variant.state == State.IN_TRANSLATION and holds_claim(user, variant),
        _("Only the translator holding the claim can renew it."),
    )


def may_comment(user: AnyUser, variant) -> Decision:
    """Reviewers and editors of the language, and whoever holds or wrote the version."""
    return _decide(
        is_editor(user)
        or (roles.has_role(user, Role.REVIEWER) and roles.works_in(user, variant.language))
        or user.pk in {variant.assignee_id, variant.translated_by_id},
        _("Only the translator and the reviewers of this language may comment."),
    )


def may_back_translate(user: AnyUser, variant) -> Decision:
    """Read a version translated back by machine, as its reviewers do before deciding."""
    return _decide(
        reviews_language(user, variant.language),
        _("Only the reviewers of this language may ask for a back-translation."),
    )


def wrote(user: AnyUser, writers: Collection[int]) -> bool:
    """Whether the user wrote any part of the text under review (``authorship.writers``):
    such a person may not approve it, whatever way they wrote it."""
    return user is not None and user.pk in writers


# ---- the state machine's actors -------------------------------------------------------------


class Who(StrEnum):
    """Who a rule of the state table lets make a move."""

    SYSTEM = "system"  # a Celery task; actor is None
    AUTHOR = "author"  # an author or editor (source language only)
    TRANSLATOR = "translator"  # a translator who works in the variant's language
    CLAIMANT = "claimant"  # the person holding the variant's claim
    REVIEWER = "reviewer"  # a reviewer or editor who works in the variant's language
    EDITOR = "editor"  # an editor, any language


def acts_as(actor: AnyUser | None, who: Who, variant) -> bool:
    """Whether ``actor`` is ``who`` for this version (the state table's question)."""
    if who is Who.SYSTEM:
        return actor is None
    if actor is None:
        return False
    if who is Who.AUTHOR:
        return roles.has_role(actor, Role.AUTHOR, Role.EDITOR)
    if who is Who.TRANSLATOR:
        return translates(actor, variant.language)
    if who is Who.CLAIMANT:
        return holds_claim(actor, variant)
    if who is Who.REVIEWER:
        return reviews_language(actor, variant.language)
    if who is Who.EDITOR:
        return is_editor(actor)
    raise AssertionError(who)
