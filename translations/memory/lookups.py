"""Reads from the translation memory: exact matches by hash, fuzzy ones through the index."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.conf import settings
from django.db import connection
from rapidfuzz import fuzz

from ..models import MemoryUnit
from ..normalise import fold, normalise
from . import index
from .base import Match, TranslationMemoryError, check_pair, hash_text


def lookup(
    text: str,
    *,
    source_language: str,
    target_language: str,
    limit: int = 3,
    threshold: float | None = None,
) -> list[Match]:
    """The best memory matches for one source text: exact ones first, newest first, then
    fuzzy ones scoring at least ``threshold`` (default ANUVAD_TM_FUZZY_THRESHOLD), best first.
    """
    return lookup_many(
        [text],
        source_language=source_language,
        target_language=target_language,
        limit=limit,
        threshold=threshold,
    )[0]


def lookup_many(
    texts: Sequence[str],
    *,
    source_language: str,
    target_language: str,
    limit: int = 3,
    threshold: float | None = None,
) -> list[list[Match]]:
    """lookup() for many texts of one pair, sharing the database round trips."""
    check_pair(source_language, target_language)
    if threshold is None:
        threshold = settings.ANUVAD_TM_FUZZY_THRESHOLD
    threshold = float(threshold)
    if not 0 <= threshold <= 100:
        raise TranslationMemoryError(f"A threshold is a score from 0 to 100, not {threshold}.")
    if limit < 1 or not texts:
        return [[] for _ in texts]
    normalised = [normalise(text) for text in texts]
    # Exact matches by the folded text (one spelling per letter), fuzzy ones as normalised.
    hashes = [hash_text(fold(text)) for text in normalised]
    exact = _exact_matches(
        {h for h, text in zip(hashes, normalised, strict=True) if text},
        source_language=source_language,
        target_language=target_language,
    )
    prefix = index.pair_prefix(source_language, target_language)
    queries: list[index.Query | None] = []
    for text, source_hash in zip(normalised, hashes, strict=True):
        wanted = text and len(exact.get(source_hash, ())) < limit
        form = text.casefold()
        queries.append(index.Query(form, index.keys_of(prefix, form)) if wanted else None)
    df = index.document_frequencies(key for q in queries if q is not None for key in q.keys)
    shortlists = [
        index.candidates(q, df, threshold=threshold) if q is not None else [] for q in queries
    ]
    texts_by_id = _units_by_id(
        {unit_id for ids in shortlists for unit_id in ids},
        source_language=source_language,
        target_language=target_language,
    )

    results = []
    for text, source_hash, query, shortlist in zip(
        normalised, hashes, queries, shortlists, strict=True
    ):
        if not text:
            results.append([])
            continue
        exact_rows = exact.get(source_hash, [])[:limit]
        found = [
            Match(unit_id, source, target, 100.0, True) for unit_id, source, target in exact_rows
        ]
        if query is not None:
            seen = {match.unit_id for match in found}
            fuzzy = []
            for unit_id in shortlist:
                unit = texts_by_id.get(unit_id)
                if unit is None or unit_id in seen:
                    continue
                source, target, approved_at = unit
                score = fuzz.ratio(query.form, normalise(source).casefold(), score_cutoff=threshold)
                if score >= threshold:
                    fuzzy.append((score, approved_at, unit_id, source, target))
            fuzzy.sort(reverse=True)
            found += [
                Match(unit_id, source, target, float(score), False)
                for score, _, unit_id, source, target in fuzzy[: limit - len(found)]
            ]
        results.append(found)
    return results


def _table() -> str:
    return connection.ops.quote_name(MemoryUnit._meta.db_table)


def _in_chunks(values: set) -> Iterator[tuple[list, str]]:
    """Sorted values 500 at a time, each with its "%s, %s, …" for an IN (…) clause."""
    ordered = sorted(values)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        yield chunk, ", ".join(["%s"] * len(chunk))


def _exact_matches(
    hashes: set[str], *, source_language: str, target_language: str
) -> dict[str, list[tuple[int, str, str]]]:
    found: dict[str, list[tuple[int, str, str]]] = {}
    with connection.cursor() as cursor:
        for chunk, marks in _in_chunks(hashes):
            cursor.execute(
                f"SELECT source_hash, id, source_text, target_text FROM {_table()} "  # noqa: S608
                "WHERE source_language = %s AND target_language = %s "
                f"AND source_hash IN ({marks}) "
                "ORDER BY approved_at DESC, id DESC",
                [source_language, target_language, *chunk],
            )
            for source_hash, *unit in cursor.fetchall():
                found.setdefault(source_hash, []).append(tuple(unit))
    return found


def _units_by_id(
    ids: set[int], *, source_language: str, target_language: str
) -> dict[int, tuple[str, str, object]]:
    # The pair is checked too: token keys are 64-bit hashes, and hashes can collide.
    found = {}
    with connection.cursor() as cursor:
        for chunk, marks in _in_chunks(ids):
            cursor.execute(
                f"SELECT id, source_text, target_text, approved_at FROM {_table()} "  # noqa: S608
                f"WHERE id IN ({marks}) "
                "AND source_language = %s AND target_language = %s",
                [*chunk, source_language, target_language],
            )
            found.update((unit_id, rest) for unit_id, *rest in cursor.fetchall())
    return found
