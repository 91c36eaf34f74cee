"""Read-side queries of the workflow."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case, Exists, F, OuterRef, Prefetch, QuerySet, Value, When

from . import roles
from .choices import LIVE_STATES, Priority, State
from .models import Statement, Variant


def statements_public() -> QuerySet[Statement]:
    """Statements readers may see: not withdrawn, source language live."""
    live_source = Variant.objects.filter(
        statement=OuterRef("pk"),
        language=OuterRef("source_language"),
        state__in=LIVE_STATES,
    )
    return (
        Statement.objects.filter(withdrawn_at__isnull=True)
        .filter(Exists(live_source))
        .prefetch_related(
            Prefetch("variants", queryset=Variant.objects.only("statement_id", "language", "state"))
        )
    )


def variants_claimable_for(user: AbstractBaseUser) -> QuerySet[Variant]:
    """Ready variants in the user's languages, urgent and nearest deadline first."""
    return (
        Variant.objects.filter(state=State.READY, language__in=roles.working_languages(user))
        .select_related("statement")
        .order_by(
            Case(When(statement__priority=Priority.URGENT, then=Value(0)), default=Value(1)),
            F("statement__deadline").asc(nulls_last=True),
            "created_at",
        )
    )
