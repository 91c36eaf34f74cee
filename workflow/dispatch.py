"""Sending workflow tasks once the transaction that asked for them has committed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from celery import current_app, group
from django.db import transaction


def after_commit(task: str, *calls: tuple) -> None:
    """Send ``workflow.tasks.<task>`` once per argument tuple, as one group, after commit.

    Tasks are named rather than imported (tasks import the services); a task never sees
    a row its caller has not committed.
    """
    name = f"workflow.tasks.{task}"
    # robust: the rows are committed; if the broker is down the task is lost, and beat's
    # requeue task finds the version still waiting and sends it again.
    transaction.on_commit(
        lambda: group(current_app.signature(name, args=args) for args in calls).apply_async(),
        robust=True,
    )


def send(task: str, *args: object) -> None:
    """Send ``workflow.tasks.<task>`` now (from code already running after a commit)."""
    current_app.signature(f"workflow.tasks.{task}", args=args).apply_async()


@contextmanager
def in_this_process() -> Iterator[None]:
    """Run every task sent inside the block here and now, instead of through the broker.

    For one-off loaders that run before any worker or broker does (load_demo in `make run`).
    It switches the Celery app's task_always_eager, so it is for a command's own process,
    not for a web or worker process with other threads sending tasks.
    """
    conf = current_app.conf
    previous = conf.task_always_eager
    conf.task_always_eager = True
    try:
        yield
    finally:
        conf.task_always_eager = previous
