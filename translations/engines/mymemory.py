"""MyMemory (translated.net): a translation memory with machine translation behind it."""

from __future__ import annotations

import re
from typing import Any

from deep_translator import MyMemoryTranslator

from .base import EngineBadResponse, EngineRateLimited
from .online import Exchange, OnlineEngine

# "NEXT AVAILABLE IN  23 HOURS 59 MINUTES 59 SECONDS" in the used-up-quota warning.
_NEXT_AVAILABLE = re.compile(
    r"NEXT AVAILABLE IN\s+(?:(\d+)\s+HOURS?)?\s*(?:(\d+)\s+MINUTES?)?\s*(?:(\d+)\s+SECONDS?)?",
    re.IGNORECASE,
)


class MyMemoryEngine(OnlineEngine):
    """Options: ``email`` (sent as ``de``; MyMemory allows more requests a day with one)
    and ``url``, which replaces http://api.mymemory.translated.net/get when not empty."""

    name = "mymemory"
    display_name = "MyMemory"
    # deep-translator refuses 500 characters and more; MyMemory itself takes at most
    # 500 bytes of UTF-8 (Hindi and Bengali letters take 3 each): _fits() checks both.
    char_limit = 499
    max_bytes = 500
    # MyMemory wants RFC 3066 codes; these are the ones deep-translator knows for ours.
    languages = {"en": "en-GB", "hi": "hi-IN", "bn": "bn-IN", "ur": "ur-PK"}
    option_defaults = {"url": "", "email": ""}

    def _fits(self, text: str) -> bool:
        return len(text) <= self.char_limit and len(text.encode("utf-8")) <= self.max_bytes

    def _translator(self, source: str, target: str) -> MyMemoryTranslator:
        translator = MyMemoryTranslator(
            source=source, target=target, email=self.options["email"] or None
        )
        if self.options["url"]:
            translator._base_url = self.options["url"]
        return translator

    def _answer(self, answer: Any, text: str, exchange: Exchange) -> str:
        # MyMemory reports refusals with HTTP 200 and its own responseStatus, putting the
        # warning where the translation goes; deep-translator would return the warning.
        try:
            data = exchange.response.json() if exchange.response is not None else {}
        except ValueError:
            data = {}
        status = str(data.get("responseStatus", "200")) if isinstance(data, dict) else "200"
        if status != "200":
            details = str(data.get("responseDetails") or answer or "")[:200]
            if status == "429" or data.get("quotaFinished"):
                raise EngineRateLimited(
                    f"mymemory: the daily quota is used up ({details})",
                    engine=self.name,
                    retry_after=_next_available(details),
                )
            raise EngineBadResponse(f"mymemory: refused ({status}: {details})", engine=self.name)
        return super()._answer(answer, text, exchange)


def _next_available(details: str) -> float | None:
    match = _NEXT_AVAILABLE.search(details)
    if not match or not any(match.groups()):
        return None
    hours, minutes, secs = (int(g or 0) for g in match.groups())
    return float(hours * 3600 + minutes * 60 + secs)
