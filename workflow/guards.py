"""The guards of the state table: conditions a move must meet besides who makes it.

A guard reads and raises a GuardFailed (or IllegalTransition) with its reason; it never
writes. The service that makes the move stores what it must (QA flags, say).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from . import authorship, permissions, qa
from .choices import is_live
from .exceptions import (
    IllegalTransition,
    IncompleteText,
    InvalidAssignee,
    NoteRequired,
    QABlocked,
    SelfReview,
    SourceNotPublished,
)
from .messages import language_name
from .models import Statement, Variant

User = AbstractBaseUser


@dataclass(frozen=True)
class Context:
    note: str
    assignee: User | None
    override: str = ""  # why the translator sends a version on despite QA errors


Guard = Callable[[Variant, "User | None", Context], None]


def note_required(variant: Variant, actor: User | None, ctx: Context) -> None:
    if not ctx.note:
        raise NoteRequired(_("Add a note saying why: this step needs one."))


def note_from_people(variant: Variant, actor: User | None, ctx: Context) -> None:
    """A person making a move the system usually makes says why; the system need not."""
    if actor is not None:
        note_required(variant, actor, ctx)


_MISSING = {
    ("title",): _("The %(language)s version has no title yet; fill it in before sending it on."),
    ("body",): _("The %(language)s version has no body yet; fill it in before sending it on."),
    ("title", "body"): _(
        "The %(language)s version has no title or body yet; fill it in before sending it on."
    ),
}


def text_complete(variant: Variant, actor: User | None, ctx: Context) -> None:
    missing = tuple(f for f in ("title", "body") if not getattr(variant, f).strip())
    if missing:
        raise IncompleteText(_MISSING[missing], language=_lang(variant))


def qa_clear(variant: Variant, actor: User | None, ctx: Context) -> None:
    # Reads only: the service that makes the move stores the flags it found.
    found = qa.errors(qa.variant_problems(variant))
    if found and not ctx.override:
        raise QABlocked(
            ngettext_lazy(
                "QA found %(count)s error in the %(language)s version: fix it, or add an "
                "override note saying why it is right as it is.",
                "QA found %(count)s errors in the %(language)s version: fix them, or add an "
                "override note saying why it is right as it is.",
                "count",
            ),
            problems=found,
            count=len(found),
            language=_lang(variant),
        )


def not_own_work(variant: Variant, actor: User | None, ctx: Context) -> None:
    if permissions.wrote(actor, authorship.writers(variant)):
        raise SelfReview(
            _("You wrote this %(language)s version, so someone else must approve it."),
            language=_lang(variant),
        )


def source_published(variant: Variant, actor: User | None, ctx: Context) -> None:
    source = (
        Variant.objects.filter(
            statement_id=variant.statement_id, language=variant.statement.source_language
        )
        .select_related("live_revision")
        .first()
    )
    if source is None or not is_live(source):
        raise SourceNotPublished(
            _(
                "The source (%(language)s) is not published yet: publish it first, or "
                "publish the languages together."
            ),
            language=language_name(variant.statement.source_language),
        )
    live = source.live_revision
    if live is not None and variant.source_revision_id not in (None, live.pk):
        raise SourceNotPublished(
            _(
                "The %(language)s version translates an earlier revision of the source than "
                "the published one (revision %(number)s); it is brought up to date first."
            ),
            language=_lang(variant),
            number=live.number,
        )


def assignee_works_in_language(variant: Variant, actor: User | None, ctx: Context) -> None:
    person = ctx.assignee or actor
    if person is None:
        raise InvalidAssignee(_("Say who takes this version."))
    if not permissions.translates(person, variant.language):
        raise InvalidAssignee(
            _("%(person)s is not a translator working in %(language)s."),
            person=person.get_username(),
            language=_lang(variant),
        )


def statement_withdrawn(variant: Variant, actor: User | None, ctx: Context) -> None:
    # A published language comes down only with its whole statement (statement_withdraw),
    # never by itself: the live text of one language is not silently lost.
    if not Statement.objects.filter(pk=variant.statement_id, withdrawn_at__isnull=False).exists():
        raise IllegalTransition(
            _("The %(language)s version is published; withdraw the whole statement instead."),
            language=_lang(variant),
        )


def live_only_with_statement(variant: Variant, actor: User | None, ctx: Context) -> None:
    # A language with live text (say, a source under revision) comes down with its statement.
    if is_live(variant):
        statement_withdrawn(variant, actor, ctx)


def _lang(variant: Variant):
    return language_name(variant.language)
