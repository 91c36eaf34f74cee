"""Celery tasks: each takes ids, re-checks state through a service, and does one thing."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model

from . import dispatch, notices, pipeline, services
from .models import Statement

# Tasks that call the engines: network failures are retried with backoff, under a hard limit.
ENGINE_TASK = {
    "bind": True,
    "autoretry_for": (pipeline.EnginesFailed,),
    "retry_backoff": settings.ANUVAD_MT_RETRY_BACKOFF,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": settings.ANUVAD_MT_MAX_RETRIES,
    "time_limit": settings.ANUVAD_MT_TASK_TIME_LIMIT,
    "soft_time_limit": settings.ANUVAD_MT_TASK_TIME_LIMIT * 0.9,
}


@shared_task(**ENGINE_TASK)
def machine_translate_task(self, variant_id: int) -> str:
    # Network failures are retried with backoff; the last attempt hands the variant to
    # translators with whatever the memory had, and the reasons on its transition. Run
    # eagerly (no broker to hold a retry), the first attempt is the last.
    final = self.request.is_eager or self.request.retries >= self.max_retries
    variant = pipeline.variant_pretranslate(variant_id=variant_id, final_attempt=final)
    return "skipped" if variant is None else variant.state


@shared_task(**ENGINE_TASK)
def retranslate_task(self, variant_id: int) -> str:
    # A revised source: only the changed sentences go back through memory and engines.
    final = self.request.is_eager or self.request.retries >= self.max_retries
    variant = pipeline.retranslate(variant_id=variant_id, final_attempt=final)
    return "skipped" if variant is None else variant.state


@shared_task(time_limit=settings.ANUVAD_MT_TASK_TIME_LIMIT)
def pivot_translate_task(variant_id: int, via_id: int) -> int:
    return pipeline.variant_pivot(variant_id=variant_id, via_id=via_id)


@shared_task
def requeue_stalled_pretranslation_task() -> int:
    # Pending versions whose pre-translation, and outdated ones whose re-translation, was
    # lost (a broker outage at the moment it was sent).
    after = settings.ANUVAD_MT_REQUEUE_AFTER
    stalled = pipeline.stalled_variants(older_than_seconds=after)
    for variant_id in stalled:
        machine_translate_task.delay(variant_id)
    outdated = pipeline.stalled_outdated(older_than_seconds=after)
    for variant_id in outdated:
        retranslate_task.delay(variant_id)
    return len(stalled) + len(outdated)


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
