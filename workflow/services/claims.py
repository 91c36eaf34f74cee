"""Claims: a translator takes a version, an editor assigns one, claims are renewed,
released, and returned to the pool when they run out."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .. import notices, permissions, states
from ..choices import State
from ..exceptions import IllegalTransition
from ..models import Variant

User = AbstractBaseUser


def variant_claim(*, variant: Variant, actor: User) -> Variant:
    return states.transition(variant, State.IN_TRANSLATION, actor=actor, note="Claimed.")


def variant_assign(*, variant: Variant, actor: User, assignee: User) -> Variant:
    return states.transition(
        variant,
        State.IN_TRANSLATION,
        actor=actor,
        assignee=assignee,
        note=f"Assigned to {assignee.get_username()}.",
    )


def variant_release(*, variant: Variant, actor: User | None, note: str = "") -> Variant:
    return states.transition(variant, State.READY, actor=actor, note=note or "Released.")


@transaction.atomic
def variant_renew_claim(*, variant: Variant, actor: User) -> Variant:
    """Give the claimant a fresh claim period (the state does not change)."""
    locked = Variant.objects.locked().get(pk=variant.pk)
    permissions.may_renew_claim(actor, locked).require()
    locked.claim_expires_at = timezone.now() + timedelta(hours=settings.ANUVAD_CLAIM_HOURS)
    locked.save(update_fields=["claim_expires_at", "updated_at"])
    return locked


def release_expired_claims(*, now: datetime | None = None) -> int:
    """Return every expired claim to the pool; returns how many were released."""
    now = now or timezone.now()
    expired = Variant.objects.filter(state=State.IN_TRANSLATION, claim_expires_at__lt=now)
    released = 0
    for variant in expired.select_related("assignee"):
        holder = variant.assignee.get_username() if variant.assignee else "nobody"
        try:
            states.transition(
                variant,
                State.READY,
                actor=None,
                note=f"Claim by {holder} expired at {variant.claim_expires_at:%Y-%m-%d %H:%M %Z}.",
                # Checked on the locked row: a claim renewed since the query is kept.
                when=Q(claim_expires_at__lt=now),
            )
        except IllegalTransition:
            continue  # released, renewed or submitted meanwhile
        if variant.assignee is not None:
            notices.claim_expired(variant=variant, holder=variant.assignee)
        released += 1
    return released
