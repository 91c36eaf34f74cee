"""Reading a person's notifications and preferences."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from .models import ALWAYS_IMMEDIATE, Frequency, Kind, Notification, Preference


def notifications_for(user: AbstractBaseUser) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, in_app=True)


def unread_count(user: AbstractBaseUser) -> int:
    return notifications_for(user).filter(read_at__isnull=True).count()


@dataclass(frozen=True)
class PreferenceRow:
    kind: Kind
    email: bool
    in_app: bool
    frequency: Frequency
    # Deadline and claim warnings: always emailed at once, no frequency to choose.
    always_immediate: bool


def preferences_for(user: AbstractBaseUser) -> list[PreferenceRow]:
    """Every kind as the person set it (default: both channels on, emails at once)."""
    saved = {p.kind: p for p in Preference.objects.filter(user=user)}
    rows = []
    for kind in Kind:
        pref = saved.get(kind)
        rows.append(
            PreferenceRow(
                kind=kind,
                email=pref.email if pref else True,
                in_app=pref.in_app if pref else True,
                frequency=Frequency(pref.frequency) if pref else Frequency.IMMEDIATE,
                always_immediate=kind in ALWAYS_IMMEDIATE,
            )
        )
    return rows
