"""The demo desk in a test database: loaded once a process, copied into each test after."""

from __future__ import annotations

import sqlite3

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

# The database as the first load_demo of this process left it.
_loaded: sqlite3.Connection | dict[str, tuple[list[str], list[tuple]]] | None = None


def load_demo_once() -> None:
    """load_demo into the (empty) test database: loaded once a process and copied after.

    The copy is taken right after the real load (SQLite's backup of the whole file; on
    PostgreSQL every table's rows) and restored in a fraction of the load's 4-7 s, so every
    test still starts from exactly what load_demo makes.
    """
    global _loaded
    connection.ensure_connection()
    if _loaded is None:
        call_command("load_demo")
        _loaded = _snapshot()
    elif connection.vendor == "sqlite":
        _loaded.backup(connection.connection)
    else:
        _restore(_loaded)


def _snapshot() -> sqlite3.Connection | dict[str, tuple[list[str], list[tuple]]]:
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        return copy
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True):
            cursor.execute(f'SELECT * FROM "{table}"')
            fetched = [tuple(_adapted(v) for v in row) for row in cursor.fetchall()]
            rows[table] = ([c.name for c in cursor.description], fetched)
    return rows


def _adapted(value: object) -> object:
    # psycopg reads json columns as Python values; they go back as json (no array columns).
    from psycopg.types.json import Jsonb

    return Jsonb(value) if isinstance(value, dict | list) else value


def _restore(rows: dict[str, tuple[list[str], list[tuple]]]) -> None:
    with connection.cursor() as cursor:
        # What the last flush's post_migrate made (groups, permissions) goes first.
        cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in rows))
        # Rows go back in any order: foreign keys are not checked while they do.
        cursor.execute("SET session_replication_role = replica")
        for table, (columns, values) in rows.items():
            if values:
                names = ", ".join(f'"{c}"' for c in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', values)
        cursor.execute("SET session_replication_role = origin")
        models = [m for m in apps.get_models(include_auto_created=True)]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
