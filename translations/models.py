"""Stored language resources: the glossary and the translation memory."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import languages


class GlossaryTerm(models.Model):
    """A name or term that engines must not translate, or must translate one fixed way, or a
    rendering of it that must never appear in a translation (en "Dalit" → hi "हरिजन")."""

    class Kind(models.TextChoices):
        KEEP = "keep", _("Do not translate")
        FIXED = "fixed", _("Fixed translation")
        # ``translation`` is then the rendering that must not appear, wherever it is.
        FORBIDDEN = "forbidden", _("Forbidden translation")

    source_language = models.CharField(max_length=8, choices=languages.choices())
    term = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.KEEP)
    # Blank applies a do-not-translate term to every target language.
    target_language = models.CharField(
        max_length=8, choices=languages.choices(), blank=True, default=""
    )
    translation = models.CharField(max_length=200, blank=True, default="")
    case_sensitive = models.BooleanField(default=True)
    # Off for names, whose letters never change; on for words that take endings.
    inflects = models.BooleanField(
        _("match inflected forms"),
        default=False,
        help_text=_(
            "Also accept the text with the target language's case endings and plural "
            "forms (Hindi, Bengali, Urdu)."
        ),
    )
    note = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("source_language", "term", "target_language")
        constraints = [
            # One way to treat a term per pair; any number of renderings may be forbidden.
            models.UniqueConstraint(
                fields=("source_language", "term", "target_language"),
                condition=~Q(kind="forbidden"),
                name="glossary_term_unique_per_pair",
            ),
            models.UniqueConstraint(
                fields=("source_language", "term", "target_language", "translation"),
                condition=Q(kind="forbidden"),
                name="glossary_forbidden_unique",
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
        """The text a translation must contain wherever the source contains the term (for a
        forbidden term: the text it must never contain)."""
        return self.term if self.kind == self.Kind.KEEP else self.translation


class MemoryUnit(models.Model):
    """One approved source sentence and its translation, offered again for the same source.

    Write through translations.memory (add, add_many, remove): it keeps the fuzzy index
    (MemoryPosting, MemoryToken) in step, which a plain save() or delete() would not.
    """

    source_language = models.CharField(max_length=8, choices=languages.choices())
    target_language = models.CharField(max_length=8, choices=languages.choices())
    source_text = models.TextField()
    target_text = models.TextField()
    # normalise.source_hash (of the folded source); exact matches are found by it.
    source_hash = models.CharField(max_length=32)
    # blake2b of the target as stored: the unique constraint cannot index long texts.
    target_hash = models.CharField(max_length=32)
    # The statement the translation was approved in, by id only: the memory knows nothing
    # of the workflow, which clears the id when it deletes the statement.
    statement_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(default=timezone.now)
    origin = models.CharField(max_length=20, default="approval")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # Also the index of exact lookups: (pair, source_hash) is its prefix.
            models.UniqueConstraint(
                fields=("source_language", "target_language", "source_hash", "target_hash"),
                name="memory_unit_unique_translation",
            ),
            models.CheckConstraint(
                condition=~Q(source_language=F("target_language")),
                name="memory_unit_two_languages",
            ),
        ]
        indexes = [models.Index(fields=("origin",), name="memory_unit_origin")]

    def __str__(self) -> str:
        return f"{self.source_text[:60]} ({self.source_language}→{self.target_language})"


class MemoryPosting(models.Model):
    """The fuzzy index: one row per distinct word, and word pair, of a unit's source.

    ``key`` hashes the language pair and the token; ``length`` is the length of the source's
    fuzzy form, so a lookup reads only the lengths a passing score allows, straight from the
    primary key. See translations/memory/index.py.
    """

    pk = models.CompositePrimaryKey("key", "length", "unit")
    key = models.BigIntegerField()
    length = models.PositiveIntegerField()
    # No database constraint or index of its own: postings are removed by their full key
    # (translations.memory.remove), and unit deletes must not scan this table.
    unit = models.ForeignKey(
        MemoryUnit,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )

    def __str__(self) -> str:
        return f"{self.key} → unit {self.unit_id}"


class RowidKey(models.BigIntegerField):
    """A 64-bit primary key that SQLite keeps as the table's own rowid.

    SQLite makes a column the table's key only when it is declared exactly "integer
    primary key"; Django's "bigint" would get a separate index, and every lookup by key
    would read two B-trees instead of one. PostgreSQL keeps bigint.
    """

    def db_type(self, connection) -> str | None:
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)


class MemoryToken(models.Model):
    """How many units of a language pair contain a token: lookups read the rarest first."""

    key = RowidKey(primary_key=True)
    df = models.IntegerField()

    def __str__(self) -> str:
        return f"{self.key}: {self.df}"


class EngineResult(models.Model):
    """One engine's translation of one text, kept so the same sentence is not paid for twice.

    Keyed by what decides the answer: the engine and its model, the pair, the text as sent
    (normalise.source_hash, placeholders and all) and the glossary version of the pair,
    since the glossary changes both the text sent and the prompt. Written through
    translations.engine_cache.
    """

    engine = models.CharField(max_length=50)
    model = models.CharField(max_length=200, blank=True, default="")
    source_language = models.CharField(max_length=8, choices=languages.choices())
    target_language = models.CharField(max_length=8, choices=languages.choices())
    source_hash = models.CharField(max_length=32)
    glossary_version = models.CharField(max_length=32)
    source_text = models.TextField()
    text = models.TextField()
    unknown = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=(
                    "engine",
                    "model",
                    "source_language",
                    "target_language",
                    "glossary_version",
                    "source_hash",
                ),
                name="engine_result_unique_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.engine} {self.source_language}→{self.target_language} {self.source_hash}"


class EngineUsage(models.Model):
    """What one engine was asked in one month: the requests it was sent (cache hits are not
    requests), the characters they carried, and the sentences the cache answered instead."""

    engine = models.CharField(max_length=50)
    month = models.DateField(help_text="The first day of the month.")
    requests = models.PositiveIntegerField(default=0)
    characters = models.PositiveBigIntegerField(default=0)
    cache_hits = models.PositiveIntegerField(default=0)
    # When the engine was first found past its monthly budget (and editors were told).
    over_budget_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-month", "engine")
        constraints = [
            models.UniqueConstraint(fields=("engine", "month"), name="engine_usage_one_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.engine} {self.month:%Y-%m}"
