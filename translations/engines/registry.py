"""Which engines exist (settings.ANUVAD_MT_ENGINES) and which to try, in order, per pair.

Default chains: any pair with English → google, mymemory; Hindi ↔ Urdu → apertium (offline,
and the two are one spoken language in two scripts), then google, mymemory; Bengali ↔
Hindi/Urdu → google, mymemory. settings.ANUVAD_MT_CHAINS overrides the pairs it lists:
``"en>hi=google,mymemory;hi>ur=apertium"`` (an empty list turns machine translation off
for that pair).

Engines are built once and cached; the cache is dropped whenever one of the MT settings
changes (Django's setting_changed signal: override_settings, pytest-django's settings).
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from translations.languages import CODES

from .base import Engine

Pair = tuple[str, str]

SETTINGS = frozenset({"ANUVAD_MT_ENGINES", "ANUVAD_MT_CHAINS", "ANUVAD_MT_TIMEOUT"})

_lock = threading.Lock()
_engines: dict[str, Engine] = {}
_overrides: dict[Pair, list[str]] | None = None


def pairs() -> list[Pair]:
    """Every ordered pair of two different Anuvad languages."""
    return [(source, target) for source in CODES for target in CODES if source != target]


def default_chain(source: str, target: str) -> list[str]:
    """The engines tried for a pair when ANUVAD_MT_CHAINS does not list it."""
    if {source, target} == {"hi", "ur"}:
        return ["apertium", "google", "mymemory"]
    return ["google", "mymemory"]


def parse_pair(text: str) -> Pair:
    """``"en>hi"`` → ("en", "hi"); ValueError naming what is wrong."""
    source, sep, target = text.strip().partition(">")
    source, target = source.strip(), target.strip()
    if not sep or not source or not target:
        raise ValueError(f"{text.strip()!r} is not a language pair like 'en>hi'")
    for code in (source, target):
        if code not in CODES:
            raise ValueError(f"{code!r} is not one of Anuvad's languages ({', '.join(CODES)})")
    if source == target:
        raise ValueError(f"{text.strip()!r} translates a language into itself")
    return source, target


def parse_chains(value: str) -> dict[Pair, list[str]]:
    """ANUVAD_MT_CHAINS as {pair: engine names}; ValueError naming what is wrong."""
    chains: dict[Pair, list[str]] = {}
    for entry in value.split(";"):
        if not entry.strip():
            continue
        pair_text, sep, names_text = entry.partition("=")
        if not sep:
            raise ValueError(f"{entry.strip()!r} should look like 'en>hi=google,mymemory'")
        pair = parse_pair(pair_text)
        if pair in chains:
            raise ValueError(f"{pair[0]}>{pair[1]} is listed twice")
        names = [n.strip() for n in names_text.split(",") if n.strip()]
        if len(set(names)) != len(names):
            raise ValueError(f"{pair[0]}>{pair[1]} names an engine twice")
        chains[pair] = names
    return chains


def _chain_overrides() -> dict[Pair, list[str]]:
    global _overrides
    if _overrides is None:
        try:
            _overrides = parse_chains(settings.ANUVAD_MT_CHAINS or "")
        except ValueError as exc:
            raise ImproperlyConfigured(f"ANUVAD_MT_CHAINS: {exc}.") from None
    return _overrides


def engine_settings() -> dict[str, dict[str, Any]]:
    """settings.ANUVAD_MT_ENGINES (engine name → {"class": dotted path, options...})."""
    return getattr(settings, "ANUVAD_MT_ENGINES", {}) or {}


def build(name: str) -> Engine:
    """A new engine from its settings entry (not cached); ImproperlyConfigured if bad."""
    conf = engine_settings().get(name)
    if not isinstance(conf, dict) or "class" not in conf:
        raise ImproperlyConfigured(
            f"ANUVAD_MT_ENGINES has no engine named {name!r} (with a 'class')."
        )
    try:
        cls = import_string(conf["class"])
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"ANUVAD_MT_ENGINES[{name!r}]: cannot import {conf['class']!r} ({exc})."
        ) from exc
    if not (isinstance(cls, type) and issubclass(cls, Engine)):
        raise ImproperlyConfigured(
            f"ANUVAD_MT_ENGINES[{name!r}]: {conf['class']!r} is not an Engine class."
        )
    if cls.name != name:
        # Messages and audit records name the engine; they must match the settings key.
        cls = type(cls.__name__, (cls,), {"name": name, "__module__": cls.__module__})
    return cls(**{k: v for k, v in conf.items() if k != "class"})


def engine(name: str) -> Engine:
    """The engine called ``name`` in settings.ANUVAD_MT_ENGINES, built once."""
    with _lock:
        found = _engines.get(name)
        if found is None:
            found = _engines[name] = build(name)
        return found


def chain_names(source: str, target: str) -> list[str]:
    """Names of the engines to try for a pair, in order (configured or not)."""
    pair = parse_pair(f"{source}>{target}")
    overrides = _chain_overrides()
    if pair in overrides:
        return list(overrides[pair])
    # A default chain skips engines the site removed from ANUVAD_MT_ENGINES.
    known = engine_settings()
    return [name for name in default_chain(*pair) if name in known]


def chain(source: str, target: str) -> list[Engine]:
    """The engines to try for a pair, in order: only configured ones that support it."""
    engines = [engine(name) for name in chain_names(source, target)]
    return [e for e in engines if e.configured()[0] and e.supports(source, target)]


def reset() -> None:
    """Forget built engines and parsed chains (settings changed)."""
    global _overrides
    with _lock:
        _engines.clear()
        _overrides = None


@receiver(setting_changed)
def _settings_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in SETTINGS:
        reset()
