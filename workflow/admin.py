"""Admin: statements with tabbed published text, variants, the read-only transition log."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.utils import build_localized_fieldname

from translations import languages

from . import permissions, services
from .choices import State
from .exceptions import WorkflowError
from .models import (
    TEXT_FIELDS,
    Organisation,
    Signatory,
    SourceRevision,
    Statement,
    Topic,
    Transition,
    TranslatorProfile,
    Variant,
    WorkingLanguage,
)

PUBLISHED_FIELDS = tuple(
    build_localized_fieldname(f, code) for f in TEXT_FIELDS for code in languages.CODES
)


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0
    autocomplete_fields = ["organisation"]


class VariantInline(admin.TabularInline):
    model = Variant
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["language", "state", "assignee", "claim_expires_at", "version", "needs_human"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Variant]:
        return super().get_queryset(request).filter(permissions.openable_filter(request.user))

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


def _apply_to_each(modeladmin, request, objects, call, done: str) -> None:
    """Run a service on each selected object; report refusals one by one, then the total."""
    count = 0
    for obj in objects:
        try:
            count += call(obj)
        except WorkflowError as exc:
            modeladmin.message_user(request, f"{obj}: {exc}", messages.ERROR)
    if count:
        modeladmin.message_user(request, done.format(count=count), messages.SUCCESS)


@admin.action(description=_("Submit for translation into every other language"))
def submit_for_translation(modeladmin, request, queryset) -> None:
    _apply_to_each(
        modeladmin,
        request,
        queryset,
        lambda s: len(services.statement_submit_for_translation(statement=s, actor=request.user)),
        "{count} language version(s) sent to machine translation.",
    )


@admin.action(description=_("Publish every approved language (source first)"))
def publish_approved(modeladmin, request, queryset) -> None:
    _apply_to_each(
        modeladmin,
        request,
        queryset,
        lambda s: services.statement_request_publication(statement=s, actor=request.user),
        "{count} approved version(s) queued for publication.",
    )


class StatementForm(forms.ModelForm):
    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if self.instance.pk is None or slug == self.instance.slug:
            return slug
        try:
            return services.check_slug(slug, statement=self.instance)
        except WorkflowError as exc:
            raise forms.ValidationError(str(exc)) from None


@admin.register(Statement)
class StatementAdmin(TabbedTranslationAdmin):
    form = StatementForm
    list_display = ["slug", "source_title", "source_language", "languages", "priority", "deadline"]
    list_filter = ["source_language", "priority", "kind", "topics"]
    search_fields = ["slug", *PUBLISHED_FIELDS]
    date_hierarchy = "issued_on"
    filter_horizontal = ["topics"]
    inlines = [SignatoryInline, VariantInline]
    actions = [submit_for_translation, publish_approved]
    readonly_fields = [
        "source_language",
        "created_by",
        "updated_by",
        "created_at",
        "updated_at",
        "first_published_at",
        "last_revised_at",
        "withdrawn_at",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Statement]:
        # The desk's rule: a statement is listed only to those who may open one of its
        # versions, and its title and states come from those versions only; ``variants``
        # itself stays whole for the actions' services.
        visible = Variant.objects.filter(permissions.openable_filter(request.user))
        return (
            super()
            .get_queryset(request)
            .filter(Exists(visible.filter(statement=OuterRef("pk"))))
            .prefetch_related(Prefetch("variants", queryset=visible, to_attr="openable_variants"))
        )

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # Authors change their own statements only, as on the desk; editors any.
        if obj is not None and not permissions.may_open_statement(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # Published text changes through the workflow (review, approval, publication).
        # Only a superuser may correct it here, and the admin history records it.
        if not request.user.is_superuser:
            fields.extend(PUBLISHED_FIELDS)
        return fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # statements are written through the desk so their source variant exists

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # retract with the "withdraw" action: nothing is lost

    @admin.display(description=_("title (source)"))
    def source_title(self, obj: Statement) -> str:
        source = next((v for v in obj.openable_variants if v.is_source), None)
        return source.title if source else obj.slug

    @admin.display(description=_("languages"))
    def languages(self, obj: Statement):
        states = {v.language: v.get_state_display() for v in obj.openable_variants}
        return format_html_join(
            ", ", "{}: {}", ((code, states[code]) for code in languages.CODES if code in states)
        )

    def save_model(self, request, obj, form, change) -> None:
        obj.updated_by = request.user
        renamed = change and "slug" in form.changed_data
        if renamed:
            new, obj.slug = obj.slug, form.initial["slug"]
        super().save_model(request, obj, form, change)
        if renamed:
            # The desk's rule for addresses: the old one redirects and its pages go.
            obj.slug = services.statement_rename(statement=obj, actor=request.user, slug=new).slug


@admin.action(description=_("Publish the selected approved versions"))
def publish_selected(modeladmin, request, queryset) -> None:
    _apply_to_each(
        modeladmin,
        request,
        queryset.select_related("statement"),
        lambda v: services.variant_request_publication(variant=v, actor=request.user) or 1,
        "{count} version(s) queued for publication.",
    )


@admin.action(description=_("Release the selected claims"))
def release_selected(modeladmin, request, queryset) -> None:
    _apply_to_each(
        modeladmin,
        request,
        queryset.filter(state=State.IN_TRANSLATION).select_related("statement"),
        lambda v: bool(
            services.variant_release(variant=v, actor=request.user, note="Released by an editor.")
        ),
        "{count} claim(s) released.",
    )


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    fields = ["at", "from_state", "to_state", "actor", "note"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Variant)
class VariantAdmin(admin.ModelAdmin):
    list_display = ["statement", "language", "state", "assignee", "claim_expires_at", "version"]
    list_filter = ["state", "language", "needs_human", "statement__priority"]
    search_fields = ["statement__slug", "title"]
    list_select_related = ["statement", "assignee"]
    actions = [publish_selected, release_selected]
    inlines = [TransitionInline]
    # Every field is read-only here: text is edited in the workspace with version checks,
    # and state only moves through the workflow actions.
    readonly_fields = [
        "statement",
        "language",
        "state",
        "assignee",
        "claim_expires_at",
        "translated_by",
        "reviewer",
        *TEXT_FIELDS,
        "source_revision",
        "needs_human",
        "created_at",
        "updated_at",
        "state_changed_at",
        "approved_at",
        "published_at",
        "version",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Variant]:
        return super().get_queryset(request).filter(permissions.openable_filter(request.user))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    list_display = ["at", "variant", "from_state", "to_state", "actor_label", "note"]
    list_filter = ["to_state", "variant__language"]
    search_fields = ["variant__statement__slug", "note"]
    list_select_related = ["variant__statement", "actor"]
    date_hierarchy = "at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Transition]:
        # Notes say what was wrong with a text: the same rule as for the versions.
        return (
            super()
            .get_queryset(request)
            .filter(permissions.openable_filter(request.user, "variant__"))
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(SourceRevision)
class SourceRevisionAdmin(admin.ModelAdmin):
    list_display = ["statement", "number", "title", "created_by", "created_at"]
    list_select_related = ["statement", "created_by"]
    readonly_fields = [f.name for f in SourceRevision._meta.fields]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SourceRevision]:
        # A revision is the source version's text as it was: shown where that version is.
        source = Variant.objects.filter(
            permissions.openable_filter(request.user),
            statement=OuterRef("statement_id"),
            language=OuterRef("statement__source_language"),
        )
        return super().get_queryset(request).filter(Exists(source))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Topic)
class TopicAdmin(TabbedTranslationAdmin):
    list_display = ["slug", "name"]
    search_fields = ["slug", "name"]


@admin.register(Organisation)
class OrganisationAdmin(TabbedTranslationAdmin):
    list_display = ["slug", "name"]
    search_fields = ["slug", "name"]


class WorkingLanguageInline(admin.TabularInline):
    model = WorkingLanguage
    extra = 1


@admin.register(TranslatorProfile)
class TranslatorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "language_list"]
    inlines = [WorkingLanguageInline]
    autocomplete_fields = ["user"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[TranslatorProfile]:
        return super().get_queryset(request).prefetch_related("working_languages")

    @admin.display(description=_("languages"))
    def language_list(self, obj: TranslatorProfile) -> str:
        return ", ".join(obj.codes)
