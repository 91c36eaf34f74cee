"""What the API reads and writes. Public shapes carry published text only, never desk data."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import translation
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from publishing import links
from translations import check_messages, checks, languages, markup
from translations.sanitise import strip_bidi_overrides
from workflow.choices import Kind, Priority
from workflow.limits import EARLIEST, LATEST, NOTE_MAX_LENGTH, TEXT_MAX_LENGTH
from workflow.models import (
    TEXT_FIELDS,
    Organisation,
    PublishedText,
    Segment,
    Statement,
    Topic,
    Variant,
)

LANGUAGE_CHOICES = languages.choices()


def _language(context: dict) -> str:
    return context.get("language") or languages.DEFAULT.code


# JSON bodies are typed: a number where text belongs is an error, not text (DRF would coerce).


class Text(serializers.CharField):
    def run_validation(self, data: object = serializers.empty) -> str:
        # The schema's maxLength counts what the client sends; DRF would count it after
        # trimming, and take a text longer than documented (found by schemathesis).
        if isinstance(data, str) and self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().run_validation(data)

    def to_internal_value(self, data: object) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class Slug(serializers.SlugField):
    def to_internal_value(self, data: object) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class Whole(serializers.IntegerField):
    def to_internal_value(self, data: object) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


# ---- public ---------------------------------------------------------------------------------


class TopicSerializer(serializers.Serializer):
    slug = Slug()
    name = serializers.SerializerMethodField()

    def get_name(self, topic: Topic) -> str:
        with translation.override(_language(self.context)):
            return strip_bidi_overrides(topic.name)


class PublicStatementSerializer(serializers.Serializer):
    """A statement in a list: its text in the requested language, or in its source."""

    slug = Slug()
    kind = serializers.ChoiceField(choices=Kind.choices)
    priority = serializers.ChoiceField(choices=Priority.choices)
    source_language = serializers.ChoiceField(choices=LANGUAGE_CHOICES)
    issued_on = serializers.DateField(allow_null=True)
    first_published_at = serializers.DateTimeField(allow_null=True)
    last_revised_at = serializers.DateTimeField(allow_null=True)
    language = serializers.SerializerMethodField(help_text="The language of title and summary.")
    title = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    languages = serializers.SerializerMethodField(help_text="Languages it is published in.")
    topics = TopicSerializer(many=True, source="topics.all")

    def _text(self, statement: Statement) -> PublishedText:
        # Four fields read it: work it out once per statement.
        cached = getattr(statement, "_api_text", None)
        if cached is None:
            cached = statement._api_text = statement.published_text(_language(self.context))
        return cached

    def get_language(self, statement: Statement) -> str:
        return self._text(statement).language

    def get_title(self, statement: Statement) -> str:
        return self._text(statement).title

    def get_summary(self, statement: Statement) -> str:
        return self._text(statement).summary

    def get_url(self, statement: Statement) -> str:
        return links.absolute(statement.get_absolute_url(self._text(statement).language))

    def get_languages(self, statement: Statement) -> list[str]:
        return statement.published_languages()


class PublishedVersionSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES)
    direction = serializers.ChoiceField(choices=[("ltr", "ltr"), ("rtl", "rtl")])
    title = Text()
    summary = Text(help_text="Markdown.")
    body = Text(help_text="Markdown.")
    body_html = Text(help_text="The body as sanitised HTML.")
    byline = Text()
    dateline = Text()
    url = serializers.URLField()
    published_at = serializers.DateTimeField(allow_null=True)
    outdated = serializers.BooleanField(
        help_text="The source was revised since this translation; an update is under way."
    )


class UpdateSerializer(serializers.Serializer):
    revision = serializers.IntegerField(help_text="The source revision, 2 and up.")
    published_at = serializers.DateTimeField()
    change_note = Text(help_text="What changed, in the source language; may be empty.")


class OrganisationSerializer(serializers.Serializer):
    slug = Slug()
    name = Text()


class PublicStatementDetailSerializer(PublicStatementSerializer):
    signatories = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()
    updates = serializers.SerializerMethodField(help_text="Revisions after first publication.")

    @extend_schema_field(UpdateSerializer(many=True))
    def get_updates(self, statement: Statement) -> list[dict]:
        return [
            {
                "revision": r.number,
                "published_at": r.published_at,
                "change_note": strip_bidi_overrides(r.change_note),
            }
            for r in statement.updates
        ]

    @extend_schema_field(OrganisationSerializer(many=True))
    def get_signatories(self, statement: Statement) -> list[dict]:
        with translation.override(_language(self.context)):
            return [
                {"slug": s.organisation.slug, "name": strip_bidi_overrides(s.organisation.name)}
                for s in statement.signatory_set.all()
            ]

    @extend_schema_field(PublishedVersionSerializer(many=True))
    def get_versions(self, statement: Statement) -> list[dict]:
        published_at = {v.language: v.published_at for v in statement.variants.all()}
        versions = []
        for code in statement.published_languages():
            text = statement.published_text(code)
            if text is None or text.is_fallback:
                continue
            versions.append(
                {
                    "language": code,
                    "direction": languages.get(code).direction,
                    **{f: getattr(text, f) for f in TEXT_FIELDS},
                    "body_html": markup.render(text.body),
                    "url": links.absolute(statement.get_absolute_url(code)),
                    "published_at": published_at.get(code),
                    "outdated": statement.translation_behind(code),
                }
            )
        return PublishedVersionSerializer(versions, many=True).data


# ---- desk -----------------------------------------------------------------------------------


class StatementCreateSerializer(serializers.Serializer):
    source_language = serializers.ChoiceField(choices=LANGUAGE_CHOICES)
    title = Text(max_length=TEXT_MAX_LENGTH["title"])
    body = Text(max_length=TEXT_MAX_LENGTH["body"], allow_blank=True, default="")
    summary = Text(max_length=TEXT_MAX_LENGTH["summary"], allow_blank=True, default="")
    byline = Text(max_length=TEXT_MAX_LENGTH["byline"], allow_blank=True, default="")
    dateline = Text(max_length=TEXT_MAX_LENGTH["dateline"], allow_blank=True, default="")
    slug = Slug(max_length=120, required=False)
    kind = serializers.ChoiceField(choices=Kind.choices, default=Kind.PRESS)
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    issued_on = serializers.DateField(required=False)
    deadline = serializers.DateTimeField(required=False)
    topics = serializers.SlugRelatedField(
        slug_field="slug", queryset=Topic.objects.all(), many=True, required=False
    )
    signatories = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.all(), many=True, required=False
    )

    def to_internal_value(self, data: object) -> dict:
        # A related field would take the keys of an object for a list of slugs.
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})
            wrong = {
                name: ["Expected a list of slugs."]
                for name in ("topics", "signatories")
                if name in data and not isinstance(data[name], list)
            }
            if wrong:
                raise serializers.ValidationError(wrong)
        return super().to_internal_value(data)

    def validate_issued_on(self, value: date) -> date:
        if not EARLIEST.date() <= value <= LATEST.date():
            raise serializers.ValidationError("Give a date between 1900 and 2100.")
        return value

    def validate_deadline(self, value: datetime) -> datetime:
        if not EARLIEST <= value <= LATEST:
            raise serializers.ValidationError("Give a deadline between 1900 and 2100.")
        return value


class SubmitStatementSerializer(serializers.Serializer):
    targets = serializers.ListField(
        child=serializers.ChoiceField(choices=LANGUAGE_CHOICES),
        required=False,
        max_length=len(languages.CODES),
        help_text="Languages to translate into (default: every other language).",
    )


class DeskVariantSerializer(serializers.ModelSerializer):
    assignee = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    statement = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    is_source = serializers.BooleanField(read_only=True)

    class Meta:
        model = Variant
        fields = (
            "id",
            "statement",
            "language",
            "is_source",
            "state",
            "version",
            "assignee",
            "claim_expires_at",
            "needs_human",
            "segments_total",
            "segments_done",
            "state_changed_at",
            *TEXT_FIELDS,
        )
        read_only_fields = fields


class DeskVariantPublishSerializer(DeskVariantSerializer):
    """A version whose publication was asked for, and what became of the request."""

    detail = serializers.SerializerMethodField()

    class Meta(DeskVariantSerializer.Meta):
        fields = (*DeskVariantSerializer.Meta.fields, "detail")
        read_only_fields = fields

    def get_detail(self, variant: Variant) -> str:
        return self.context.get("detail", "")


class DeskStatementSerializer(serializers.ModelSerializer):
    variants = DeskVariantSerializer(many=True, read_only=True)

    class Meta:
        model = Statement
        fields = (
            "id",
            "slug",
            "source_language",
            "kind",
            "priority",
            "issued_on",
            "deadline",
            "created_at",
            "first_published_at",
            "variants",
        )
        read_only_fields = fields


class QAFlagSerializer(serializers.Serializer):
    """One QA result on a segment: its code and parameters, and the text they make."""

    check = serializers.CharField(read_only=True, help_text="The check that found it.")
    level = serializers.ChoiceField(choices=[checks.ERROR, checks.WARNING], read_only=True)
    code = serializers.CharField(read_only=True, help_text="What was found, as a stable code.")
    params = serializers.DictField(read_only=True, help_text="The details the message names.")
    message = serializers.SerializerMethodField(
        help_text="The problem in words, in the request's language (Accept-Language)."
    )

    def get_message(self, flag: dict) -> str:
        return check_messages.render_stored(flag)


class SegmentSerializer(serializers.ModelSerializer):
    qa_flags = QAFlagSerializer(many=True, read_only=True)

    class Meta:
        model = Segment
        fields = (
            "id",
            "variant",
            "position",
            "field",
            "block",
            "source",
            "target",
            "origin",
            "score",
            "version",
            "qa_flags",
            "changed_in_revision",
            "previous_source",
            "previous_target",
        )
        read_only_fields = fields


class SegmentWriteSerializer(serializers.Serializer):
    text = Text(max_length=10_000, allow_blank=True, trim_whitespace=False)
    version = Whole(
        min_value=1,
        required=False,
        help_text="The version you edited; or send it as If-Match.",
    )


class NoteSerializer(serializers.Serializer):
    note = Text(max_length=NOTE_MAX_LENGTH, allow_blank=True, default="")


class SubmitVersionSerializer(NoteSerializer):
    override = Text(
        max_length=NOTE_MAX_LENGTH,
        allow_blank=True,
        default="",
        help_text="Why the version should go to review despite blocking QA errors.",
    )


class RequiredNoteSerializer(serializers.Serializer):
    note = Text(max_length=NOTE_MAX_LENGTH)


class TokenRequestSerializer(serializers.Serializer):
    username = Text(max_length=150)
    password = Text(max_length=4_096, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = Text()


class AcceptedSerializer(serializers.Serializer):
    detail = Text()


class ErrorDetailSerializer(serializers.Serializer):
    code = Text()
    message = Text()
    fields = serializers.DictField()


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


class VariantTextSerializer(serializers.Serializer):
    """Fields of the working text to change; the rest stay as they are."""

    title = Text(max_length=TEXT_MAX_LENGTH["title"], required=False)
    summary = Text(max_length=TEXT_MAX_LENGTH["summary"], allow_blank=True, required=False)
    body = Text(max_length=TEXT_MAX_LENGTH["body"], allow_blank=True, required=False)
    byline = Text(max_length=TEXT_MAX_LENGTH["byline"], allow_blank=True, required=False)
    dateline = Text(max_length=TEXT_MAX_LENGTH["dateline"], allow_blank=True, required=False)
    version = Whole(
        min_value=1, required=False, help_text="The version you edited; or send it as If-Match."
    )
