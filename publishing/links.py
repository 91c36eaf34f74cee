"""Addresses of reader pages: absolute URLs, the same page in other languages, x-default."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from translations import languages
from workflow.models import Statement


@dataclass(frozen=True)
class Alternate:
    """The page in another language, for the switcher and <link rel="alternate">."""

    language: languages.Language
    path: str

    @property
    def url(self) -> str:
        return absolute(self.path)


def absolute(path: str) -> str:
    """The public address of ``path`` (ANUVAD_SITE_URL), the same whoever asked."""
    return settings.ANUVAD_SITE_URL.rstrip("/") + path


def unprefixed(path: str) -> str:
    """``/hi/statements/x/`` → ``/statements/x/``: the address that picks the reader's language.

    Used as hreflang x-default: LocaleMiddleware sends it on to the language the browser asks
    for, as Django's own i18n sitemaps do.
    """
    code = translation.get_language_from_path(path)
    return path[len(code) + 1 :] if code else path


def statement_alternates(statement: Statement) -> list[Alternate]:
    """The statement in each language it is published in, in the site's language order."""
    return [
        Alternate(languages.get(code), statement.get_absolute_url(code))
        for code in statement.published_languages()
    ]


def page_alternates(path: str) -> list[Alternate]:
    """A page that exists in every language (home, topics, search), in each of them."""
    return [Alternate(lang, translate_url(path, lang.code)) for lang in languages.LANGUAGES]


def head(path: str, alternates: list[Alternate]) -> dict[str, object]:
    """The <head> addresses of a page whose canonical address is ``path``."""
    return {
        "alternates": alternates,
        "canonical": absolute(path),
        "x_default": absolute(unprefixed(path)),
    }
