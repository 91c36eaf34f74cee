"""The optional AI check (settings.ANUVAD_QA_AI_CHECK, off by default).

The ``openai`` engine rates each translated sentence for accuracy, terminology and numbers
(1 to 5); a score at or below ANUVAD_QA_AI_MAX_SCORE becomes a warning with the model's
reason. Never an error: a model's opinion never blocks a person's work. The flag records
which text it judged, so it goes as soon as the sentence is edited.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.conf import settings

from . import engine_usage
from .checks import WARNING, Flag
from .engines import registry
from .engines.base import metered
from .engines.openai import OpenAIEngine

CHECK = "ai_review"


def text_key(text: str) -> str:
    """What a flag records of the translation it judged."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def engine_for(source: str, target: str) -> OpenAIEngine | None:
    """The engine that rates, when the check is on and an openai engine can rate the pair."""
    if not getattr(settings, "ANUVAD_QA_AI_CHECK", False):
        return None
    if "openai" not in registry.engine_settings():
        return None
    engine = registry.engine("openai")
    if not isinstance(engine, OpenAIEngine) or not engine.configured()[0]:
        return None
    return engine if engine.supports(source, target) else None


def still_valid(flag: dict, target: str) -> bool:
    """Whether a stored AI flag judged ``target`` as it is now."""
    return flag.get("check") == CHECK and flag.get("params", {}).get("text") == text_key(target)


def rate(pairs: Sequence[tuple[str, str]], *, source: str, target: str) -> list[list[Flag]]:
    """For each (source, translation), the warning it earns ([] for a good score, and for
    every pair when the check is off). Raises the engine's errors."""
    engine = engine_for(source, target)
    if engine is None or not pairs:
        return [[] for _ in pairs]
    engine_usage.check_budget(engine.name)
    with metered() as meter:
        try:
            ratings = engine.rate(pairs, source, target)
        finally:
            engine_usage.record(engine.name, requests=meter.requests, characters=meter.characters)
    worst = int(getattr(settings, "ANUVAD_QA_AI_MAX_SCORE", 3))
    return [
        [
            Flag(
                CHECK,
                WARNING,
                "ai_doubt",
                {"score": rating.score, "reason": rating.reason, "text": text_key(translation)},
            )
        ]
        if rating.score <= worst
        else []
        for (_source, translation), rating in zip(pairs, ratings, strict=True)
    ]
