"""Sending workflow tasks once the transaction that asked for them has committed.

A task asked for by a change is recorded in the database (``QueuedTask``) in the same
transaction as the change, and sent once it commits; the row goes when the broker has
taken the message. While the broker is away the rows wait, and beat's flush sends them
when it is back, so nothing a committed change asked for is lost. Every task is safe to
receive twice (each re-checks state, notices are keyed), so a row sent by both the request
and the flush costs a little time and nothing else.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta

from celery import current_app, group
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from .models import QueuedTask

log = logging.getLogger(__name__)

# What a send raises when the broker cannot be reached (Celery wraps most of them).
BROKER_ERRORS = (OperationalError, RedisError, OSError)
# After a failed send, sends from this process wait this long (s) before trying again and
# leave their rows to the flush: a request that asks for several tasks during an outage
# pays for one failed connection, not one for each.
PAUSE_AFTER_FAILURE = 5.0
_paused_until = 0.0


def after_commit(task: str, *calls: tuple) -> None:
    """Send ``workflow.tasks.<task>`` once per argument tuple, as one group, after commit.

    Tasks are named rather than imported (tasks import the services); a task never sees
    a row its caller has not committed, and the broker being away loses none of them.
    """
    name = f"workflow.tasks.{task}"
    with transaction.atomic():
        rows = QueuedTask.objects.bulk_create(
            QueuedTask(task=name, args=list(args)) for args in calls
        )
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: _send(ids, name, calls), robust=True)


def send(task: str, *args: object) -> None:
    """Send ``workflow.tasks.<task>`` now, from code that keeps its own record of the work
    (the requeue sweep finds it again if this send is lost). Raises a broker error."""
    current_app.signature(f"workflow.tasks.{task}", args=args).apply_async()


def waiting(task: str, first_arg: object) -> bool:
    """Whether a ``task`` whose first argument is ``first_arg`` is recorded but not sent."""
    return QueuedTask.objects.filter(task=f"workflow.tasks.{task}", args__0=first_arg).exists()


def flush(*, older_than: float | None = None) -> int:
    """Send the recorded tasks the broker has not yet taken; returns how many were sent.

    Stops at the first failure (the broker is still away) and leaves the rest for the next
    flush. Rows younger than ``older_than`` seconds (ANUVAD_OUTBOX_GRACE) are left to the
    request that recorded them.
    """
    grace = settings.ANUVAD_OUTBOX_GRACE if older_than is None else older_than
    cutoff = timezone.now() - timedelta(seconds=grace)
    sent = 0
    for row in QueuedTask.objects.filter(created_at__lte=cutoff).order_by("created_at", "pk"):
        try:
            current_app.signature(row.task, args=tuple(row.args)).apply_async()
        except BROKER_ERRORS as exc:
            QueuedTask.objects.filter(pk=row.pk).update(attempts=row.attempts + 1)
            log.warning("The broker is still unreachable (%s); %s waits.", exc, row)
            break
        QueuedTask.objects.filter(pk=row.pk).delete()
        sent += 1
    return sent


def _send(ids: Sequence[int], name: str, calls: Sequence[tuple]) -> None:
    global _paused_until
    eager = current_app.conf.task_always_eager
    if not eager and time.monotonic() < _paused_until:
        return  # the broker failed a moment ago: the flush will send these
    try:
        group(current_app.signature(name, args=args) for args in calls).apply_async()
    except BROKER_ERRORS as exc:
        _paused_until = time.monotonic() + PAUSE_AFTER_FAILURE
        log.warning("Broker unreachable (%s): %s %s recorded for later.", exc, name, calls)
        return
    _paused_until = 0.0
    QueuedTask.objects.filter(pk__in=ids).delete()


@contextmanager
def in_this_process() -> Iterator[None]:
    """Run every task sent inside the block here and now, instead of through the broker.

    For one-off loaders that run before any worker or broker does (load_demo in `make run`).
    It switches the Celery app's task_always_eager, so it is for a command's own process,
    not for a web or worker process with other threads sending tasks.
    """
    conf = current_app.conf
    previous = conf.task_always_eager
    conf.task_always_eager = True
    try:
        yield
    finally:
        conf.task_always_eager = previous
