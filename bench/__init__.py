"""Benchmarks: scripts that measure, never tests that pass or fail on timings.

Run one with ``python -m bench.<name>``, all with ``python -m bench``. Each configures
Django itself (its own SQLite file under var/bench/) and writes var/bench/<name>.json.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = BASE_DIR / "var" / "bench"


def configure_django(database: Path, *, url: str | None = None, cache: str = "locmem") -> None:
    """Point Django at ``database`` (or the database ``url``) with production-like settings.

    ``cache``: "locmem", or "redis" for the server at REDIS_URL.
    """
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        ANUVAD_ENV_FILE="",  # never the developer's var/anuvad.env
        DATABASE_URL=url or f"sqlite:///{database}",
        DJANGO_CACHE=cache,
        # Debug would keep every query in memory and slow the cursor down.
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",  # noqa: S106
    )
    os.environ.pop("ANUVAD_TEST_DB_NAME", None)
    import django

    django.setup()


def throwaway_postgres():
    """A PostgreSQL cluster started for one benchmark, with an empty ``anuvad`` database;
    the caller stops it."""
    import psycopg

    from tests.support import postgres

    cluster = postgres.start()
    admin = cluster.url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("CREATE DATABASE anuvad")
    return cluster


def measure_and_save(
    name: str,
    work: Path,
    measure: Callable[[], dict],
    report: Callable[[dict], Any],
    *,
    servers: Iterable[Any] = (),
) -> dict:
    """Migrate the configured database, run ``measure``, then stop ``servers`` and remove
    ``work`` whatever happened; print the result with ``report`` and keep it as
    var/bench/<name>.json."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    try:
        result = measure()
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    report(result)
    (BENCH_DIR / f"{name}.json").write_text(json.dumps(result, indent=2))
    return result
