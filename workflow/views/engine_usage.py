"""Machine-translation usage for editors: each engine's requests, characters and cost a month."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from translations import engine_usage, formatting

from .. import permissions
from .base import login_required

MONTHS = 6


@login_required
def engine_usage_page(request: HttpRequest) -> HttpResponse:
    if not permissions.may_see_dashboard(request.user):
        raise PermissionDenied(_("Machine-translation usage is for editors."))
    code = get_language()

    def money(value: float | None, currency: str) -> str:
        return "" if value is None else formatting.format_money(value, currency, code)

    rows = []
    for usage in engine_usage.months(count=MONTHS):
        rows.append(
            {
                "engine": usage.engine,
                "month": formatting.format_month(usage.month, code),
                "requests": formatting.format_number(usage.requests, code),
                "characters": formatting.format_number(usage.characters, code),
                "cache_hits": formatting.format_number(usage.cache_hits, code),
                "cost": money(usage.cost, usage.currency),
                "budget": money(usage.budget, usage.currency),
                "over_budget": usage.over_budget and usage.month == engine_usage.this_month(),
            }
        )
    return render(request, "workflow/engine_usage.html", {"rows": rows, "months": MONTHS})
