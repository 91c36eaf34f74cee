"""Sending tasks: run here for one-off loaders, through the broker otherwise."""

from __future__ import annotations

from datetime import timedelta

import pytest
from celery import current_app
from django.utils import timezone

from workflow import dispatch


@pytest.fixture
def through_the_broker():
    conf = current_app.conf
    previous = conf.task_always_eager
    conf.task_always_eager = False
    yield conf
    conf.task_always_eager = previous


def test_tasks_run_in_this_process_only_inside_the_block(through_the_broker):
    with dispatch.in_this_process():
        assert through_the_broker.task_always_eager is True
    assert through_the_broker.task_always_eager is False


def test_the_broker_is_used_again_after_a_failure_inside_the_block(through_the_broker):
    with pytest.raises(RuntimeError), dispatch.in_this_process():
        raise RuntimeError("the loader failed")
    assert through_the_broker.task_always_eager is False


# ---- the outbox: what a change asks for is recorded with it ------------------------------


@pytest.fixture
def broker_down(monkeypatch):
    """Every send fails as it does with Redis stopped (Celery raises OperationalError)."""
    from kombu.exceptions import OperationalError

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1. Connection refused.")

    monkeypatch.setattr("celery.canvas.group.apply_async", refuse)
    monkeypatch.setattr("celery.canvas.Signature.apply_async", refuse)
    monkeypatch.setattr(dispatch, "_paused_until", 0.0)


def test_a_sent_task_leaves_no_record(db, django_capture_on_commit_callbacks, monkeypatch):
    from workflow.models import QueuedTask

    ran = []
    monkeypatch.setattr("celery.canvas.group.apply_async", lambda self: ran.append(len(self.tasks)))
    with django_capture_on_commit_callbacks(execute=True):
        dispatch.after_commit("send_reminders_task", (), ())
        assert QueuedTask.objects.count() == 2  # recorded with the change, before commit
    assert ran == [2] and not QueuedTask.objects.exists()


def test_a_task_the_broker_refused_waits_in_the_database(
    db, django_capture_on_commit_callbacks, broker_down
):
    from workflow.models import QueuedTask

    with django_capture_on_commit_callbacks(execute=True):
        dispatch.after_commit("publish_variant_task", (7, 3))  # no exception for the caller
    row = QueuedTask.objects.get()
    assert (row.task, row.args) == ("workflow.tasks.publish_variant_task", [7, 3])
    assert dispatch.waiting("publish_variant_task", 7)
    assert not dispatch.waiting("publish_variant_task", 8)
    # The flush fails too while the broker is away, and keeps the row.
    assert dispatch.flush(older_than=0) == 0
    assert QueuedTask.objects.get().attempts == 1


def test_after_a_failure_this_process_leaves_sends_to_the_flush(
    db, django_capture_on_commit_callbacks, broker_down, monkeypatch, through_the_broker
):
    from workflow.models import QueuedTask

    calls = []
    with django_capture_on_commit_callbacks(execute=True):
        dispatch.after_commit("send_reminders_task", ())
    monkeypatch.setattr("celery.canvas.group.apply_async", lambda self: calls.append(1))
    with django_capture_on_commit_callbacks(execute=True):
        dispatch.after_commit("send_reminders_task", ())  # within the pause: not tried
    assert calls == [] and QueuedTask.objects.count() == 2


def test_the_flush_sends_what_waits_once_the_broker_is_back(db, monkeypatch):
    from workflow.models import QueuedTask

    sent = []
    QueuedTask.objects.create(task="workflow.tasks.notify_transition_task", args=[5])
    QueuedTask.objects.create(task="workflow.tasks.publish_variant_task", args=[7, 3])
    young = QueuedTask.objects.create(task="workflow.tasks.publish_variant_task", args=[8, 3])
    QueuedTask.objects.filter(pk=young.pk).update(created_at=timezone.now() + timedelta(hours=1))
    monkeypatch.setattr(
        "celery.canvas.Signature.apply_async", lambda self: sent.append((self.task, self.args))
    )
    assert dispatch.flush(older_than=0) == 2
    assert sent == [
        ("workflow.tasks.notify_transition_task", (5,)),
        ("workflow.tasks.publish_variant_task", (7, 3)),
    ]
    # One still on its way from the request that recorded it is left to that request.
    assert list(QueuedTask.objects.values_list("pk", flat=True)) == [young.pk]


def test_a_move_records_its_notices_in_its_own_transaction(users):
    from tests.factories import make_statement
    from workflow import services
    from workflow.models import QueuedTask

    statement = make_statement(users["author"])
    services.statement_submit_for_translation(
        statement=statement, actor=users["author"], targets=[]
    )
    source = statement.variants.get(language=statement.source_language)
    move = source.transitions.get(to_state="in_review")
    assert QueuedTask.objects.filter(
        task="workflow.tasks.notify_transition_task", args=[move.pk]
    ).exists()
