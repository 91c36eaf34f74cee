"""Who hears of what: notifications for workflow moves, claims and deadlines.

The messages go through the notifications app; this module only decides the recipients
and the words, which are written in each recipient's notice language. Everything runs in
Celery tasks after the change has been committed; each notice has a key, so a task that
runs twice tells nobody twice.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import partial

from babel.lists import format_list
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_noop, ngettext
from django.utils.translation import gettext as _

from notifications.bidi import isolate
from notifications.models import Kind
from notifications.services import notify_in_own_language
from translations import formatting, languages

from . import dispatch, roles
from .choices import IN_FLIGHT, Priority, Role, State
from .models import Statement, Transition, Variant

# Deadlines further back than this are not announced as overdue any more.
OVERDUE_LOOKBACK = timedelta(days=7)


def queue_for(transition_id: int) -> None:
    """Queue the notices for one recorded move: recorded with the move, sent after commit,
    so a broker that is away delays them rather than losing them."""
    dispatch.after_commit("notify_transition_task", (transition_id,))


def on_variant_moved(sender, *, transition_id: int, **kwargs) -> None:
    """Receiver of ``signals.variant_moved`` (connected in the app's ``ready()``), inside
    the transaction that made the move."""
    queue_for(transition_id)


def _label(variant: Variant) -> str:
    """The statement and the language, in the active language: “Title” (Hindi).

    The title is isolated (bidi.isolate): a Hindi or English title keeps an Urdu sentence
    in its order, and an Urdu title an English one.
    """
    return _("“%(title)s” (%(language)s)") % {
        "title": isolate(variant.statement.title_for_desk),
        "language": languages.name_in(variant.language, get_language()),
    }


# What the services write in the history for a move a person made without a note of their
# own (services/claims, review, statements, publication). They are the history's English
# record; a notice says what happened in its own, translated, words and leaves them out.
_STOCK_NOTES = re.compile(
    r"(Claimed|Released|Released by an editor|Approved|Published|Statement created"
    r"|Submitted for review|Submitted for translation( from revision \d+)?"
    r"|Assigned to .+)\.",
    re.DOTALL,
)
# services.review writes an override as this prefix and the translator's reason.
_OVERRIDE = "QA override: "


def _their_words(record: Transition) -> str:
    """What the person who made the move wrote, to quote in the notice: their note, and the
    reason they gave for overriding QA, isolated; "" for the system's own notes."""
    if record.actor_id is None:
        return ""  # the pipeline's and the claim sweep's notes are English bookkeeping
    note, marked, override = record.note.partition(_OVERRIDE)
    note, override = note.strip(), override.strip()
    parts = []
    if note and not _STOCK_NOTES.fullmatch(note):
        parts.append(isolate(note))
    if marked and override:
        parts.append(_("QA override: %(reason)s") % {"reason": isolate(override)})
    return "\n".join(parts)


# What a move is called in a notice: %(person)s made it; %(label)s is “Title” (Language).
_SUBJECTS = {
    Kind.NEW_WORK: gettext_noop("Ready to claim: %(label)s"),
    Kind.ASSIGNED: gettext_noop("%(person)s assigned %(label)s to you"),
    Kind.REVIEW_WANTED: gettext_noop("Waiting for review: %(label)s"),
    Kind.CHANGES_REQUESTED: gettext_noop("%(person)s asked for changes to %(label)s"),
    Kind.APPROVED: gettext_noop("%(person)s approved %(label)s"),
    Kind.PUBLISHED: gettext_noop("Published: %(label)s"),
}


def _url(variant: Variant, view: str = "edit") -> str:
    return reverse(f"workspace:{view}", args=[variant.pk])


def for_transition(transition_id: int) -> int:
    """Tell the people a move concerns; returns how many notifications were made."""
    record = Transition.objects.select_related("variant__statement", "actor").get(pk=transition_id)
    variant, to, actor = record.variant, State(record.to_state), record.actor
    actor_id = actor.pk if actor else None
    if to is State.READY and not variant.is_source:
        translators = roles.people(Role.TRANSLATOR, language=variant.language)
        users = [u for u in translators if u.pk != actor_id]
        kind, url = Kind.NEW_WORK, reverse("workspace:my_work")
    elif to is State.IN_TRANSLATION and variant.assignee_id not in (None, actor_id):
        users = [variant.assignee]
        kind, url = Kind.ASSIGNED, _url(variant)
    elif to is State.IN_REVIEW:
        reviewers = roles.people(Role.REVIEWER, Role.EDITOR, language=variant.language)
        users = [u for u in reviewers if u.pk != variant.translated_by_id]
        kind, url = Kind.REVIEW_WANTED, _url(variant, "review")
    elif to is State.CHANGES_REQUESTED:
        users = _workers(variant)
        kind, url = Kind.CHANGES_REQUESTED, _url(variant)
    elif to is State.APPROVED:
        users = _workers(variant)
        kind, url = Kind.APPROVED, _url(variant, "review")
    elif to is State.PUBLISHED:
        users = [*_workers(variant), variant.statement.created_by]
        kind, url = Kind.PUBLISHED, variant.statement.get_absolute_url(variant.language)
    else:
        return 0

    def words() -> tuple[str, str]:
        person = isolate(actor.get_username()) if actor else _("the desk")
        subject = _(_SUBJECTS[kind]) % {"person": person, "label": _label(variant)}
        # The person's note is quoted in the words it was written in.
        return subject, _their_words(record)

    sent = notify_in_own_language(
        users=users,
        kind=kind,
        key=f"transition:{record.pk}",
        words=words,
        url=url,
        urgent=variant.statement.priority == Priority.URGENT,
    )
    return len(sent)


def _workers(variant: Variant) -> list[AbstractBaseUser]:
    ids = {variant.translated_by_id, variant.assignee_id} - {None}
    return list(get_user_model().objects.filter(pk__in=ids))


def claim_expired(*, variant: Variant, holder: AbstractBaseUser) -> None:
    notify_in_own_language(
        users=[holder],
        kind=Kind.CLAIM_EXPIRED,
        key=f"claim-expired:{variant.pk}:{variant.claim_expires_at.isoformat()}",
        words=lambda: (
            _("Your claim on %(label)s expired") % {"label": _label(variant)},
            _("Your saved sentences are kept; claim it again to go on."),
        ),
        url=reverse("workspace:my_work"),
        urgent=variant.statement.priority == Priority.URGENT,
    )


def send_reminders(*, now: datetime | None = None) -> int:
    """Warn claimants before their claim runs out, and people before and at deadlines.

    Safe to run every minute: each reminder has a key, so nobody hears one twice.
    """
    now = now or timezone.now()
    sent = 0
    warn = timedelta(minutes=settings.ANUVAD_CLAIM_WARN_MINUTES)
    expiring = Variant.objects.filter(
        state=State.IN_TRANSLATION, claim_expires_at__gt=now, claim_expires_at__lte=now + warn
    ).select_related("statement", "assignee")
    for variant in expiring:
        minutes = max(1, int((variant.claim_expires_at - now).total_seconds() // 60))
        sent += len(
            notify_in_own_language(
                users=[variant.assignee],
                kind=Kind.CLAIM_EXPIRING,
                key=f"claim-expiring:{variant.pk}:{variant.claim_expires_at.isoformat()}",
                words=partial(_claim_expiring, variant, minutes),
                url=_url(variant),
            )
        )
    soon = timedelta(hours=settings.ANUVAD_DEADLINE_WARN_HOURS)
    statements = (
        Statement.objects.filter(
            withdrawn_at__isnull=True,
            deadline__gt=now - OVERDUE_LOOKBACK,
            deadline__lte=now + soon,
        )
        .filter(Q(variants__state__in=IN_FLIGHT))
        .distinct()
    )
    editors = roles.people(Role.EDITOR)
    for statement in statements:
        unfinished = list(statement.variants.filter(state__in=IN_FLIGHT).select_related("assignee"))
        overdue = statement.deadline <= now
        unfinished.sort(key=lambda v: languages.CODES.index(v.language))
        sent += len(
            notify_in_own_language(
                users=[*editors, *(v.assignee for v in unfinished if v.assignee)],
                kind=Kind.OVERDUE if overdue else Kind.DEADLINE,
                key=f"{'overdue' if overdue else 'deadline'}:{statement.pk}:"
                f"{statement.deadline.isoformat()}",
                words=partial(_deadline, statement, [v.language for v in unfinished], now),
                url=reverse("workspace:dashboard"),
            )
        )
    return sent


def _claim_expiring(variant: Variant, minutes: int) -> tuple[str, str]:
    code = get_language()
    subject = ngettext(
        "Your claim on %(label)s expires in %(n)s minute",
        "Your claim on %(label)s expires in %(n)s minutes",
        minutes,
    ) % {"label": _label(variant), "n": formatting.format_number(minutes, code)}
    return subject, _("Save your work, renew the claim, or release it for someone else.")


def _deadline(statement: Statement, codes: list[str], now: datetime) -> tuple[str, str]:
    code = get_language()
    title = isolate(statement.title_for_desk)
    if statement.deadline <= now:
        subject = _("Overdue: “%(title)s”") % {"title": title}
    else:
        when = formatting.format_time(statement.deadline, code)
        subject = _("Deadline at %(time)s: “%(title)s”") % {"time": when, "title": title}
    names = [languages.name_in(c, code) for c in codes]
    locale = languages.get(code).babel_locale
    return subject, _("Not yet published: %(languages)s.") % {
        "languages": format_list(names, locale=locale)
    }
