"""Admin: the translation memory (read-only; removal goes through the memory service)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext_lazy as _

from . import memory
from .models import EngineResult, MemoryUnit


@admin.register(MemoryUnit)
class MemoryUnitAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "source_language",
        "target_language",
        "source",
        "target",
        "origin",
        "approved_by",
        "approved_at",
    )
    list_filter = ("source_language", "target_language", "origin")
    search_fields = ("source_text", "target_text")
    list_select_related = ("approved_by",)
    # Newest first by primary key: sorting a million rows by approval time costs a scan.
    ordering = ("-id",)
    show_full_result_count = False
    readonly_fields = (
        "source_language",
        "target_language",
        "source_text",
        "target_text",
        "statement_id",
        "approved_by",
        "approved_at",
        "origin",
        "created_at",
    )
    fields = readonly_fields

    @admin.display(description=_("source"))
    def source(self, unit: MemoryUnit) -> str:
        return truncatechars(unit.source_text, 80)

    @admin.display(description=_("target"))
    def target(self, unit: MemoryUnit) -> str:
        return truncatechars(unit.target_text, 80)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    # Deleting stays possible (a wrong translation must be able to leave the memory) but
    # through memory.remove, which also takes the unit out of the fuzzy index.
    def delete_model(self, request: HttpRequest, obj: MemoryUnit) -> None:
        memory.remove([obj.pk])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[MemoryUnit]) -> None:
        memory.remove(queryset.values_list("pk", flat=True))


# ---- glossary -----------------------------------------------------------------------------

from django import forms  # noqa: E402
from django.contrib import messages  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.shortcuts import redirect  # noqa: E402
from django.template.response import TemplateResponse  # noqa: E402
from django.urls import path  # noqa: E402

from . import glossary  # noqa: E402
from .models import GlossaryTerm  # noqa: E402


class GlossaryCSVForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: %(columns)s. Only source_language and term are required.")
        % {"columns": ", ".join(glossary.CSV_COLUMNS)},
    )


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = (
        "term",
        "source_language",
        "kind",
        "target_language",
        "translation",
        "inflects",
        "note",
    )
    list_filter = ("kind", "source_language", "target_language", "inflects")
    search_fields = ("term", "translation", "note")
    change_list_template = "admin/translations/glossaryterm/change_list.html"

    def get_urls(self):
        import_view = self.admin_site.admin_view(self.import_csv)
        export_view = self.admin_site.admin_view(self.export_csv)
        return [
            path("import/", import_view, name="translations_glossaryterm_import"),
            path("export/", export_view, name="translations_glossaryterm_export"),
            *super().get_urls(),
        ]

    def export_csv(self, request: HttpRequest) -> HttpResponse:
        """Every term as a CSV file that the import reads back."""
        if not self.has_view_permission(request):
            return redirect("admin:index")
        response = HttpResponse(glossary.export_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="glossary.csv"'
        return response

    def import_csv(self, request: HttpRequest):
        if not self.has_add_permission(request):
            return redirect("admin:translations_glossaryterm_changelist")
        form = GlossaryCSVForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > glossary.MAX_CSV_BYTES:
                    raise ValidationError(
                        _("The file is larger than %(kb)d KB.")
                        % {"kb": glossary.MAX_CSV_BYTES // 1024}
                    )
                result = glossary.import_csv(upload.read())
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error("file", message)
            else:
                self.message_user(
                    request,
                    _("%(created)d terms added, %(updated)d updated.") % result,
                    messages.SUCCESS,
                )
                return redirect("admin:translations_glossaryterm_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Import glossary terms"),
        }
        return TemplateResponse(request, "admin/translations/glossaryterm/import.html", context)


@admin.register(EngineResult)
class EngineResultAdmin(admin.ModelAdmin):
    """Engine answers kept by the result cache; delete one to have the engine asked again."""

    list_display = ("id", "engine", "model", "source_language", "target_language", "source")
    list_filter = ("engine", "source_language", "target_language")
    search_fields = ("source_text", "text")
    ordering = ("-id",)
    show_full_result_count = False
    readonly_fields = (
        *("engine", "model", "source_language", "target_language", "glossary_version"),
        *("source_text", "text", "unknown", "created_at"),
    )
    fields = readonly_fields

    @admin.display(description=_("source"))
    def source(self, row: EngineResult) -> str:
        return truncatechars(row.source_text, 80)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
