"""Translations app: languages, segmentation, memory, glossary, engines (no workflow)."""

from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    name = "translations"
