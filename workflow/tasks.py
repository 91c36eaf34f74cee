"""Celery tasks: each takes ids, re-checks state through a service, and does one thing."""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model

from . import services
from .models import Statement


@shared_task
def machine_translate_task(variant_id: int) -> None:
    # Machine translation is not wired in yet: this task only hands the variant to
    # translators, marked for human translation, with an empty working copy.
    services.variant_ready_for_humans(
        variant_id=variant_id,
        reason="No machine translation configured yet: translate by hand.",
    )


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
