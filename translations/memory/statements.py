"""Which statement a unit came from, in the names of the app that keeps the statements.

A unit stores only the statement's id: the memory knows nothing of the workflow. TMX files
carry the statement's slug instead, so the app that keeps statements registers a directory
that turns ids into slugs and back. With none registered, TMX files name no statement.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

# Ids or slugs per directory call: below every backend's limit of query parameters.
BATCH_SIZE = 500


class StatementDirectory(Protocol):
    def slugs(self, ids: list[int]) -> Mapping[int, str]:
        """Slug by id of the statements that exist; unknown ids are left out."""
        ...

    def ids(self, slugs: list[str]) -> Mapping[str, int]:
        """Id by slug of the statements that exist; unknown slugs are left out."""
        ...


_directory: StatementDirectory | None = None


def register(directory: StatementDirectory | None) -> None:
    """Name the directory TMX export and import use (None: statements are not resolved)."""
    global _directory
    _directory = directory


def slugs_of(ids: Iterable[int]) -> dict[int, str]:
    """Slug by id, for the ids whose statement the directory knows."""
    wanted = sorted(set(ids))
    found: dict[int, str] = {}
    if _directory is None:
        return found
    for start in range(0, len(wanted), BATCH_SIZE):
        found.update(_directory.slugs(wanted[start : start + BATCH_SIZE]))
    return found


def ids_of(slugs: Iterable[str]) -> dict[str, int]:
    """Id by slug, for the slugs whose statement the directory knows."""
    wanted = sorted(set(slugs))
    found: dict[str, int] = {}
    if _directory is None:
        return found
    for start in range(0, len(wanted), BATCH_SIZE):
        found.update(_directory.ids(wanted[start : start + BATCH_SIZE]))
    return found
