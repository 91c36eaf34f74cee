"""Work of a worker killed with SIGKILL is picked up by the lease sweep, within the bound
the settings give, and done once; a live, slow task keeps its version to itself.

Real worker processes over a real Redis; the machine-translation providers are the local
test double, slowed down so that a kill lands mid-task. The lease is three seconds here
(production: ANUVAD_MT_LEASE_SECONDS), and Redis's own redelivery and the sweep's rule
for forgotten versions are pushed out to an hour, so only the lease can be what recovers.
"""

from __future__ import annotations

import os
import re
import signal
import time

import pytest
from celery import current_app
from django.utils import timezone

from tests.factories import make_statement, make_user
from tests.support.celery_worker import WorkerProcess
from workflow import services
from workflow.choices import State
from workflow.models import Transition, Variant

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

BODY = " ".join(f"Sentence number {n} of the flood relief appeal." for n in range(12))
LEASE = 3


@pytest.fixture
def start_worker(redis_server, transactional_db, mt_double):
    current_app.conf.task_always_eager = False
    env = {
        "ANUVAD_MT_GOOGLE_URL": mt_double.url("google"),
        "ANUVAD_MT_MYMEMORY_URL": mt_double.url("mymemory"),
        "ANUVAD_MT_READ_TIMEOUT": "30",
        "ANUVAD_MT_LEASE_SECONDS": str(LEASE),
        "ANUVAD_CELERY_VISIBILITY_TIMEOUT": "3600",
        "ANUVAD_MT_REQUEUE_AFTER": "3600",
    }
    started: list[WorkerProcess] = []

    def start(lease: int = LEASE) -> WorkerProcess:
        worker = WorkerProcess(
            concurrency=1, env=env | {"ANUVAD_MT_LEASE_SECONDS": str(lease)}
        ).start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
    current_app.conf.task_always_eager = True


@pytest.fixture
def author(transactional_db):
    return make_user("author", roles=["author"], languages=["en"])


def submit(author, slug: str) -> Variant:
    statement = make_statement(author, body=BODY, slug=slug)
    services.statement_submit_for_translation(statement=statement, actor=author, targets=["hi"])
    return statement.variants.get(language="hi")


def ready(variant: Variant) -> bool:
    """Pre-translated, and the lease given back (just after the move commits)."""
    now = Variant.objects.get(pk=variant.pk)
    return now.state == State.READY and now.lease_expires_at is None


def assert_done_once(variant: Variant) -> None:
    variant = Variant.objects.get(pk=variant.pk)
    positions = list(variant.segments.values_list("position", flat=True))
    assert len(positions) == len(set(positions)) == variant.segments_total
    assert variant.segments.filter(field="body").count() == 12
    assert Transition.objects.filter(variant=variant, to_state=State.READY).count() == 1
    assert (variant.lease_holder, variant.lease_expires_at) == ("", None)


def working(variant: Variant, mt_double, before: int, wait_for) -> str:
    """Wait until the task holds the version and is at the provider; returns the holder."""
    wait_for(lambda: mt_double.count() > before, what="the task reaching the provider")
    return wait_for(
        lambda: Variant.objects.values_list("lease_holder", flat=True).get(pk=variant.pk),
        what="the lease",
    )


def beat_tick() -> None:
    current_app.send_task("workflow.tasks.requeue_stalled_pretranslation_task")


def test_the_settings_bound_recovery_under_two_minutes(settings):
    # What a translator waits at worst after a worker is killed: its lease runs out (at
    # most one lease after its last renewal, a third of a lease before the kill), then the
    # next sweep sends the work again. A message lost before any worker started it waits
    # for ANUVAD_MT_REQUEUE_AFTER, then the next sweep.
    sweep = settings.CELERY_BEAT_SCHEDULE["requeue-stalled-pretranslation"]["schedule"]
    assert sweep == settings.ANUVAD_MT_REQUEUE_INTERVAL == 30
    assert settings.ANUVAD_MT_LEASE_SECONDS == 60
    assert settings.ANUVAD_MT_LEASE_SECONDS + sweep == 90 < 120
    assert settings.ANUVAD_MT_REQUEUE_AFTER + sweep == 90 < 120
    # Redis redelivers only what a live worker cannot still hold: a task's run, or a
    # retry's countdown and then its run.
    longest = settings.ANUVAD_MT_RETRY_BACKOFF_MAX + settings.ANUVAD_MT_TASK_TIME_LIMIT
    assert max(longest, settings.CELERY_TASK_TIME_LIMIT) < settings.CELERY_BROKER_VISIBILITY_TIMEOUT


def test_a_killed_pool_process_is_taken_over_at_once(start_worker, author, mt_double, wait_for):
    mt_double.set_latency(2.0)
    worker = start_worker(lease=120)  # longer than the wait below: no lease runs out
    variant = submit(author, "killed-pool")
    holder = working(variant, mt_double, 0, wait_for)
    children = worker.pool_pids()
    assert int(holder.split(":")[1]) in children  # the pool process holds the lease
    for pid in children:
        os.kill(pid, signal.SIGKILL)
    # The worker hands the message back at once; the new pool process finds the holder
    # dead on this machine and takes over without waiting for the lease, or any sweep.
    wait_for(lambda: ready(variant), timeout=60, what=f"the takeover; log:\n{worker.output()}")
    assert "Took over variant" in worker.output()
    assert_done_once(variant)
    assert mt_double.count() >= 2  # the killed attempt, then the one that finished


@pytest.mark.parametrize("where", ["this machine", "another machine"])
def test_a_killed_worker_s_version_is_sent_again_by_the_sweep(
    start_worker, author, mt_double, wait_for, where
):
    mt_double.set_latency(2.0)
    worker = start_worker()
    variant = submit(author, f"killed-{where.replace(' ', '-')}")
    holder = working(variant, mt_double, 0, wait_for)
    worker.crash()  # SIGKILL to the whole worker, main process and pool
    killed = time.monotonic()
    if where == "another machine":
        # As the sweep of a worker on another machine reads it: no process to look up,
        # so it waits for the lease to run out.
        Variant.objects.filter(pk=variant.pk).update(lease_holder=f"elsewhere:{holder}")
    expires = Variant.objects.values_list("lease_expires_at", flat=True).get(pk=variant.pk)
    successor = start_worker()
    if where == "another machine":
        wait_for(lambda: timezone.now() > expires, what="the lease to run out")
    beat_tick()
    wait_for(lambda: ready(variant), what=f"the sweep's resend; log:\n{successor.output()}")
    picked = time.monotonic() - killed
    print(f"\n{where}: ready {picked:.1f}s after the kill (lease {LEASE}s, sweep by hand)")
    assert_done_once(variant)
    assert re.search(
        r"requeue_stalled_pretranslation_task\[[^]]+\] succeeded in [^:]+: 1", successor.output()
    )
    finished = Transition.objects.get(variant=variant, to_state=State.READY).at
    if where == "another machine":
        assert finished > expires  # not sent again while the dead worker's lease ran
    # The killed attempt, then one more: the message the dead worker held is still
    # unacknowledged in Redis, and when it comes back it will find nothing to do.
    assert mt_double.count() == 2


def test_a_slow_task_keeps_its_version_while_copies_arrive(
    start_worker, author, mt_double, wait_for
):
    # Far longer than the lease: only the heartbeat keeps it, and on a busy machine the copy
    # and the sweep below still arrive while it works.
    mt_double.set_latency(6 * LEASE)
    worker = start_worker()
    second = start_worker()
    variant = submit(author, "slow-one")
    working(variant, mt_double, 0, wait_for)
    first_expiry = Variant.objects.values_list("lease_expires_at", flat=True).get(pk=variant.pk)
    copy = current_app.send_task("workflow.tasks.machine_translate_task", args=(variant.pk,))
    beat_tick()
    wait_for(
        lambda: f"machine_translate_task[{copy.id}] succeeded" in second.output() + worker.output(),
        what="the copy to give up",
    )

    def renewed() -> bool:
        now = Variant.objects.values_list("lease_expires_at", flat=True).get(pk=variant.pk)
        return now is not None and now > first_expiry

    wait_for(renewed, what="a renewal")
    wait_for(lambda: ready(variant), timeout=90, what=f"the slow task; log:\n{worker.output()}")
    logs = worker.output() + second.output()
    assert f"machine_translate_task[{copy.id}] succeeded in" in logs
    assert re.search(rf"machine_translate_task\[{copy.id}\] succeeded in [^:]+: 'skipped'", logs)
    assert re.search(r"requeue_stalled_pretranslation_task\[[^]]+\] succeeded in [^:]+: 0", logs)
    assert_done_once(variant)
    assert mt_double.count() == 1  # nobody else asked the provider
