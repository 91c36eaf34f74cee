"""The translation memory: approved sentences offered again, exactly or by similarity.

Every write goes through add, add_many or remove (writes.py), which keep the fuzzy index
(index.py) in the same transaction as the units. Lookups (lookups.py) take the folded
hash for exact matches and the index plus rapidfuzz for fuzzy ones. TMX: tmx.py; the
statement a unit came from is an id, named in TMX through statements.py.
"""

from __future__ import annotations

from .base import AddResult, InvalidUnit, Match, TranslationMemoryError
from .lookups import lookup, lookup_many
from .writes import add, add_many, add_many_counted, remove

__all__ = [
    "AddResult",
    "InvalidUnit",
    "Match",
    "TranslationMemoryError",
    "add",
    "add_many",
    "add_many_counted",
    "lookup",
    "lookup_many",
    "remove",
]
