"""Editors hear when a machine-translation engine has used up its monthly budget.

The receiver of ``translations.signals.engine_over_budget``, which is sent once per engine
and month; the notice's key is the engine and the month too, so nobody hears it twice.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from notifications.models import Kind
from notifications.services import notify_in_own_language
from translations import formatting

from . import roles
from .choices import Role


def on_engine_over_budget(
    sender: Any,
    *,
    engine: str,
    month: date,
    spent: float,
    budget: float,
    currency: str,
    **kwargs: Any,
) -> None:
    notify_in_own_language(
        users=roles.people(Role.EDITOR),
        kind=Kind.ENGINE_BUDGET,
        key=f"engine-budget:{engine}:{month:%Y-%m}",
        words=partial(_words, engine, month, spent, budget, currency),
        url=reverse("workspace:engine_usage"),
    )


def _words(engine: str, month: date, spent: float, budget: float, currency: str) -> tuple[str, str]:
    code = get_language()
    subject = _("Machine translation: %(engine)s has used up its budget for %(month)s") % {
        "engine": engine,
        "month": formatting.format_month(month, code),
    }
    body = _(
        "%(engine)s has spent %(spent)s of its monthly budget of %(budget)s. Until the month"
        " ends it is skipped: sentences go to the next engine of the chain, or to translators."
    ) % {
        "engine": engine,
        "spent": formatting.format_money(spent, currency, code),
        "budget": formatting.format_money(budget, currency, code),
    }
    return subject, body
