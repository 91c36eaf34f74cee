"""Google Translate through deep-translator's scraper of the mobile page (no key needed)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote_plus

from deep_translator import GoogleTranslator

from translations.languages import CODES

from .online import Exchange, OnlineEngine


class GoogleEngine(OnlineEngine):
    """Options: ``url`` replaces the address deep-translator asks
    (https://translate.google.com/m) when not empty; tests point it at a local double."""

    name = "google"
    display_name = "Google Translate"
    # deep-translator refuses texts of 5,000 characters and more.
    char_limit = 4999
    # The text travels in the query string of a GET, and Google answers 400 once a URL
    # passes about 16 KB (deep-translator issue #224: 1,800 CJK characters pass, 1,900
    # fail). Devanagari and Bengali take 9 bytes a character percent-encoded, so for
    # Hindi or Bengali this, not char_limit, is the limit that binds (~1,500 characters).
    max_query_bytes = 14_000
    languages = {code: code for code in CODES}
    option_defaults = {"url": ""}

    def _fits(self, text: str) -> bool:
        return len(text) <= self.char_limit and len(quote_plus(text)) <= self.max_query_bytes

    def _translator(self, source: str, target: str) -> GoogleTranslator:
        translator = GoogleTranslator(source=source, target=target)
        if self.options["url"]:
            translator._base_url = self.options["url"]
        return translator

    def _answer(self, answer: Any, text: str, exchange: Exchange) -> str:
        # deep-translator returns None when Google hands the text back unchanged and it
        # has no letters or digits (only punctuation, say): then the text is the answer.
        if answer is None and exchange.response is not None and exchange.response.ok:
            return text
        return super()._answer(answer, text, exchange)
