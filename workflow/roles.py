"""Roles (Django groups) and working languages: who may act on which language."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission

from translations.languages import CODES

from .choices import Role
from .models import TranslatorProfile, WorkingLanguage

AnyUser = AbstractBaseUser | AnonymousUser

# Model permissions each group gets in the admin. State changes are never granted
# here: they go through the services whatever the admin permissions say.
GROUP_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.AUTHOR: (
        "workflow.view_statement",
        "workflow.add_statement",
        "workflow.change_statement",
        "workflow.view_variant",
        "workflow.view_topic",
        "workflow.view_organisation",
    ),
    Role.TRANSLATOR: ("workflow.view_statement", "workflow.view_variant"),
    Role.REVIEWER: (
        "workflow.view_statement",
        "workflow.view_variant",
        "workflow.view_transition",
    ),
    Role.EDITOR: (
        "workflow.view_statement",
        "workflow.add_statement",
        "workflow.change_statement",
        "workflow.view_variant",
        "workflow.change_variant",
        "workflow.view_transition",
        "workflow.view_topic",
        "workflow.add_topic",
        "workflow.change_topic",
        "workflow.view_organisation",
        "workflow.add_organisation",
        "workflow.change_organisation",
        "workflow.view_translatorprofile",
        "workflow.add_translatorprofile",
        "workflow.change_translatorprofile",
        "workflow.view_sourcerevision",
    ),
}


def ensure_groups() -> None:
    """Create the role groups with their admin permissions (idempotent; run after migrate)."""
    for role, perms in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".")
            wanted.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.add(*wanted)


def role_names(user: AnyUser) -> frozenset[str]:
    """The roles a user holds (cached on the user object for the request)."""
    if not user or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_anuvad_roles", None)
    if cached is None:
        if user.is_superuser:
            cached = frozenset(Role.values)
        else:
            cached = frozenset(
                user.groups.filter(name__in=Role.values).values_list("name", flat=True)
            )
        user._anuvad_roles = cached
    return cached


def has_role(user: AnyUser, *roles: str) -> bool:
    return bool(role_names(user) & set(roles))


def working_languages(user: AnyUser) -> frozenset[str]:
    """Language codes the user works in. Superusers work in all."""
    if not user or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_anuvad_languages", None)
    if cached is None:
        if user.is_superuser:
            cached = frozenset(CODES)
        else:
            cached = frozenset(
                WorkingLanguage.objects.filter(profile__user=user).values_list("code", flat=True)
            )
        user._anuvad_languages = cached
    return cached


def works_in(user: AnyUser, code: str) -> bool:
    return code in working_languages(user)


def forget(user: AnyUser) -> None:
    """Drop cached roles/languages after they change."""
    for attr in ("_anuvad_roles", "_anuvad_languages"):
        if hasattr(user, attr):
            delattr(user, attr)


def set_working_languages(user: AbstractBaseUser, codes: Iterable[str]) -> None:
    profile, _ = TranslatorProfile.objects.get_or_create(user=user)
    codes = set(codes)
    profile.working_languages.exclude(code__in=codes).delete()
    for code in codes:
        WorkingLanguage.objects.get_or_create(profile=profile, code=code)
    forget(user)


def people(*wanted: str, language: str | None = None) -> list[AbstractBaseUser]:
    """Active users holding any of the roles (and working in ``language`` if given)."""
    found = get_user_model().objects.filter(is_active=True, groups__name__in=wanted)
    if language is not None:
        found = found.filter(translator_profile__working_languages__code=language)
    return list(found.distinct())
