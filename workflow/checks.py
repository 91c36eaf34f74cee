"""System checks: a production desk refuses to start while a demo login still works."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core import checks
from django.db import DatabaseError, router

from .demo.users import DEMO_USERS


def demo_logins_check(
    app_configs: Any = None, databases: list[str] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """An error for each demo user whose published password still logs in, debug off.

    Not a deploy-only check: `migrate` (the compose stack's first step), gunicorn's start
    (config/gunicorn.py) and `check --database default` run it, so a copied development
    database cannot go live. It reads users only when asked about their database, as
    Django's database checks do; a database not migrated yet has no users to find.
    """
    User = get_user_model()
    alias = router.db_for_read(User)
    if settings.DEBUG or not databases or alias not in databases:
        return []
    published = {demo.username: demo.password for demo in DEMO_USERS}
    try:
        found = list(
            User._default_manager.using(alias)
            .filter(username__in=published)
            .values_list(User.USERNAME_FIELD, "password")
        )
    except DatabaseError:
        return []
    # hashers.check_password, not user.check_password: a check must not rehash and save.
    working = sorted(name for name, encoded in found if check_password(published[name], encoded))
    return [
        checks.Error(
            f"The demo user {name!r} still has its published demo password.",
            hint=(
                "Give it a new password (manage.py changepassword "
                f"{name}) or delete it; demo logins are for DJANGO_DEBUG=1 only."
            ),
            id="workflow.E001",
        )
        for name in working
    ]
