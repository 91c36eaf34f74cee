"""Benchmarks: scripts that measure, never tests that pass or fail on timings.

Run one with ``python -m bench.<name>``, all with ``python -m bench``. Each configures
Django itself (its own SQLite file under var/bench/) and writes var/bench/<name>.json.
"""

from __future__ import annotations

import os
from pathlib import Path

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
