"""Sending notifications (in the app and by email) and changing who wants which."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from translations import languages

from .models import Kind, NoticeLanguage, Notification, Preference

log = logging.getLogger(__name__)
User = AbstractBaseUser


def channels_for(user: User, kind: str) -> tuple[bool, bool]:
    """(email, in_app) for one person and kind."""
    pref = Preference.objects.filter(user=user, kind=kind).first()
    return (True, True) if pref is None else (pref.email, pref.in_app)


def notify(
    *,
    users: Iterable[User],
    kind: Kind | str,
    key: str,
    subject: str,
    body: str = "",
    url: str = "",
) -> list[Notification]:
    """Tell each person once per ``key``, on the channels they keep on.

    Returns the notifications created; a key already sent to a person is skipped, so
    beat can repeat a reminder without anyone hearing it twice.
    """
    kind = Kind(kind)
    # A line break in a subject (a title pasted with one) would be refused by the mailer.
    subject = " ".join(subject.split())
    created = []
    for user in {u.pk: u for u in users if u is not None and u.is_active}.values():
        email, in_app = channels_for(user, kind)
        if not (email or in_app):
            continue
        try:
            with transaction.atomic():
                note = Notification.objects.create(
                    user=user,
                    kind=kind,
                    key=key[:200],
                    subject=subject[:300],
                    body=body,
                    url=url,
                    in_app=in_app,
                )
        except IntegrityError:
            continue  # sent before
        if email and user.email:
            _email(note, user)
        created.append(note)
    return created


def notify_in_own_language(
    *,
    users: Iterable[User | None],
    kind: Kind | str,
    key: str,
    words: Callable[[], tuple[str, str]],
    url: str = "",
) -> list[Notification]:
    """``notify()``, with the subject and body written in each person's notice language.

    ``words`` returns (subject, body); it is called once per language among the people,
    with that language active, so gettext and Babel speak it.
    """
    created: list[Notification] = []
    for code, group in _by_language(users).items():
        with translation.override(code):
            subject, body = words()
        created += notify(users=group, kind=kind, key=key, subject=subject, body=body, url=url)
    return created


def _by_language(users: Iterable[User | None]) -> dict[str, list[User]]:
    people = [u for u in users if u is not None]
    chosen = dict(
        NoticeLanguage.objects.filter(user__in=[u.pk for u in people]).values_list(
            "user_id", "code"
        )
    )
    groups: dict[str, list[User]] = {}
    for user in people:
        groups.setdefault(chosen.get(user.pk, settings.LANGUAGE_CODE), []).append(user)
    return groups


def language_of(user: User) -> str | None:
    """The language a person chose for their notices, or None if they never chose."""
    return NoticeLanguage.objects.filter(user=user).values_list("code", flat=True).first()


def set_language(*, user: User, code: str) -> None:
    """Write this person's notices in ``code`` from now on; unknown codes are refused."""
    languages.get(code)  # raises UnknownLanguage
    NoticeLanguage.objects.update_or_create(user=user, defaults={"code": code})


def _email(note: Notification, user: User) -> None:
    link = f"{settings.ANUVAD_SITE_URL.rstrip('/')}{note.url}" if note.url else ""
    text = "\n\n".join(part for part in (note.body, link) if part)
    try:
        send_mail(note.subject, text, None, [user.email])
    except (OSError, ValueError):  # SMTP errors are OSErrors; BadHeaderError a ValueError
        # The in-app notice stands; a mail server that is down must not undo the action.
        log.exception("Could not email notification %s to %s", note.pk, user.pk)
        return
    Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())


def mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark some (or all) of a person's unread notifications read; returns how many."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def set_preferences(*, user: User, choices: Mapping[str, tuple[bool, bool]]) -> None:
    """Save (email, in_app) for each kind given; unknown kinds are refused."""
    for kind, (email, in_app) in choices.items():
        Preference.objects.update_or_create(
            user=user, kind=Kind(kind), defaults={"email": email, "in_app": in_app}
        )
