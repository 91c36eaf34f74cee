"""Sending notifications (in the app and by email) and changing who wants which, how often."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from translations import languages

from . import emails
from .models import ALWAYS_IMMEDIATE, Frequency, Kind, NoticeLanguage, Notification, Preference

log = logging.getLogger(__name__)
User = AbstractBaseUser


@dataclass(frozen=True)
class Choice:
    """What one person wants for one kind: the channels, and how often the emails go."""

    email: bool = True
    in_app: bool = True
    frequency: Frequency = Frequency.IMMEDIATE


def choice_for(user: User, kind: str) -> Choice:
    """The person's choice for ``kind``; no row saved: both channels, emails at once."""
    pref = Preference.objects.filter(user=user, kind=kind).first()
    if pref is None:
        return Choice()
    return Choice(email=pref.email, in_app=pref.in_app, frequency=Frequency(pref.frequency))


def channels_for(user: User, kind: str) -> tuple[bool, bool]:
    """(email, in_app) for one person and kind."""
    choice = choice_for(user, kind)
    return choice.email, choice.in_app


def email_delivery(choice: Choice, kind: Kind, *, urgent: bool = False) -> Frequency:
    """When the email of a notice goes: the person's choice, except that deadline and claim
    warnings, and anything about an urgent statement, go at once."""
    if urgent or kind in ALWAYS_IMMEDIATE:
        return Frequency.IMMEDIATE
    return choice.frequency


def notify(
    *,
    users: Iterable[User],
    kind: Kind | str,
    key: str,
    subject: str,
    body: str = "",
    url: str = "",
    urgent: bool = False,
    language: str = "",
) -> list[Notification]:
    """Tell each person once per ``key``, on the channels they keep on.

    Returns the notifications created; a key already sent to a person is skipped, so
    beat can repeat a reminder without anyone hearing it twice. Emails go at once or
    wait for the person's hourly or daily digest (``digests``); ``urgent`` ones go at once
    whatever the person chose. ``language`` is the one the words are written in.
    """
    kind = Kind(kind)
    # A line break in a subject (a title pasted with one) would be refused by the mailer.
    subject = " ".join(subject.split())
    created = []
    for user in {u.pk: u for u in users if u is not None and u.is_active}.values():
        choice = choice_for(user, kind)
        if not (choice.email or choice.in_app):
            continue
        emailed = choice.email and bool(user.email)
        delivery = email_delivery(choice, kind, urgent=urgent) if emailed else ""
        try:
            with transaction.atomic():
                note = Notification.objects.create(
                    user=user,
                    kind=kind,
                    key=key[:200],
                    subject=subject[:300],
                    body=body,
                    url=url,
                    in_app=choice.in_app,
                    email_delivery=delivery,
                    language=language or language_of(user) or settings.LANGUAGE_CODE,
                )
        except IntegrityError:
            continue  # sent before
        if delivery == Frequency.IMMEDIATE:
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
    urgent: bool = False,
) -> list[Notification]:
    """``notify()``, with the subject and body written in each person's notice language.

    ``words`` returns (subject, body); it is called once per language among the people,
    with that language active, so gettext and Babel speak it.
    """
    created: list[Notification] = []
    for code, group in _by_language(users).items():
        with translation.override(code):
            subject, body = words()
        created += notify(
            users=group,
            kind=kind,
            key=key,
            subject=subject,
            body=body,
            url=url,
            urgent=urgent,
            language=code,
        )
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
    try:
        emails.notice_message(note, user.email).send()
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


@transaction.atomic
def set_preferences(
    *,
    user: User,
    choices: Mapping[str, tuple[bool, bool]],
    frequencies: Mapping[str, str] | None = None,
) -> None:
    """Save (email, in_app) for each kind given, and how often its emails go for each kind
    in ``frequencies`` (a kind left out keeps what it had).

    Unknown kinds and frequencies are refused before anything is saved; deadline and
    claim warnings always go at once, so a digest is refused for them.
    """
    frequencies = frequencies or {}
    wanted = {Kind(kind): Frequency(value) for kind, value in frequencies.items()}
    for kind, value in wanted.items():
        if kind in ALWAYS_IMMEDIATE and value != Frequency.IMMEDIATE:
            raise ValueError(f"{kind.value} notices always go at once.")
    for kind, (email, in_app) in {Kind(k): v for k, v in choices.items()}.items():
        defaults = {"email": email, "in_app": in_app}
        if kind in wanted:
            defaults["frequency"] = wanted.pop(kind)
        Preference.objects.update_or_create(user=user, kind=kind, defaults=defaults)
    for kind, value in wanted.items():  # a frequency without channels: the channels stay
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"frequency": value})
