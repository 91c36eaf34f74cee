"""Statements, their language variants, source revisions, the transition log and profiles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from translations import languages
from translations.sanitise import strip_bidi_overrides

from .choices import ChangeReason, Kind, Origin, Priority, State, is_live

# The statement fields that hold published text per language (registered in translation.py)
# and that every variant carries as its working copy.
TEXT_FIELDS = ("title", "summary", "body", "byline", "dateline")


class VersionText(models.Model):
    """The five text fields a language version is made of, wherever a copy of them is kept."""

    title = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    byline = models.CharField(max_length=300, blank=True)
    dateline = models.CharField(max_length=120, blank=True)

    class Meta:
        abstract = True

    def text(self) -> dict[str, str]:
        return {f: getattr(self, f) for f in TEXT_FIELDS}


class Topic(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=120)  # translated

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name or self.slug


class Organisation(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)  # translated

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name or self.slug


@dataclass(frozen=True)
class PublishedText:
    """What a reader of ``requested`` gets: that language's text, or the source's."""

    requested: str
    language: str
    title: str
    summary: str
    body: str
    byline: str
    dateline: str

    @property
    def is_fallback(self) -> bool:
        return self.language != self.requested


class Statement(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=False)
    source_language = models.CharField(max_length=5, choices=languages.choices())
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PRESS)
    # Translated fields (title_en, title_hi, ...): the PUBLISHED text of each language.
    # Work in progress lives in Variant; publishing copies it here.
    title = models.CharField(_("title"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    byline = models.CharField(_("byline"), max_length=300, blank=True)
    dateline = models.CharField(_("dateline place"), max_length=120, blank=True)

    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="statements"
    )
    signatories = models.ManyToManyField(
        Organisation,
        verbose_name=_("signatories"),
        through="Signatory",
        blank=True,
        related_name="statements",
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    first_published_at = models.DateTimeField(null=True, blank=True)
    last_revised_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Archive import: the file it came from and a digest of its files, so that importing
    # the same archive again changes nothing.
    imported_from = models.CharField(max_length=300, blank=True, default="")
    import_digest = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["-issued_on", "-created_at"]
        indexes = [models.Index(fields=["priority", "deadline"])]

    def __str__(self) -> str:
        return self.slug

    def get_absolute_url(self, language: str | None = None) -> str:
        """The reader page, in ``language`` (default: the active language)."""
        with translation.override(language or translation.get_language()):
            return reverse("publishing:statement", kwargs={"slug": self.slug})

    @property
    def title_for_desk(self) -> str:
        """The source title as last saved on the desk, published or not.

        Lists annotate it as ``desk_title`` (selectors.with_desk_title) to save a query a row.
        """
        annotated = getattr(self, "desk_title", None)
        if annotated is not None:
            return annotated
        title = (
            self.variants.filter(language=self.source_language)
            .values_list("title", flat=True)
            .first()
        )
        return title or self.slug

    def published_text(self, language: str) -> PublishedText | None:
        """The published text for a reader of ``language``.

        Falls back to the source language when ``language`` has no published version
        (``is_fallback`` tells); None when not even the source is published.
        """
        for code in (language, self.source_language):
            # Every reader surface (pages, feeds, the API) takes the text from here.
            values = {
                f: strip_bidi_overrides(getattr(self, build_localized_fieldname(f, code)) or "")
                for f in TEXT_FIELDS
            }
            if values["title"]:
                return PublishedText(requested=language, language=code, **values)
        return None

    def translation_behind(self, language: str) -> bool:
        """Whether ``language``'s live text translates an older source revision than the
        live one: readers are told it is being updated (reads prefetched variants)."""
        if language == self.source_language:
            return False
        found = {v.language: v for v in self.variants.all()}
        mine, source = found.get(language), found.get(self.source_language)
        if mine is None or source is None or not is_live(mine):
            return False
        return None not in (mine.live_revision_id, source.live_revision_id) and (
            mine.live_revision_id != source.live_revision_id
        )

    def published_languages(self) -> list[str]:
        """Codes with live text, in languages.CODES order (reads prefetched variants)."""
        live = {v.language for v in self.variants.all() if is_live(v)}
        return [code for code in languages.CODES if code in live]


class FormerSlug(models.Model):
    """An address a statement had before it was renamed: readers following an old link are
    sent on to the new one, and no other statement may take it."""

    slug = models.SlugField(max_length=120, unique=True)
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="former_slugs")
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.slug} → {self.statement_id}"


class StatementSearch(models.Model):
    """A statement's live text in one language as reader search compares it.

    There is a row exactly when readers can see the statement in that language
    (workflow.search.reindex keeps it so). On PostgreSQL each text column has a trigram index
    led by the language (migration 0011), which serves their LIKE '%…%' lookups.
    """

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=5, choices=languages.choices())
    # normalise.search_form of the title, summary and body.
    text = models.TextField()
    # romanise.latin_key of the same: found from a query typed in Latin letters.
    latin = models.TextField(blank=True, default="")
    # The statement's listing order, copied (workflow.search.order_values): its issue date,
    # then first publication, each with a sentinel for "none" that sorts last, so that
    # results sort as listings do without reading statements. Not indexed: with an index
    # in this order PostgreSQL walked every row of the language to avoid sorting a few
    # thousand matches, four times slower than sorting the trigram index's matches.
    order_date = models.DateField(default=date.min)
    order_time = models.DateTimeField(default=datetime.min.replace(tzinfo=UTC))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "language"], name="one_search_text_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.statement_id} [{self.language}]"


class Signatory(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "organisation"], name="unique_signatory")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.statement})"


class SourceRevision(VersionText):
    """A snapshot of the source text that translations are made from. Never edited."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)  # a revision always has a title
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Set when this revision becomes the source readers see.
    published_at = models.DateTimeField(null=True, blank=True)
    # What changed, for readers (written by an editor; shown with "Updated on …").
    change_note = models.TextField(_("change note"), blank=True, max_length=1000)
    change_note_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["statement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "number"], name="unique_revision_number")
        ]

    def __str__(self) -> str:
        return f"{self.statement.slug} r{self.number}"


class VariantQuerySet(models.QuerySet):
    def locked(self) -> VariantQuerySet:
        """Rows locked for a write, with their statement (read, not locked).

        Only the variant's own row is locked (``of``): PostgreSQL re-reads just that row
        after waiting for the lock, so nothing else is joined that could be stale.
        """
        return self.select_for_update(of=("self",)).select_related("statement")


class Variant(VersionText):
    """One language version of a statement; the source language is a variant too.

    ``state`` is written only by workflow.states.
    """

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="variants")
    language = models.CharField(max_length=5, choices=languages.choices())
    state = models.CharField(max_length=20, choices=State.choices, editable=False)

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claimed_variants",
    )
    claim_expires_at = models.DateTimeField(null=True, blank=True)
    # Who submitted the current text for review: such a person may not approve it.
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    source_revision = models.ForeignKey(
        SourceRevision, on_delete=models.PROTECT, null=True, blank=True, related_name="variants"
    )
    # The source revision the language's live text was made from (None: never published).
    # Readers are told a translation is being updated while it is older than the source's.
    live_revision = models.ForeignKey(
        SourceRevision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    needs_human = models.BooleanField(
        default=False, help_text=_("Machine translation gave nothing; translate by hand.")
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    state_changed_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: every write bumps it; an edit based on an older one is refused.
    version = models.PositiveIntegerField(default=1)
    # Pre-translation progress, written while the pipeline runs so translators can follow it.
    segments_total = models.PositiveIntegerField(default=0)
    segments_done = models.PositiveIntegerField(default=0)
    # Sentences a person has confirmed (segments.is_confirmed): the desk's progress. A
    # machine or memory pre-fill counts in segments_done, never here.
    segments_confirmed = models.PositiveIntegerField(default=0)
    # Machine work (pre- and re-translation) in hand: until when, and by which task
    # ("host:pid:nonce"; blank while a task is only on its way). Written by pipeline.lease.
    lease_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    lease_holder = models.CharField(max_length=120, blank=True, default="", editable=False)
    # The machine work's next attempt after engines failed, and their reasons (lease.hand_on).
    retry_at = models.DateTimeField(null=True, blank=True, editable=False)
    retry_reason = models.CharField(max_length=500, blank=True, default="", editable=False)

    objects = VariantQuerySet.as_manager()

    class Meta:
        ordering = ["statement", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "language"], name="one_variant_per_language"
            )
        ]
        indexes = [models.Index(fields=["state", "language"])]

    def __str__(self) -> str:
        return f"{self.statement.slug} [{self.language}]"

    @property
    def is_source(self) -> bool:
        return self.language == self.statement.source_language

    @property
    def language_info(self) -> languages.Language:
        return languages.get(self.language)


class PublishedVersion(VersionText):
    """One text a language has shown readers: a publication, or a rollback to an earlier one.

    The newest is the live text. Rows are never edited, so the history is complete.
    """

    class Kind(models.TextChoices):
        PUBLICATION = "publication", _("Publication")
        ROLLBACK = "rollback", _("Rollback")

    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="published")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PUBLICATION)
    source_revision = models.ForeignKey(
        SourceRevision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )  # null: the system (archive import)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    restores = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # a rollback: the version whose text it brings back
    note = models.TextField(blank=True)

    class Meta:
        ordering = ("variant", "number")
        constraints = [
            models.UniqueConstraint(fields=("variant", "number"), name="published_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.variant} v{self.number}"


class TransitionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The transition log is append-only.")

    def delete(self):
        raise TypeError("The transition log is append-only.")


class Transition(models.Model):
    """One state change: who, when, from, to, why. Append-only."""

    variant = models.ForeignKey(Variant, on_delete=models.PROTECT, related_name="transitions")
    from_state = models.CharField(max_length=20, blank=True)  # blank: the variant was created
    to_state = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )  # null: the system (a task)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    note = models.TextField(blank=True)

    objects = TransitionQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.variant}: {self.from_state or '∅'} → {self.to_state}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise TypeError("The transition log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The transition log is append-only.")

    @property
    def actor_label(self) -> str:
        return self.actor.get_username() if self.actor_id else "system"


class TextEditQuerySet(TransitionQuerySet):
    """Append-only, like the transition log."""


class TextEdit(models.Model):
    """One change of a version's words by a person: who, when, which fields or sentence.

    Approval asks who wrote the text under review (four eyes over every way of writing it:
    the desk, the API, a PO file), and the history shows the edit beside the moves.
    Append-only.
    """

    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="edits")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # Field names ("title", "body" …) for a whole-field save; "sentences" for sentence edits.
    fields = models.JSONField(default=list)
    sentences = models.PositiveIntegerField(default=0)  # how many sentences it changed

    objects = TextEditQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.variant}: {', '.join(self.fields)} by {self.actor_id}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise TypeError("The edit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The edit log is append-only.")


class TranslatorProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="translator_profile"
    )

    def __str__(self) -> str:
        return f"{self.user.get_username()}: {', '.join(self.codes) or '-'}"

    @property
    def codes(self) -> list[str]:
        return sorted((row.code for row in self.working_languages.all()), key=languages.CODES.index)


class WorkingLanguage(models.Model):
    profile = models.ForeignKey(
        TranslatorProfile, on_delete=models.CASCADE, related_name="working_languages"
    )
    code = models.CharField(max_length=5, choices=languages.choices())

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "code"], name="unique_working_language")
        ]

    def __str__(self) -> str:
        return self.code


class Segment(models.Model):
    """One sentence of a variant: the source as it was segmented, and its translation.

    ``lead`` and ``trail`` hold the verbatim text around the sentence (block separators,
    list and heading markers), so a variant's fields are rebuilt exactly from its segments.
    ``source`` and ``target`` carry inline markup and URLs as numbered placeholders whose
    originals are in ``placeholders``.
    """

    Origin = Origin

    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="segments")
    field = models.CharField(max_length=20)
    position = models.PositiveIntegerField(help_text="Order within the variant.")
    block = models.PositiveIntegerField(help_text="Block (paragraph, heading, item) in the field.")
    lead = models.TextField(blank=True)
    trail = models.TextField(blank=True)
    source = models.TextField()
    source_hash = models.CharField(max_length=32, db_index=True)
    placeholders = models.JSONField(default=dict, blank=True)
    target = models.TextField(blank=True)
    origin = models.CharField(max_length=20, choices=Origin.choices, blank=True, default="")
    # Engine name, "apertium from hi", or the memory unit used.
    origin_detail = models.CharField(max_length=100, blank=True, default="")
    score = models.FloatField(null=True, blank=True, help_text="Fuzzy memory match, 0-100.")
    # Other candidates the translator may prefer: [{"origin", "detail", "score", "text"}].
    suggestions = models.JSONField(default=list, blank=True)
    qa_flags = models.JSONField(default=list, blank=True)
    # Set when a source revision changed this sentence: the revision's number, and the
    # source and translation it had before, shown beside the new source.
    changed_in_revision = models.PositiveIntegerField(null=True, blank=True)
    previous_source = models.TextField(blank=True)
    previous_target = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ("variant", "position")
        constraints = [
            models.UniqueConstraint(fields=("variant", "position"), name="segment_unique_position")
        ]

    def __str__(self) -> str:
        return f"{self.variant} #{self.position}"

    @property
    def is_human(self) -> bool:
        return self.origin == self.Origin.HUMAN


class Comment(models.Model):
    """A reviewer's or translator's remark on a whole version or on one of its sentences."""

    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="comments")
    segment = models.ForeignKey(
        Segment, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )  # null: about the whole version
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"{self.variant}: {self.text[:40]}"


class RequestedChange(models.Model):
    """One reason a reviewer gave when sending a version back, about the whole version or
    one sentence, kept with the move that sent it back. Never edited."""

    transition = models.ForeignKey(
        Transition, on_delete=models.PROTECT, related_name="requested_changes"
    )
    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="requested_changes")
    # null: about the whole version (or a sentence a later revision of the source removed).
    segment = models.ForeignKey(
        Segment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=ChangeReason.choices)

    class Meta:
        ordering = ("transition", "pk")
        indexes = [models.Index(fields=["variant", "reason"])]

    def __str__(self) -> str:
        return f"{self.variant}: {self.reason}"


class QueuedTask(models.Model):
    """A task a committed change asked for that the broker has not yet accepted.

    Written in the same transaction as the change (workflow.dispatch), deleted once the
    broker took the message; beat's flush sends whatever is left after an outage.
    """

    task = models.CharField(max_length=100)  # a name in workflow.tasks
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"
