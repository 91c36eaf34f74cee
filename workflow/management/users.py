"""The person a management command acts as."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from workflow import roles
from workflow.choices import Role


def acting_user(username: str | None, *, role: str = Role.EDITOR):
    """The named user, or else the first active editor (superusers count as editors)."""
    User = get_user_model()
    if username:
        try:
            user = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"No active user called {username!r}.") from None
        return user
    for user in User.objects.filter(is_active=True).order_by("pk"):
        if roles.has_role(user, role):
            return user
    raise CommandError(f"No active user with the {role} role: name one with --as.")
