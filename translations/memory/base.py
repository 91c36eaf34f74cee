"""Shared pieces of the translation memory: errors, results, hashing, the pair check."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .. import languages


class TranslationMemoryError(ValueError):
    """A request the memory cannot carry out."""


class InvalidUnit(TranslationMemoryError):
    """A unit to add is incomplete or names languages Anuvad does not have."""


@dataclass(frozen=True)
class Match:
    unit_id: int
    source_text: str
    target_text: str
    score: float
    exact: bool


@dataclass
class AddResult:
    added: int = 0
    refreshed: int = 0


def hash_text(text: str) -> str:
    """blake2b-128 in hex; of a folded text, the same as normalise.source_hash."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def check_pair(source_language: str, target_language: str) -> None:
    for code in (source_language, target_language):
        if code not in languages.CODES:
            raise InvalidUnit(
                f"{code!r} is not one of Anuvad's languages ({', '.join(languages.CODES)})."
            )
    if source_language == target_language:
        raise InvalidUnit(f"Source and target language are both {source_language!r}.")
