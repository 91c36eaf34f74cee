"""Reading a person's notifications and preferences."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from .models import Kind, Notification, Preference


def notifications_for(user: AbstractBaseUser) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, in_app=True)


def unread_count(user: AbstractBaseUser) -> int:
    return notifications_for(user).filter(read_at__isnull=True).count()


def preferences_for(user: AbstractBaseUser) -> list[tuple[Kind, bool, bool]]:
    """Every kind with (email, in_app) as the person set them (default: on)."""
    saved = {p.kind: p for p in Preference.objects.filter(user=user)}
    return [
        (
            kind,
            saved[kind].email if kind in saved else True,
            saved[kind].in_app if kind in saved else True,
        )
        for kind in Kind
    ]
