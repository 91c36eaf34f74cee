"""modeltranslation registrations: published statement text, topic and organisation names."""

from modeltranslation.translator import TranslationOptions, register

from .models import TEXT_FIELDS, Organisation, Statement, Topic


@register(Statement)
class StatementTranslationOptions(TranslationOptions):
    fields = TEXT_FIELDS
    # Never let one language silently show another's text: Statement.published_text
    # falls back to the statement's own source language and says so.
    fallback_languages = {"default": ()}


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("name",)
