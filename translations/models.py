"""Stored language resources: the glossary and the translation memory."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import languages


class GlossaryTerm(models.Model):
    """A name or term that engines must not translate, or must translate one fixed way."""

    class Kind(models.TextChoices):
        KEEP = "keep", _("Do not translate")
        FIXED = "fixed", _("Fixed translation")

    source_language = models.CharField(max_length=8, choices=languages.choices())
    term = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.KEEP)
    # Blank applies a do-not-translate term to every target language.
    target_language = models.CharField(
        max_length=8, choices=languages.choices(), blank=True, default=""
    )
    translation = models.CharField(max_length=200, blank=True, default="")
    case_sensitive = models.BooleanField(default=True)
    note = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("source_language", "term", "target_language")
        constraints = [
            models.UniqueConstraint(
                fields=("source_language", "term", "target_language"),
                name="glossary_term_unique_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(kind="keep") | (~Q(target_language="") & ~Q(translation="")),
                name="glossary_fixed_needs_target_and_translation",
            ),
        ]

    def __str__(self) -> str:
        target = self.target_language or "*"
        return f"{self.term} ({self.source_language}→{target})"

    def expected(self) -> str:
        """The text a translation must contain wherever the source contains the term."""
        return self.translation if self.kind == self.Kind.FIXED else self.term
