"""Machine-translation engines: one module per provider, a shared contract, a registry.

Engines are text in, text out: they never touch the ORM. Build them through
``registry.engine(name)`` / ``registry.chain(source, target)``.
"""

from .base import (
    Engine,
    EngineBadResponse,
    EngineError,
    EngineNotConfigured,
    EngineOverBudget,
    EngineRateLimited,
    EngineUnavailable,
    Translation,
    UnsupportedLanguagePair,
)

__all__ = [
    "Engine",
    "EngineBadResponse",
    "EngineError",
    "EngineNotConfigured",
    "EngineOverBudget",
    "EngineRateLimited",
    "EngineUnavailable",
    "Translation",
    "UnsupportedLanguagePair",
]
