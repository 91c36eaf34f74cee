"""A circuit breaker per engine, kept in Redis so that every worker learns from one failure.

An engine that refused a connection, timed out, answered with a server error
(EngineUnavailable) or asked us to slow down (EngineRateLimited) is *open*: every task skips
it until its cool-off ends (settings.ANUVAD_MT_BREAKER_COOL_OFF, or the provider's
Retry-After, at most ANUVAD_MT_BREAKER_MAX_COOL_OFF). After that it is *half-open*: one
request, from whichever task takes the probe first (an atomic SET NX in Redis), goes to the
engine; the others keep skipping it. An answer closes the breaker; another failure opens it
for a new cool-off. So an engine that is down costs one request per cool-off across all
workers, not one per task.

The breaker only advises. Any failure to reach Redis (or the breaker turned off with
ANUVAD_MT_BREAKER) makes every function here answer "go ahead" and record nothing: the
engines are tried, as they were before the breaker existed, and the pipeline never fails
because of it. It uses the "engines" cache (config/cache.py's Redis client, which gives
up within a fraction of a second and then leaves Redis alone for a few seconds).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

from .base import EngineError, EngineRateLimited, EngineUnavailable

log = logging.getLogger(__name__)

CACHE = "engines"


def _now() -> float:
    # Wall-clock time, the same on every machine a worker runs on.
    return time.time()


@dataclass(frozen=True)
class Opening:
    """What is known of an engine that is being skipped (times are Unix seconds)."""

    engine: str
    reason: str  # the last failure, as EngineError wrote it (starts with the engine's name)
    since: float  # when this outage was first seen
    until: float  # when its cool-off ends and a probe may go
    probing: bool = False  # the cool-off is over and another task's probe is under way

    def wait(self, now: float | None = None) -> float:
        """Seconds until a probe may go (0 once the cool-off is over)."""
        return max(0.0, self.until - (_now() if now is None else now))

    @property
    def span(self) -> float:
        """How long the outage lasts as far as it is known: from its start to its cool-off's end."""
        return self.until - self.since


def _enabled() -> bool:
    return bool(getattr(settings, "ANUVAD_MT_BREAKER", True))


def _cache():
    return caches[CACHE]


def _key(kind: str, engine: str) -> str:
    return f"breaker:{kind}:{engine}"


def _ttl(seconds: float) -> int:
    # Redis keeps whole seconds, and Django's cache turns 0 into "delete at once".
    return max(1, math.ceil(seconds))


def _away(action: str, engine: str, error: Exception) -> None:
    # The cache client warns once when Redis goes away; this is said at every call.
    log.debug(
        "Engine breaker could not %s for %s (%s): the engine is tried.", action, engine, error
    )


def cool_off_for(error: EngineError) -> float:
    """How long an engine is skipped after ``error``: the provider's Retry-After if it gave
    one, else the cool-off setting; never more than the cap."""
    seconds = settings.ANUVAD_MT_BREAKER_COOL_OFF
    retry_after = getattr(error, "retry_after", None)
    if isinstance(error, EngineRateLimited) and retry_after is not None and retry_after > 0:
        seconds = retry_after
    return min(float(seconds), settings.ANUVAD_MT_BREAKER_MAX_COOL_OFF)


def trips(error: EngineError) -> bool:
    """Whether ``error`` says the engine is away for a while (rather than this one request
    being wrong, or the engine never able to do it)."""
    return isinstance(error, EngineUnavailable | EngineRateLimited)


def blocked(engine: str) -> Opening | None:
    """Whether to skip ``engine`` now: an Opening saying why, or None to go ahead.

    None also when the cool-off is over and this caller took the probe: it must then report
    the outcome with ``answered``, ``failed`` or ``released``.
    """
    if not _enabled():
        return None
    try:
        record = _cache().get(_key("open", engine))
        if record is None:
            return None
        opening = Opening(engine, record["reason"], record["since"], record["until"])
        if opening.wait() > 0:
            return opening
        lock_for = record["until"] - record["opened"]
        if _cache().add(_key("probe", engine), _now(), timeout=_ttl(lock_for)):
            # The probe before this one may have failed between the read above and taking
            # the probe (failed() writes the new opening, then frees the probe): then this
            # cool-off has just begun, and its one request was that probe's.
            current = _cache().get(_key("open", engine))
            if current is not None and current["opened"] != record["opened"]:
                released(engine)
                return Opening(engine, current["reason"], current["since"], current["until"])
            log.info("%s: cool-off over, letting one request through.", engine)
            return None
        return Opening(engine, opening.reason, opening.since, opening.until, probing=True)
    except Exception as exc:  # the breaker must never stop the pipeline
        _away("read the breaker", engine, exc)
        return None


def failed(engine: str, error: EngineError) -> Opening | None:
    """Record ``error`` from ``engine``: open the breaker if the error says the engine is
    away. The Opening now in force, or None when nothing was recorded (the error does not
    trip the breaker, the breaker is off, or Redis is away)."""
    if not _enabled() or not trips(error):
        if _enabled():
            released(engine)
        return None
    now = _now()
    cool_off = cool_off_for(error)
    try:
        cache = _cache()
        previous = cache.get(_key("open", engine))
        since = previous["since"] if previous else now
        record = {"reason": str(error), "since": since, "opened": now, "until": now + cool_off}
        # Kept past the cool-off (for the cap's length) so a probe's failure continues the
        # same outage: its start is what decides whether a version waits for the engine.
        cache.set(
            _key("open", engine),
            record,
            timeout=_ttl(cool_off + settings.ANUVAD_MT_BREAKER_MAX_COOL_OFF),
        )
        cache.delete(_key("probe", engine))
    except Exception as exc:
        _away("record a failure", engine, exc)
        return None
    if previous is None:
        log.warning("%s: skipped by every worker for %g s after: %s", engine, cool_off, error)
    return Opening(engine, record["reason"], since, record["until"])


def answered(engine: str) -> None:
    """``engine`` answered: close its breaker."""
    if not _enabled():
        return
    try:
        cache = _cache()
        if cache.get(_key("open", engine)) is not None:
            log.info("%s answers again.", engine)
        cache.delete_many([_key("open", engine), _key("probe", engine)])
    except Exception as exc:
        _away("close the breaker", engine, exc)


def released(engine: str) -> None:
    """A request that told nothing about the engine's health ended: free the probe."""
    try:
        _cache().delete(_key("probe", engine))
    except Exception as exc:
        _away("free the probe", engine, exc)


def state(engine: str) -> Opening | None:
    """The engine's opening as recorded, without taking a probe (for status pages)."""
    if not _enabled():
        return None
    try:
        record = _cache().get(_key("open", engine))
    except Exception:
        return None
    if record is None:
        return None
    return Opening(engine, record["reason"], record["since"], record["until"])


def forget(engines: Iterable[str]) -> None:
    """Close the breakers of ``engines`` (tests, and an operator who fixed an engine)."""
    keys = [_key(kind, e) for e in engines for kind in ("open", "probe")]
    try:
        _cache().delete_many(keys)
    except Exception as exc:
        log.debug("Could not forget engine breakers: %s", exc)
