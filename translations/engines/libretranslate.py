"""LibreTranslate, usually self-hosted: needs its URL (LIBRETRANSLATE_URL), maybe a key."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from deep_translator import LibreTranslator

from translations.languages import CODES

from .online import OnlineEngine


class _LibreTranslator(LibreTranslator):
    def _map_language_to_code(self, *languages: str) -> Iterator[str]:
        # deep-translator's list of LibreTranslate languages predates its Bengali and
        # Urdu models, so it would refuse bn and ur; the server knows what it has, so
        # our codes (which are LibreTranslate's) go out as they are.
        yield from languages


class LibreTranslateEngine(OnlineEngine):
    """Options: ``url`` (the server root, e.g. http://localhost:5000/), ``api_key`` when
    the server wants one, and ``char_limit`` (the server's --char-limit, if lower)."""

    name = "libretranslate"
    display_name = "LibreTranslate"
    char_limit = 2000
    # LibreTranslate's Argos models cover en↔hi, en↔bn and en↔ur, and the server pivots
    # through English for the other pairs by itself.
    languages = {code: code for code in CODES}
    option_defaults = {"url": "", "api_key": "", "char_limit": 2000}
    required = {"url": "LIBRETRANSLATE_URL"}

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.char_limit = int(self.options["char_limit"])  # type: ignore[misc]

    def _translator(self, source: str, target: str) -> LibreTranslator:
        api_key = self.options["api_key"]
        translator = _LibreTranslator(
            source=source,
            target=target,
            # deep-translator insists on a key even for servers that want none ...
            api_key=api_key or "unused",
            custom_url=self.options["url"].rstrip("/") + "/",
        )
        if not api_key:
            translator.api_key = None  # ... and sends none when it is empty.
        return translator
