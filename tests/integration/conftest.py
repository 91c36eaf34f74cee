"""Real services for integration tests: a Redis server and a Celery worker process."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from config.celery import app
from tests.support.celery_worker import WorkerProcess


@pytest.fixture
def celery_worker(redis_server, transactional_db):
    """A worker process sharing this test's database; tasks leave eager mode."""
    app.conf.task_always_eager = False
    worker = WorkerProcess().start()
    try:
        yield worker
    finally:
        worker.stop()
        app.conf.task_always_eager = True


@pytest.fixture
def wait_for() -> Callable[..., object]:
    def wait(condition: Callable[[], object], *, timeout: float = 60, what: str = "") -> object:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = condition()
            if result:
                return result
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what or condition}")

    return wait
