"""Translations app: languages, segmentation, memory, glossary, engines (no workflow)."""

from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    name = "translations"

    def ready(self) -> None:
        from django.core import checks

        from translations.engines.checks import check_mt_settings

        # Engine settings are checked at start-up, not at the first statement submitted.
        checks.register(check_mt_settings)
