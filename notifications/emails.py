"""The emails notices go out as: one notice at once, or one digest of many; text and HTML.

Each is written in the person's notice language, and its HTML part carries that language's
``lang`` and ``dir``, so an Urdu email reads right to left in any mail program.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from translations import formatting, languages

from .models import Frequency, Kind, Notification


def absolute(url: str) -> str:
    """A desk path as a link that works from a mail program ("" for no path)."""
    return f"{settings.ANUVAD_SITE_URL.rstrip('/')}{url}" if url else ""


def _language(code: str) -> languages.Language:
    try:
        return languages.get(code or settings.LANGUAGE_CODE)
    except languages.UnknownLanguage:
        return languages.DEFAULT


def notice_message(note: Notification, to: str) -> EmailMultiAlternatives:
    """One notice, sent at once: the body, then the link; an HTML part in its language."""
    language = _language(note.language)
    link = absolute(note.url)
    text = "\n\n".join(part for part in (note.body, link) if part)
    with translation.override(language.code):
        html = render_to_string(
            "notifications/email/notice.html",
            {"note": note, "link": link, "language": language},
        )
    message = EmailMultiAlternatives(note.subject, text, None, [to])
    message.attach_alternative(html, "text/html")
    return message


@dataclass(frozen=True)
class DigestItem:
    when: str
    subject: str
    body: str
    link: str
    language: languages.Language


@dataclass(frozen=True)
class DigestGroup:
    kind: Kind
    label: str
    items: tuple[DigestItem, ...]


def digest_subject(frequency: Frequency, count: int, code: str) -> str:
    """“Your daily digest: 3 notices”, in the active language with its digits."""
    n = formatting.format_number(count, code)
    if frequency == Frequency.HOURLY:
        text = ngettext(
            "Your hourly digest: %(count)s notice", "Your hourly digest: %(count)s notices", count
        )
    else:
        text = ngettext(
            "Your daily digest: %(count)s notice", "Your daily digest: %(count)s notices", count
        )
    return text % {"count": n}


def digest_message(
    *, notes: Sequence[Notification], frequency: Frequency, code: str, to: str
) -> EmailMultiAlternatives:
    """One email for many notices, grouped by kind (in the order the kinds are listed),
    oldest first within a kind."""
    language = _language(code)
    with translation.override(language.code):
        subject = digest_subject(frequency, len(notes), language.code)
        groups = []
        for kind in Kind:
            mine = sorted((n for n in notes if n.kind == kind), key=lambda n: (n.created_at, n.pk))
            if mine:
                items = tuple(
                    DigestItem(
                        when=formatting.format_moment(n.created_at, language.code),
                        subject=n.subject,
                        body=n.body,
                        link=absolute(n.url),
                        language=_language(n.language or language.code),
                    )
                    for n in mine
                )
                groups.append(DigestGroup(kind=kind, label=str(kind.label), items=items))
        preferences = absolute(reverse("notifications:preferences"))
        footer = _("Choose what you hear about")
        context = {
            "subject": subject,
            "groups": groups,
            "preferences": preferences,
            "language": language,
        }
        html = render_to_string("notifications/email/digest.html", context)
    text = _digest_text(subject, groups, footer, preferences)
    message = EmailMultiAlternatives(subject, text, None, [to])
    message.attach_alternative(html, "text/html")
    return message


def _digest_text(subject: str, groups: list[DigestGroup], footer: str, link: str) -> str:
    lines = [subject, ""]
    for group in groups:
        lines += [group.label, ""]
        for item in group.items:
            lines.append(f"• {item.when} · {item.subject}")
            lines += [f"  {line}" for line in item.body.splitlines() if line.strip()]
            if item.link:
                lines.append(f"  {item.link}")
            lines.append("")
    lines.append(f"{footer}: {link}")
    return "\n".join(lines) + "\n"
