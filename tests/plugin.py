"""Test-run set-up that has to happen before Django reads its settings.

Loaded with ``-p tests.plugin`` (see pyproject.toml). It fixes the environment the
settings read, and with ``--postgres`` starts a throwaway PostgreSQL cluster and points
DATABASE_URL at it, so the same tests run against SQLite and PostgreSQL.
"""

from __future__ import annotations

import os
import tempfile

import pytest

from tests.support import postgres
from tests.support.processes import free_port

_cluster: postgres.Cluster | None = None
# Port 9 (discard) is closed on loopback: a connection is refused at once.
_DEAD_URL = "http://127.0.0.1:9/"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--postgres",
        action="store_true",
        help="run against a throwaway PostgreSQL cluster started for this run",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args) -> None:
    global _cluster
    work = tempfile.mkdtemp(prefix="anuvad-tests-")
    os.makedirs(os.path.join(work, "static"))  # STATIC_ROOT, which WhiteNoise expects
    os.environ.update(
        ANUVAD_ENV_FILE="",  # never the developer's var/anuvad.env
        ANUVAD_VAR_DIR=work,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        DJANGO_SECURE_SSL_REDIRECT="0",
        ANUVAD_DEMO="1",
        DJANGO_CACHE="locmem",
        ANUVAD_STATIC_MANIFEST="0",
        CELERY_TASK_ALWAYS_EAGER="1",
        # The Redis server for integration tests is started on this port when needed.
        REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
        # A file, not memory: Celery workers in other processes share the test database.
        ANUVAD_TEST_DB_NAME=os.path.join(work, "test.sqlite3"),
        # Online engines point at a closed loopback port: no test can reach a public
        # provider. Tests that need one start the local test double and point at it.
        ANUVAD_MT_GOOGLE_URL=_DEAD_URL,
        ANUVAD_MT_MYMEMORY_URL=_DEAD_URL,
        LIBRETRANSLATE_URL=_DEAD_URL,
        ANUVAD_MT_CONNECT_TIMEOUT="2",
        ANUVAD_MT_READ_TIMEOUT="5",
        ANUVAD_MT_MAX_RETRIES="1",
        ANUVAD_MT_RETRY_BACKOFF="1",
    )
    for name in ("CELERY_BROKER_URL", "DEEPL_API_KEY", "MICROSOFT_TRANSLATOR_KEY"):
        os.environ.pop(name, None)
    if early_config.known_args_namespace.postgres:
        if os.environ.get("PYTEST_XDIST_WORKER") and os.environ.get("ANUVAD_TEST_CLUSTER_URL"):
            # An xdist worker: the controller's cluster, with a test database of its own.
            os.environ["DATABASE_URL"] = os.environ["ANUVAD_TEST_CLUSTER_URL"]
        elif not postgres.available():
            os.environ["ANUVAD_POSTGRES_MISSING"] = "1"
        else:
            _cluster = postgres.start()
            os.environ["DATABASE_URL"] = os.environ["ANUVAD_TEST_CLUSTER_URL"] = _cluster.url
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{os.path.join(work, 'anuvad.sqlite3')}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--postgres"):
        elsewhere = [item for item in items if item.get_closest_marker("postgres_only")]
        if elsewhere:
            config.hook.pytest_deselected(items=elsewhere)
            items[:] = [item for item in items if not item.get_closest_marker("postgres_only")]
        return
    if os.environ.get("ANUVAD_POSTGRES_MISSING"):
        skip = pytest.mark.skip(reason="PostgreSQL binaries (initdb, pg_ctl) are not installed")
        for item in items:
            item.add_marker(skip)


def pytest_report_header(config: pytest.Config) -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    return f"database: {db['ENGINE'].rsplit('.', 1)[-1]} ({db.get('HOST') or db['NAME']})"


def pytest_unconfigure(config: pytest.Config) -> None:
    if _cluster is not None:
        _cluster.stop()
