"""Pre-translation in a real worker over real Redis: retries, crashes and broker restarts.

The worker reaches the machine-translation providers only through the local test double.
"""

from __future__ import annotations

import os
import time

import pytest

from tests.factories import make_statement, make_user
from tests.support.celery_worker import WorkerProcess
from workflow import services
from workflow.choices import State
from workflow.models import Segment, Transition, Variant

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

BODY = " ".join(f"Sentence number {n} of the relief appeal for Darbhanga." for n in range(12))


@pytest.fixture
def worker_env(mt_double):
    return {
        "ANUVAD_MT_GOOGLE_URL": mt_double.url("google"),
        "ANUVAD_MT_MYMEMORY_URL": mt_double.url("mymemory"),
        "ANUVAD_MT_READ_TIMEOUT": "6",
        "ANUVAD_MT_MAX_RETRIES": "3",
        "ANUVAD_MT_RETRY_BACKOFF": "1",
        # Redelivery of a dead worker's task within seconds instead of an hour.
        "ANUVAD_CELERY_VISIBILITY_TIMEOUT": "10",
        "ANUVAD_CELERY_RESTORE_INTERVAL": "1",
        "ANUVAD_CELERY_RESTORE_THROTTLE": "1",
        # The killed worker may die holding the restore lock: its successor waits this long.
        "ANUVAD_CELERY_RESTORE_LOCK_EXPIRY": "5",
        "ANUVAD_MT_TASK_TIME_LIMIT": "9",
    }


@pytest.fixture
def start_worker(redis_server, transactional_db, worker_env):
    from config.celery import app

    app.conf.task_always_eager = False
    started: list[WorkerProcess] = []

    def start(concurrency: int = 3) -> WorkerProcess:
        worker = WorkerProcess(concurrency=concurrency, env=worker_env).start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
    app.conf.task_always_eager = True


@pytest.fixture
def author(transactional_db):
    return make_user("author", roles=["author"], languages=["en"])


def submit(author, *, targets=("hi", "bn", "ur"), slug=None, body=BODY):
    statement = make_statement(author, body=body, slug=slug)
    services.statement_submit_for_translation(
        statement=statement, actor=author, targets=list(targets)
    )
    return statement


def all_ready(statement, count):
    variants = Variant.objects.filter(statement=statement).exclude(language="en")
    states = list(variants.values_list("state", flat=True))
    return len(states) == count and set(states) == {State.READY}


def assert_no_duplicates(statement):
    expected = len(statement.revisions.get().body.split(". "))
    for v in Variant.objects.filter(statement=statement).exclude(language="en"):
        positions = list(v.segments.values_list("position", flat=True))
        assert len(positions) == len(set(positions))
        assert v.segments.filter(field="body").count() == expected
        assert v.transitions.filter(to_state=State.READY).count() == 1


def test_every_language_ready_with_engine_output(start_worker, author, mt_double, wait_for):
    worker = start_worker()
    statement = submit(author)
    wait_for(lambda: all_ready(statement, 3), what=f"ready; log:\n{worker.output()}")
    for v in Variant.objects.filter(statement=statement).exclude(language="en"):
        assert set(v.segments.values_list("origin", "origin_detail")) == {
            (Segment.Origin.ENGINE, "google")
        }
        assert not v.needs_human
    assert mt_double.counts_by_target() == {"hi": 1, "bn": 1, "ur": 1}
    assert_no_duplicates(statement)


def test_rate_limited_provider_is_retried_when_it_said_to(
    start_worker, author, mt_double, wait_for
):
    # A short Retry-After is worth waiting for: the retry comes when the engine is back.
    mt_double.fail_next(429, 429, retry_after=1, provider="google")
    mt_double.fail_next(429, 429, retry_after=1, provider="mymemory")
    worker = start_worker(concurrency=1)
    statement = submit(author, targets=["hi"])
    wait_for(lambda: all_ready(statement, 1), what=f"ready; log:\n{worker.output()}")
    hindi = statement.variants.get(language="hi")
    assert not hindi.needs_human
    assert set(hindi.segments.values_list("origin", flat=True)) == {Segment.Origin.ENGINE}
    assert "Retry in" in worker.output()
    assert mt_double.count(provider="google") == 3  # two refusals, then the answer


@pytest.mark.parametrize(("breaker", "requests"), [("1", 1), ("0", 4)])
def test_every_engine_down_hands_over(
    start_worker, author, mt_double, wait_for, worker_env, breaker, requests
):
    worker_env["ANUVAD_MT_BREAKER"] = breaker
    mt_double.fail_next(*[503] * 50)
    worker = start_worker(concurrency=1)
    statement = submit(author, targets=["bn"])
    wait_for(lambda: all_ready(statement, 1), timeout=90, what=f"log:\n{worker.output()}")
    bengali = statement.variants.get(language="bn")
    assert bengali.needs_human
    note = bengali.transitions.get(to_state=State.READY).note
    assert "Machine translation failed" in note and "HTTP 503" in note
    # With the breaker: the first try finds both engines down for longer than a version
    # waits, and hands over at once. Without: the first try and three retries each ask both.
    assert mt_double.count(provider="google") == requests
    assert mt_double.count(provider="mymemory") == requests


def test_a_second_statement_does_not_rediscover_a_dead_engine(
    start_worker, author, mt_double, wait_for
):
    from translations import memory

    memory.add(
        source_language="en",
        target_language="ur",
        source_text="Sentence number 3 of the relief appeal for Darbhanga.",
        target_text="دربھنگہ کے لیے امدادی اپیل کا جملہ نمبر 3۔",
    )
    mt_double.fail_next(*[503] * 100)
    worker = start_worker(concurrency=3)
    first = submit(author, slug="pehla")
    wait_for(lambda: all_ready(first, 3), timeout=30, what=f"first; log:\n{worker.output()}")
    found_down = mt_double.count()
    # Three tasks ran at once: each may have asked before the first failure was recorded.
    assert 2 <= found_down <= 6
    second = submit(author, slug="doosra")
    wait_for(lambda: all_ready(second, 3), timeout=30, what=f"second; log:\n{worker.output()}")
    assert mt_double.count() == found_down  # every worker knew the engines were down
    for v in Variant.objects.filter(statement=second).exclude(language="en"):
        note = v.transitions.get(to_state=State.READY).note
        assert "google: skipped" in note and "mymemory: skipped" in note
        assert v.needs_human
    urdu = second.variants.get(language="ur")
    remembered = urdu.segments.get(source="Sentence number 3 of the relief appeal for Darbhanga.")
    assert remembered.target == "دربھنگہ کے لیے امدادی اپیل کا جملہ نمبر 3۔"


# The longest scenario, run on the database that multi-worker deployments use.
@pytest.mark.postgres_only
@pytest.mark.parametrize("how", ["pool", "whole_worker"])
def test_worker_killed_mid_task_is_redelivered_without_duplicates(
    start_worker, author, mt_double, wait_for, how
):
    mt_double.set_latency(2.0)
    for attempt in range(2):
        worker = start_worker(concurrency=1)
        before = mt_double.count()
        # Sentences the first attempt did not send: the engine cache would answer those.
        body = " ".join(
            f"Sentence {n} of appeal {attempt} for the Darbhanga floods." for n in range(12)
        )
        statement = submit(author, targets=["hi"], slug=f"crash-{how}-{attempt}", body=body)
        wait_for(lambda b=before: mt_double.count() > b, what="the task reaching the provider")
        if how == "pool":
            for pid in worker.pool_pids():
                os.kill(pid, 9)
        else:
            worker.crash()
            time.sleep(0.5)
            worker = start_worker(concurrency=1)
        wait_for(lambda s=statement: all_ready(s, 1), timeout=60,
                 what=f"redelivery; log:\n{worker.output()}")  # fmt: skip
        assert_no_duplicates(statement)
        assert mt_double.count() >= before + 2  # the killed attempt, then the rerun
        worker.stop()


def test_redis_restart_during_a_batch_loses_nothing(
    start_worker, author, mt_double, redis_server, wait_for
):
    mt_double.set_latency(0.3)
    worker = start_worker(concurrency=3)
    statements = []
    for n in range(6):
        if n == 3:
            redis_server.stop()
            redis_server.start()
        statements.append(submit(author, targets=["hi", "ur"], slug=f"batch-{n}"))
    for statement in statements:
        wait_for(lambda s=statement: all_ready(s, 2), timeout=90,
                 what=f"{statement.slug}; log:\n{worker.output()}")  # fmt: skip
        assert_no_duplicates(statement)
    pending_to_ready = Transition.objects.filter(from_state=State.PENDING, to_state=State.READY)
    assert pending_to_ready.count() == 12


def test_a_revision_goes_through_the_worker_one_request_per_language(
    published, users, mt_double, start_worker, wait_for
):
    from tests.support.revising import CHANGED, body_with, human, revise

    worker = start_worker(concurrency=3)
    before = {
        code: dict(published.variants.get(language=code).segments.values_list("position", "target"))
        for code in ("hi", "bn", "ur")
    }
    # Published from here, the tasks go through Redis to the worker.
    revise(published, users, lambda call, **kwargs: call(**kwargs), body=body_with(6, CHANGED))

    def back_with_translators() -> bool:
        states = published.variants.exclude(language="en").values_list("state", flat=True)
        return set(states) == {State.IN_TRANSLATION}

    wait_for(back_with_translators, what=f"retranslated; log:\n{worker.output()}")
    assert "retranslate_task" in worker.output()
    assert mt_double.counts_by_target() == {"hi": 1, "bn": 1, "ur": 1}
    for code, targets in before.items():
        rows = {s.position: s for s in published.variants.get(language=code).segments.all()}
        same = [p for p in rows if rows[p].target == targets[p] and rows[p].origin == "human"]
        assert len(same) == 19
        assert rows[7].target == f"[{code}] {CHANGED}"
        assert rows[7].previous_target == human(code, 7)
