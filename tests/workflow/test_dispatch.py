"""Sending tasks: run here for one-off loaders, through the broker otherwise."""

from __future__ import annotations

import pytest
from celery import current_app

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
