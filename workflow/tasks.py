"""Celery tasks: each takes ids, re-checks state through a service, and does one thing."""

from __future__ import annotations

import random
from collections.abc import Callable

from celery import Task, shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.contrib.auth import get_user_model

from . import dispatch, notices, pipeline, services
from .choices import RETRANSLATABLE, State
from .models import Statement, Variant

# Tasks that call the engines: network failures are retried with backoff, under a hard limit.
ENGINE_TASK = {
    "bind": True,
    "autoretry_for": (pipeline.EnginesFailed,),
    "retry_backoff": settings.ANUVAD_MT_RETRY_BACKOFF,
    "retry_backoff_max": settings.ANUVAD_MT_RETRY_BACKOFF_MAX,
    "retry_jitter": True,
    "max_retries": settings.ANUVAD_MT_MAX_RETRIES,
    "time_limit": settings.ANUVAD_MT_TASK_TIME_LIMIT,
    "soft_time_limit": settings.ANUVAD_MT_TASK_TIME_LIMIT * 0.9,
}


def _leased(task: Task, variant_id: int, states, work: Callable[[bool], Variant | None]) -> str:
    """Run ``work(final_attempt)`` holding the version's lease; "skipped" when another copy
    of the task holds it or the version has moved on."""
    # Eagerly (no broker to hold a retry) the first attempt is the last, and the caller's
    # own thread is the only one: no heartbeat.
    eager = bool(task.request.is_eager)
    final = eager or task.request.retries >= task.max_retries
    with pipeline.held(variant_id, states=states, heartbeat=not eager) as lease:
        if lease is None:
            return "skipped"
        try:
            variant = work(final)
        except pipeline.EnginesFailed as exc:
            lease.retry_reason = str(exc)
            if exc.retry_in is not None:
                # The breaker knows when an engine is back: retry then (a little spread, so
                # waiting tasks do not all arrive at once), not on the backoff's schedule.
                lease.retry_in = max(exc.retry_in, 1.0) + random.uniform(0, 1)  # noqa: S311 - spread, not secrecy
                raise task.retry(exc=exc, countdown=lease.retry_in) from exc
            # The retry's longest wait (before jitter shortens it): the version is kept
            # for it until then, plus a lease period.
            lease.retry_in = get_exponential_backoff_interval(
                factor=task.retry_backoff,
                retries=task.request.retries,
                maximum=task.retry_backoff_max,
                full_jitter=False,
            )
            raise
    return "skipped" if variant is None else variant.state


@shared_task(**ENGINE_TASK)
def machine_translate_task(self, variant_id: int) -> str:
    # Network failures are retried with backoff; the last attempt hands the variant to
    # translators with whatever the memory had, and the reasons on its transition.
    return _leased(
        self,
        variant_id,
        [State.PENDING],
        lambda final: pipeline.variant_pretranslate(variant_id=variant_id, final_attempt=final),
    )


@shared_task(**ENGINE_TASK)
def retranslate_task(self, variant_id: int) -> str:
    # A revised source: only the changed sentences go back through memory and engines.
    return _leased(
        self,
        variant_id,
        RETRANSLATABLE,
        lambda final: pipeline.retranslate(variant_id=variant_id, final_attempt=final),
    )


@shared_task(time_limit=settings.ANUVAD_MT_TASK_TIME_LIMIT)
def pivot_translate_task(variant_id: int, via_id: int) -> int:
    return pipeline.variant_pivot(variant_id=variant_id, via_id=via_id)


@shared_task
def requeue_stalled_pretranslation_task() -> int:
    # Versions whose pre- or re-translation nobody is doing: a lease that ran out (its
    # worker was killed), a holder that died on this machine, or a message lost before any
    # worker started it.
    return pipeline.requeue_stalled(quiet_for=settings.ANUVAD_MT_REQUEUE_AFTER)


@shared_task
def flush_outbox_task() -> int:
    # Tasks recorded while the broker was away: sent now that it answers again.
    return dispatch.flush()


@shared_task
def publish_variant_task(variant_id: int, actor_id: int) -> None:
    actor = get_user_model().objects.get(pk=actor_id)
    services.variant_publish(variant_id=variant_id, actor=actor)


@shared_task
def publish_statement_task(statement_id: int, actor_id: int) -> None:
    actor = get_user_model().objects.get(pk=actor_id)
    statement = Statement.objects.get(pk=statement_id)
    services.statement_publish_approved(statement=statement, actor=actor)


@shared_task
def release_expired_claims_task() -> int:
    return services.release_expired_claims()


@shared_task(ignore_result=True)
def notify_transition_task(transition_id: int) -> int:
    return notices.for_transition(transition_id)


@shared_task
def send_reminders_task() -> int:
    return notices.send_reminders()


@shared_task(ignore_result=True, time_limit=settings.ANUVAD_MT_TASK_TIME_LIMIT)
def ai_review_task(variant_id: int) -> int:
    from .ai_review import variant_ai_review

    return variant_ai_review(variant_id=variant_id)
