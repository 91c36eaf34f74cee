"""Digests: each person's notices waiting for the hourly or daily email, sent as one email.

A notice waits for a digest when the person chose one for its kind (services.notify). Every
notice goes out in exactly one digest, however often the digest runs and even when two runs
overlap (a beat that fired twice, a retried task, two workers): each person's pending
notices are locked and marked sent in one transaction, and a run skips rows another run has
locked (SELECT … FOR UPDATE SKIP LOCKED; SQLite's write lock serialises the transactions).
A mail server that refuses the email rolls the marks back, so the notices wait for the next
run rather than being lost.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import emails, services
from .models import Frequency, Notification, Preference

log = logging.getLogger(__name__)

DIGESTS = (Frequency.HOURLY, Frequency.DAILY)


def _pending(frequency: Frequency, now: datetime):
    # A notice read in the app before its digest went out needs no email any more.
    return Notification.objects.filter(
        email_delivery=frequency,
        emailed_at__isnull=True,
        read_at__isnull=True,
        created_at__lte=now,
    )


def digests_send(*, frequency: Frequency | str, now: datetime | None = None) -> int:
    """Send the ``frequency`` digest to everyone with notices waiting for it; returns how
    many emails were sent (one per person at most)."""
    frequency = Frequency(frequency)
    if frequency not in DIGESTS:
        raise ValueError(f"{frequency.value} notices are not gathered into digests.")
    now = now or timezone.now()
    people = sorted(set(_pending(frequency, now).values_list("user_id", flat=True)))
    return sum(_send_to(user_id, frequency, now) for user_id in people)


def _send_to(user_id: int, frequency: Frequency, now: datetime) -> int:
    try:
        with transaction.atomic():
            notes = list(
                _pending(frequency, now)
                .filter(user_id=user_id)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("user")
            )
            if not notes:
                return 0  # sent by another run meanwhile, or being sent by it now
            user = notes[0].user
            if not (user.is_active and user.email):
                dropped, notes = notes, []  # nobody to write to
            else:
                # Kinds the person has stopped wanting by email since: not sent after all.
                off = set(
                    Preference.objects.filter(user_id=user_id, email=False).values_list(
                        "kind", flat=True
                    )
                )
                dropped = [n for n in notes if n.kind in off]
                notes = [n for n in notes if n.kind not in off]
            if dropped:
                # They stay in the app and stop waiting for a digest.
                Notification.objects.filter(pk__in=[n.pk for n in dropped]).update(
                    email_delivery=""
                )
            if not notes:
                return 0
            ids = [n.pk for n in notes]
            marked = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True)
            if marked.update(emailed_at=timezone.now()) != len(ids):
                raise _Raced
            code = services.language_of(user) or settings.LANGUAGE_CODE
            emails.digest_message(notes=notes, frequency=frequency, code=code, to=user.email).send()
    except _Raced:
        return 0  # another run marked some of them first; it sends them
    except (OSError, ValueError):  # SMTP errors are OSErrors; BadHeaderError a ValueError
        log.exception("The %s digest to %s waits for the next run", frequency, user_id)
        return 0
    return 1


class _Raced(Exception):
    """Rows this run locked were marked by another run (only where locks are not taken)."""
