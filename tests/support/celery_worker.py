"""A real Celery worker process for integration tests, on the test Redis and test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection

from config.celery import app

from .processes import stop_with_parent

ROOT = Path(__file__).resolve().parents[2]


def test_database_url() -> str:
    """DATABASE_URL of the database the tests are using right now (the test database)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class WorkerProcess:
    def __init__(self, *, concurrency: int = 2, env: dict[str, str] | None = None) -> None:
        self.concurrency = concurrency
        self.extra_env = env or {}
        self.process: subprocess.Popen | None = None
        self.log = Path(settings.VAR_DIR) / f"worker-{os.getpid()}-{time.monotonic_ns()}.log"

    def start(self, timeout: float = 60) -> WorkerProcess:
        env = os.environ | {
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "DATABASE_URL": test_database_url(),
            "ANUVAD_TEST_DB_NAME": "",
            **self.extra_env,
        }
        argv = [
            sys.executable, "-m", "celery", "-A", "config", "worker",
            "--pool=prefork", f"--concurrency={self.concurrency}", "--loglevel=INFO",
            "-Q", "celery,pretranslate",
            "--without-mingle", "--without-gossip", "-n", f"test-{os.getpid()}@%h",
        ]  # fmt: skip
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                argv,
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so a crash can take it all
            )
        stop_with_parent(["kill", "-9", "--", f"-{self.process.pid}"])  # the whole group
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited early:\n{self.output()}")
            try:
                if app.control.ping(timeout=0.5):
                    return self
            except (OSError, redis.ConnectionError):
                # A pooled connection to a Redis server that has since restarted: the
                # client reconnects on its next use.
                time.sleep(0.1)
        raise RuntimeError(f"worker did not answer within {timeout}s:\n{self.output()}")

    def pool_pids(self) -> list[int]:
        """The prefork pool's child processes (the ones running tasks)."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                children.append(int(stat.parent.name))
        return children

    def crash(self) -> None:
        """SIGKILL the whole worker, main process and pool, as a power cut would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
