"""Leases on machine work: one task per version, and the sweep finds what nobody does."""

from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_statement
from workflow import services
from workflow.choices import State
from workflow.models import Variant
from workflow.pipeline import lease
from workflow.tasks import machine_translate_task, requeue_stalled_pretranslation_task


@pytest.fixture
def pending(users) -> Variant:
    """A Hindi version waiting for pre-translation, its task sent to nobody."""
    from config.celery import app

    statement = make_statement(users["author"])
    app.conf.task_always_eager = False
    try:
        services.statement_submit_for_translation(
            statement=statement, actor=users["author"], targets=["hi"]
        )
    finally:
        app.conf.task_always_eager = True
    return statement.variants.get(language="hi")


def dead_pid() -> int:
    done = subprocess.Popen(["true"])
    done.wait()
    return done.pid


def set_lease(variant: Variant, *, holder: str, seconds: float) -> None:
    until = timezone.now() + timedelta(seconds=seconds)
    Variant.objects.filter(pk=variant.pk).update(lease_holder=holder, lease_expires_at=until)


def test_one_task_holds_a_version_at_a_time(pending):
    first = lease.take(pending.pk, states=[State.PENDING])
    assert first is not None
    assert lease.take(pending.pk, states=[State.PENDING]) is None
    first.release()
    assert lease.take(pending.pk, states=[State.PENDING]) is not None


def test_a_version_in_another_state_is_not_taken(pending):
    assert lease.take(pending.pk, states=[State.OUTDATED]) is None


def test_a_lease_that_ran_out_or_a_reservation_can_be_taken(pending):
    set_lease(pending, holder="elsewhere:1:abc", seconds=-1)
    assert lease.take(pending.pk, states=[State.PENDING]) is not None
    set_lease(pending, holder="", seconds=600)  # reserved for a task on its way
    assert lease.take(pending.pk, states=[State.PENDING]) is not None


def test_a_holder_that_died_here_is_taken_over_at_once_one_elsewhere_is_not(pending):
    import socket

    set_lease(pending, holder=f"{socket.gethostname()}:{dead_pid()}:abc", seconds=600)
    assert lease.take(pending.pk, states=[State.PENDING]) is not None
    set_lease(pending, holder=f"elsewhere:{dead_pid()}:abc", seconds=600)
    assert lease.take(pending.pk, states=[State.PENDING]) is None


def test_a_retry_keeps_the_version_until_it_is_due(pending, settings):
    with lease.held(pending.pk, states=[State.PENDING], heartbeat=False) as held:
        held.retry_in = 40
    row = Variant.objects.get(pk=pending.pk)
    assert row.lease_holder == ""
    expected = timezone.now() + timedelta(seconds=40 + settings.ANUVAD_MT_LEASE_SECONDS)
    assert abs((row.lease_expires_at - expected).total_seconds()) < 5
    assert lease.stalled(quiet_for=0) == []


def test_the_sweep_finds_what_nobody_works_on(pending, settings):
    import socket

    assert lease.stalled(quiet_for=3600) == []  # just sent: its task may be in the queue
    assert [s.variant_id for s in lease.stalled(quiet_for=0)] == [pending.pk]
    set_lease(pending, holder="elsewhere:1:abc", seconds=30)
    assert lease.stalled(quiet_for=0) == []  # a live lease on another machine
    set_lease(pending, holder=f"{socket.gethostname()}:{dead_pid()}:abc", seconds=30)
    assert [s.variant_id for s in lease.stalled(quiet_for=3600)] == [pending.pk]
    set_lease(pending, holder="elsewhere:1:abc", seconds=-1)
    (found,) = lease.stalled(quiet_for=3600)
    # Reserved for the task sent again: the next sweeps leave it; a second reservation of
    # what was read before fails (so two sweeps at once send it once).
    assert lease.reserve(found, seconds=60)
    assert not lease.reserve(found, seconds=60)
    assert lease.stalled(quiet_for=0) == []


def test_the_sweep_sends_a_stalled_version_again_and_it_is_done_once(pending, settings):
    settings.ANUVAD_MT_REQUEUE_AFTER = 0
    set_lease(pending, holder="elsewhere:1:abc", seconds=-1)  # its worker was killed
    assert requeue_stalled_pretranslation_task() == 1
    done = Variant.objects.get(pk=pending.pk)
    assert done.state == State.READY
    assert (done.lease_holder, done.lease_expires_at) == ("", None)
    assert done.transitions.filter(to_state=State.READY).count() == 1
    assert machine_translate_task(pending.pk) == "skipped"  # a late copy does nothing
    assert requeue_stalled_pretranslation_task() == 0
