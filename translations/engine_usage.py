"""Engine usage per month (requests, characters, cache hits, cost) and monthly budgets.

Prices (settings.ANUVAD_MT_PRICES) are per million characters sent, which is how the
translation services bill; a self-hosted model costs what the site says it does. An
engine past its budget (settings.ANUVAD_MT_BUDGETS) is refused with EngineOverBudget
until the month ends; the first refusal of a month sends ``engine_over_budget``. The
check comes before a call, so one call may take an engine a little past its budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from .engines.base import EngineOverBudget
from .models import EngineUsage
from .signals import engine_over_budget


@dataclass(frozen=True)
class Usage:
    engine: str
    month: date
    requests: int
    characters: int
    cache_hits: int
    cost: float | None  # None: no price configured
    budget: float | None
    currency: str

    @property
    def over_budget(self) -> bool:
        return self.budget is not None and self.cost is not None and self.cost >= self.budget


def this_month(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return today.replace(day=1)


def price(engine: str) -> float | None:
    """The price per million characters of ``engine``, if the site set one."""
    value = (getattr(settings, "ANUVAD_MT_PRICES", None) or {}).get(engine)
    return None if value is None else float(value)


def budget(engine: str) -> float | None:
    value = (getattr(settings, "ANUVAD_MT_BUDGETS", None) or {}).get(engine)
    return None if value is None else float(value)


def cost(engine: str, characters: int) -> float | None:
    per_million = price(engine)
    return None if per_million is None else characters * per_million / 1_000_000


def record(engine: str, *, requests: int = 0, characters: int = 0, cache_hits: int = 0) -> None:
    """Add one call's figures to this month's row of ``engine``."""
    if not (requests or characters or cache_hits):
        return
    row, _ = EngineUsage.objects.get_or_create(engine=engine, month=this_month())
    EngineUsage.objects.filter(pk=row.pk).update(
        requests=F("requests") + requests,
        characters=F("characters") + characters,
        cache_hits=F("cache_hits") + cache_hits,
    )


def _usage(row: EngineUsage) -> Usage:
    return Usage(
        engine=row.engine,
        month=row.month,
        requests=row.requests,
        characters=row.characters,
        cache_hits=row.cache_hits,
        cost=cost(row.engine, row.characters),
        budget=budget(row.engine),
        currency=settings.ANUVAD_MT_CURRENCY,
    )


def check_budget(engine: str) -> None:
    """Raise EngineOverBudget if ``engine`` has spent this month's budget; the first time
    in a month, also send ``engine_over_budget`` (the desk tells its editors)."""
    limit = budget(engine)
    if limit is None:
        return
    month = this_month()
    row = EngineUsage.objects.filter(engine=engine, month=month).first()
    spent = cost(engine, row.characters) if row is not None else 0.0
    if row is None or spent is None or spent < limit:
        return
    currency = settings.ANUVAD_MT_CURRENCY
    first = EngineUsage.objects.filter(pk=row.pk, over_budget_at__isnull=True).update(
        over_budget_at=timezone.now()
    )
    if first:
        engine_over_budget.send(
            sender=EngineUsage,
            engine=engine,
            month=month,
            spent=spent,
            budget=limit,
            currency=currency,
        )
    raise EngineOverBudget(
        f"{engine}: this month's budget of {limit:.2f} {currency} is spent"
        f" ({spent:.2f} {currency}); skipped until {_next_month(month):%Y-%m-%d}",
        engine=engine,
    )


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def months(*, count: int = 6, engine: str | None = None) -> list[Usage]:
    """Usage rows of the last ``count`` months (this one included), newest first."""
    month = this_month()
    first = month
    for _ in range(count - 1):
        first = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    rows = EngineUsage.objects.filter(month__gte=first)
    if engine is not None:
        rows = rows.filter(engine=engine)
    return [_usage(row) for row in rows.order_by("-month", "engine")]
