"""DeepL through deep-translator; needs an API key (DEEPL_API_KEY)."""

from __future__ import annotations

from deep_translator import DeeplTranslator

from .online import OnlineEngine


class DeeplEngine(OnlineEngine):
    """Options: ``api_key``, ``use_free_api`` (the api-free.deepl.com host) and ``url``,
    which replaces deep-translator's base URL (``https://api-free.deepl.com/v2/``)."""

    name = "deepl"
    display_name = "DeepL"
    # deep-translator sends the text in the query string of a GET; keep URLs modest.
    char_limit = 4000
    # Honest coverage: deep-translator 1.11 knows only DeepL's stable languages, and of
    # ours that is English alone. DeepL lists Bengali and Hindi only as beta languages,
    # which deep-translator has no way to ask for; so DeepL offers none of our pairs.
    languages = {"en": "en"}
    option_defaults = {"api_key": "", "use_free_api": True, "url": ""}
    required = {"api_key": "DEEPL_API_KEY"}

    def _translator(self, source: str, target: str) -> DeeplTranslator:
        translator = DeeplTranslator(
            source=source,
            target=target,
            api_key=self.options["api_key"],
            use_free_api=self.options["use_free_api"],
        )
        if self.options["url"]:
            translator._base_url = self.options["url"].rstrip("/") + "/"
        return translator
