"""Microsoft Translator (Azure AI Translator) through deep-translator; needs a key."""

from __future__ import annotations

from deep_translator import MicrosoftTranslator

from translations.languages import CODES

from .online import OnlineEngine


class _MicrosoftTranslator(MicrosoftTranslator):
    def _get_supported_languages(self) -> dict[str, str]:
        # deep-translator downloads Microsoft's language list on every construction: an
        # extra request per call, made before any timeout applies. Ours are fixed, and
        # Microsoft translates between all four.
        return {"english": "en", "hindi": "hi", "bengali": "bn", "urdu": "ur"}


class MicrosoftEngine(OnlineEngine):
    """Options: ``api_key``, ``region`` (of the Azure resource, when it has one) and
    ``url``, which replaces the global endpoint
    (https://api.cognitive.microsofttranslator.com/translate?api-version=3.0), e.g. for a
    regional one."""

    name = "microsoft"
    display_name = "Microsoft Translator"
    # The API takes 50,000 characters a request; a fifth of that keeps each answer quick.
    char_limit = 10_000
    languages = {code: code for code in CODES}
    option_defaults = {"api_key": "", "region": "", "url": ""}
    required = {"api_key": "MICROSOFT_TRANSLATOR_KEY"}

    def _translator(self, source: str, target: str) -> MicrosoftTranslator:
        translator = _MicrosoftTranslator(
            source=source,
            target=target,
            api_key=self.options["api_key"],
            region=self.options["region"] or None,
        )
        if self.options["url"]:
            translator._base_url = self.options["url"]
        return translator
