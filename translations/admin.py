"""Admin: the translation memory (read-only; removal goes through the memory service)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext_lazy as _

from . import memory
from .models import MemoryUnit


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
        "statement",
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
