"""Sending workflow tasks once the transaction that asked for them has committed."""

from __future__ import annotations

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
