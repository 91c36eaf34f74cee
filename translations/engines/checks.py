"""System check: the machine-translation settings make sense (runs at start-up)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from . import registry
from .base import timeout_setting


def check_mt_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Errors for engine classes that do not import, unknown options, malformed or
    unknown entries in ANUVAD_MT_CHAINS and a malformed ANUVAD_MT_TIMEOUT."""
    errors: list[checks.CheckMessage] = []
    engines = getattr(settings, "ANUVAD_MT_ENGINES", None)
    if not isinstance(engines, dict):
        return [
            checks.Error(
                "ANUVAD_MT_ENGINES must be a dict of engine name → {'class': ..., options}.",
                id="translations.E101",
            )
        ]
    try:
        timeout_setting()
    except ImproperlyConfigured as exc:
        errors.append(checks.Error(str(exc), id="translations.E105"))

    for name in engines:
        try:
            registry.build(name)
        except ImproperlyConfigured as exc:
            errors.append(
                checks.Error(
                    str(exc),
                    hint="Each entry needs 'class' (a dotted path to an Engine subclass) and"
                    " only the options that class accepts.",
                    id="translations.E102",
                )
            )

    chains: dict[registry.Pair, list[str]] = {}
    # Entry by entry, so that one mistake does not hide the next.
    for entry in (getattr(settings, "ANUVAD_MT_CHAINS", "") or "").split(";"):
        try:
            parsed = registry.parse_chains(entry)
            twice = sorted(parsed.keys() & chains.keys())
            if twice:
                raise ValueError(f"{twice[0][0]}>{twice[0][1]} is listed twice")
        except ValueError as exc:
            errors.append(
                checks.Error(
                    f"ANUVAD_MT_CHAINS is malformed: {exc}.",
                    hint="Write it as 'en>hi=google,mymemory;hi>ur=apertium'.",
                    id="translations.E103",
                )
            )
            continue
        chains.update(parsed)
    for (source, target), names in chains.items():
        for name in names:
            if name not in engines:
                errors.append(
                    checks.Error(
                        f"ANUVAD_MT_CHAINS names an unknown engine {name!r} for {source}>{target}.",
                        hint=f"Known engines (ANUVAD_MT_ENGINES): {', '.join(engines)}.",
                        id="translations.E104",
                    )
                )

    prices = getattr(settings, "ANUVAD_MT_PRICES", None) or {}
    budgets = getattr(settings, "ANUVAD_MT_BUDGETS", None) or {}
    for setting, values in (("ANUVAD_MT_PRICES", prices), ("ANUVAD_MT_BUDGETS", budgets)):
        for name, value in values.items():
            if name not in engines:
                errors.append(
                    checks.Error(
                        f"{setting} names an unknown engine {name!r}.",
                        hint=f"Known engines (ANUVAD_MT_ENGINES): {', '.join(engines)}.",
                        id="translations.E107",
                    )
                )
            elif not isinstance(value, int | float) or value < 0:
                errors.append(
                    checks.Error(
                        f"{setting}[{name!r}] must be a number of at least 0, not {value!r}.",
                        id="translations.E108",
                    )
                )
    for name in budgets:
        if name in engines and name not in prices:
            errors.append(
                checks.Error(
                    f"ANUVAD_MT_BUDGETS gives {name!r} a budget but ANUVAD_MT_PRICES no price,"
                    " so its spending cannot be counted.",
                    hint=f"Add {name}=<price per million characters> to ANUVAD_MT_PRICES.",
                    id="translations.E109",
                )
            )

    for name in getattr(settings, "ANUVAD_MT_PIVOT_ENGINES", []) or []:
        if name not in engines:
            errors.append(
                checks.Error(
                    f"ANUVAD_MT_PIVOT_ENGINES names an unknown engine {name!r}.",
                    hint=f"Known engines (ANUVAD_MT_ENGINES): {', '.join(engines)}.",
                    id="translations.E106",
                )
            )
    return errors
