"""The demo desk's people: one login for every role, with public passwords."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group

from notifications import services as notification_services
from translations import languages

from .. import roles
from ..choices import Role


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    languages: tuple[str, ...]


# Passwords are public on purpose: load_demo refuses to run unless ANUVAD_DEMO is on,
# which it is only for local development (DJANGO_DEBUG=1).
DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("editor", "anuvad-editor", Role.EDITOR, languages.CODES),
    DemoUser("reviewer", "anuvad-reviewer", Role.REVIEWER, languages.CODES),
    DemoUser("author", "anuvad-author", Role.AUTHOR, ("en", "hi")),
    DemoUser("translator_hi", "anuvad-hi", Role.TRANSLATOR, ("hi", "en")),
    DemoUser("translator_bn", "anuvad-bn", Role.TRANSLATOR, ("bn", "en")),
    DemoUser("translator_ur", "anuvad-ur", Role.TRANSLATOR, ("ur", "hi")),
)


def ensure_users() -> dict[str, AbstractBaseUser]:
    """The demo users by username, created if missing, each in its role's group."""
    User = get_user_model()
    roles.ensure_groups()
    users = {}
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={"is_staff": True, "email": f"{spec.username}@example.org"},
        )
        if created:
            user.set_password(spec.password)
            user.save()
            if spec.role == Role.TRANSLATOR:
                # Translators read their notices in the language they translate into.
                notification_services.set_language(user=user, code=spec.languages[0])
        user.groups.add(Group.objects.get(name=spec.role))
        roles.set_working_languages(user, spec.languages)
        users[spec.username] = user
    return users


def translator_for(code: str, users: dict[str, AbstractBaseUser]) -> AbstractBaseUser:
    """The demo translator who translates into ``code``, else one who works in it."""
    for spec in DEMO_USERS:
        if spec.role == Role.TRANSLATOR and spec.languages[0] == code:
            return users[spec.username]
    return next(
        users[s.username] for s in DEMO_USERS if s.role == Role.TRANSLATOR and code in s.languages
    )
