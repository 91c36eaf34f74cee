"""Who hears of what: notifications for workflow moves, claims and deadlines.

The messages go through the notifications app; this module only decides the recipients
and the words. Everything runs in Celery tasks after the change has been committed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from notifications.models import Kind
from notifications.services import notify
from translations import languages

from . import roles
from .choices import Role, State
from .models import Statement, Transition, Variant
from .selectors import IN_FLIGHT

# Deadlines further back than this are not announced as overdue any more.
OVERDUE_LOOKBACK = timedelta(days=7)


def queue_for(transition_id: int) -> None:
    """Send the notices for one recorded move from a task (called after commit)."""
    from .tasks import notify_transition_task

    notify_transition_task.delay(transition_id)


def _label(variant: Variant) -> str:
    return f"“{variant.statement.title_for_desk}” ({variant.language_info.name})"


def _url(variant: Variant, view: str = "edit") -> str:
    return reverse(f"workspace:{view}", args=[variant.pk])


def for_transition(transition_id: int) -> int:
    """Tell the people a move concerns; returns how many notifications were made."""
    record = Transition.objects.select_related("variant__statement", "actor").get(pk=transition_id)
    variant, to, actor = record.variant, State(record.to_state), record.actor
    label = _label(variant)
    by = actor.get_username() if actor else "the desk"
    actor_id = actor.pk if actor else None
    if to is State.READY and not variant.is_source:
        translators = roles.people(Role.TRANSLATOR, language=variant.language)
        users = [u for u in translators if u.pk != actor_id]
        kind, subject, url = Kind.NEW_WORK, f"Ready to claim: {label}", reverse("workspace:my_work")
    elif to is State.IN_TRANSLATION and variant.assignee_id not in (None, actor_id):
        users = [variant.assignee]
        kind, subject, url = Kind.ASSIGNED, f"{by} assigned {label} to you", _url(variant)
    elif to is State.IN_REVIEW:
        reviewers = roles.people(Role.REVIEWER, Role.EDITOR, language=variant.language)
        users = [u for u in reviewers if u.pk != variant.translated_by_id]
        kind, subject = Kind.REVIEW_WANTED, f"Waiting for review: {label}"
        url = _url(variant, "review")
    elif to is State.CHANGES_REQUESTED:
        users = _workers(variant)
        kind, subject = Kind.CHANGES_REQUESTED, f"{by} asked for changes to {label}"
        url = _url(variant)
    elif to is State.APPROVED:
        users = _workers(variant)
        kind, subject, url = Kind.APPROVED, f"{by} approved {label}", _url(variant, "review")
    elif to is State.PUBLISHED:
        users = [*_workers(variant), variant.statement.created_by]
        kind, subject = Kind.PUBLISHED, f"Published: {label}"
        url = variant.statement.get_absolute_url(variant.language)
    else:
        return 0
    sent = notify(
        users=users,
        kind=kind,
        key=f"transition:{record.pk}",
        subject=subject,
        body=record.note,
        url=url,
    )
    return len(sent)


def _workers(variant: Variant) -> list[AbstractBaseUser]:
    ids = {variant.translated_by_id, variant.assignee_id} - {None}
    return list(get_user_model().objects.filter(pk__in=ids))


def claim_expired(*, variant: Variant, holder: AbstractBaseUser) -> None:
    notify(
        users=[holder],
        kind=Kind.CLAIM_EXPIRED,
        key=f"claim-expired:{variant.pk}:{variant.claim_expires_at.isoformat()}",
        subject=f"Your claim on {_label(variant)} expired",
        body="Your saved sentences are kept; claim it again to go on.",
        url=reverse("workspace:my_work"),
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
            notify(
                users=[variant.assignee],
                kind=Kind.CLAIM_EXPIRING,
                key=f"claim-expiring:{variant.pk}:{variant.claim_expires_at.isoformat()}",
                subject=f"Your claim on {_label(variant)} expires in {minutes} minutes",
                body="Save your work, renew the claim, or release it for someone else.",
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
        names = ", ".join(v.language_info.name for v in unfinished)
        sent += len(
            notify(
                users=[*editors, *(v.assignee for v in unfinished if v.assignee)],
                kind=Kind.OVERDUE if overdue else Kind.DEADLINE,
                key=f"{'overdue' if overdue else 'deadline'}:{statement.pk}:"
                f"{statement.deadline.isoformat()}",
                subject=(
                    f"Overdue: “{statement.title_for_desk}”"
                    if overdue
                    else f"Deadline at {timezone.localtime(statement.deadline):%H:%M}: "
                    f"“{statement.title_for_desk}”"
                ),
                body=f"Not yet published: {names}.",
                url=reverse("workspace:dashboard"),
            )
        )
    return sent
