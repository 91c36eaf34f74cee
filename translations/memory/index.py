"""The fuzzy index of the translation memory: an inverted list of word tokens in the database.

Tables (translations.models):

- MemoryPosting (key, length, unit): one row per distinct word, and per distinct pair of
  neighbouring words, of a unit's source (both "tokens" below). ``key`` is a 63-bit hash
  of the language pair and the token (words negative, word pairs positive), so every
  language pair shares the tables; ``length`` is
  the length of the source's fuzzy form. The composite primary key (key, length, unit) is
  the only index: a lookup reads one token's units of the lengths a
  passing score allows as one range of it, and removal deletes postings by that full key.
- MemoryToken (key, df): how many units contain the token, kept by upserts
  (``df = df + excluded.df``) so that several processes can add to the memory at once.

A lookup reads the postings of the query's rarest tokens (a budget caps the rows), ranks
the units by how many of those tokens they share, and hands a short list to rapidfuzz. The
SQL is plain enough for SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
import itertools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction

from ..models import MemoryPosting, MemoryToken, MemoryUnit
from ..normalise import fuzzy_form, tokens_of_fuzzy_form

# Bump when keys, tokens or postings change meaning: stored indexes must then be rebuilt.
FORMAT = 4
# Rows of postings a lookup may read for the tokens it reads in full (their df summed).
POSTINGS_BUDGET = 1500
# Tokens a lookup reads at least: if the rarest ones are too common to read in full, the
# postings of the lengths nearest the query's are read instead, HEAVY_ROWS on each side.
MIN_TOKENS = 3
HEAVY_ROWS = 100
# Units scored by rapidfuzz per query.
SHORTLIST = 20
# Parameters per statement: below every backend's limit (SQLite's compiled-in default is 999).
_MAX_PARAMS = 900


@dataclass(frozen=True)
class Entry:
    """What the index holds for one unit: its distinct token keys and its fuzzy length."""

    unit_id: int
    keys: frozenset[int]
    length: int


def pair_prefix(source_language: str, target_language: str) -> bytes:
    return f"{source_language}>{target_language}\x1f".encode()


def token_key(prefix: bytes, token: str, *, word: bool = True) -> int:
    """A 63-bit hash of the pair and the token: words below zero, word pairs above.

    Words are few (tens of thousands) against millions of word pairs; keeping their keys
    together keeps their rows in MemoryToken on a few pages that stay in the page cache.
    """
    digest = hashlib.blake2b(prefix + token.encode("utf-8"), digest_size=8).digest()
    value = int.from_bytes(digest, "big") >> 1
    return value - 2**63 if word else value


def keys_of(prefix: bytes, form: str, cache: dict[str, int] | None = None) -> frozenset[int]:
    """Keys of the distinct words and word pairs of a fuzzy form.

    Pairs of neighbouring words are far rarer than words, so a near-duplicate shares many
    of its rarest keys with the query even when the query's words are all common ones.
    ``cache`` spares re-hashing the (few, repeated) words in bulk; pairs are hashed afresh.
    """
    words = tokens_of_fuzzy_form(form)
    keys = {token_key(prefix, f"{a} {b}", word=False) for a, b in itertools.pairwise(words)}
    if cache is None:
        keys.update(token_key(prefix, word) for word in words)
        return frozenset(keys)
    for word in words:
        key = cache.get(word)
        if key is None:
            key = cache[word] = token_key(prefix, word)
        keys.add(key)
    return frozenset(keys)


def entry(unit_id: int, source_language: str, target_language: str, source_text: str) -> Entry:
    form = fuzzy_form(source_text)
    prefix = pair_prefix(source_language, target_language)
    return Entry(unit_id, keys_of(prefix, form), len(form))


def length_window(length: int, threshold: float) -> tuple[int, int]:
    """Lengths another string must have for fuzz.ratio with one of ``length`` to reach it.

    ratio = 100 * (1 - indel / (a + b)) and indel >= |a - b|, so ratio >= t needs
    min/max >= t / (200 - t). A hair of slack keeps float rounding on the safe side.
    """
    if threshold <= 0:
        return 0, 2**31 - 1
    factor = threshold / (200 - threshold)
    return max(math.floor(length * factor - 1e-9), 0), math.ceil(length / factor + 1e-9)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _rows(entries: Iterable[Entry]) -> tuple[list[tuple[int, int, int]], list[tuple[int, int]]]:
    """Posting rows and (key, how many units) pairs, both sorted: the writes then walk the
    B-trees in order, and concurrent writers lock token rows in the same order (no
    deadlocks on PostgreSQL)."""
    postings = []
    df: Counter[int] = Counter()
    for item in entries:
        for key in item.keys:
            postings.append((key, item.length, item.unit_id))
        df.update(item.keys)
    return sorted(postings), sorted(df.items())


def insert(entries: Iterable[Entry]) -> None:
    """Index new units: postings in, document frequencies up."""
    postings, tokens = _rows(entries)
    if not postings:
        return
    posting_table, token_table = _table(MemoryPosting), _table(MemoryToken)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {posting_table} (key, length, unit_id) VALUES (%s, %s, %s)",  # noqa: S608
            postings,
        )
        cursor.executemany(
            f"INSERT INTO {token_table} (key, df) VALUES (%s, %s) "  # noqa: S608
            f"ON CONFLICT (key) DO UPDATE SET df = {token_table}.df + excluded.df",
            tokens,
        )


def delete(entries: Iterable[Entry]) -> None:
    """Take units out of the index: their postings go, their tokens' frequencies drop."""
    postings, tokens = _rows(entries)
    if not postings:
        return
    posting_table, token_table = _table(MemoryPosting), _table(MemoryToken)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"DELETE FROM {posting_table} WHERE key = %s AND length = %s AND unit_id = %s",  # noqa: S608
            postings,
        )
        cursor.executemany(
            f"UPDATE {token_table} SET df = df - %s WHERE key = %s",  # noqa: S608
            [(count, key) for key, count in tokens],
        )
        for chunk in _chunks([key for key, _ in tokens], _MAX_PARAMS):
            cursor.execute(
                f"DELETE FROM {token_table} WHERE df <= 0 AND key IN "  # noqa: S608
                f"({', '.join(['%s'] * len(chunk))})",
                list(chunk),
            )


@transaction.atomic
def rebuild() -> int:
    """Rebuild the whole index from the units (after a change to normalise or tokens)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_table(MemoryPosting)}")  # noqa: S608
        cursor.execute(f"DELETE FROM {_table(MemoryToken)}")  # noqa: S608
    count = 0
    batch: list[Entry] = []
    rows = MemoryUnit.objects.values_list(
        "id", "source_language", "target_language", "source_text"
    ).order_by("id")
    for row in rows.iterator(chunk_size=5000):
        batch.append(entry(*row))
        if len(batch) >= 5000:
            insert(batch)
            count += len(batch)
            batch = []
    insert(batch)
    return count + len(batch)


@dataclass(frozen=True)
class Query:
    """One lookup's fuzzy side: the form rapidfuzz scores and the token keys to search."""

    form: str
    keys: frozenset[int]


def document_frequencies(keys: Iterable[int]) -> dict[int, int]:
    keys = sorted(set(keys))
    found: dict[int, int] = {}
    if not keys:
        return found
    with connection.cursor() as cursor:
        for chunk in _chunks(keys, _MAX_PARAMS):
            cursor.execute(
                f"SELECT key, df FROM {_table(MemoryToken)} "  # noqa: S608
                f"WHERE key IN ({', '.join(['%s'] * len(chunk))})",
                list(chunk),
            )
            found.update(cursor.fetchall())
    return found


def candidates(query: Query, df: dict[int, int], *, threshold: float) -> list[int]:
    """Ids of the units most worth scoring against ``query``, best first.

    Tokens are read rarest first while their summed df stays within the budget; if that
    leaves fewer than MIN_TOKENS tokens, the next ones are read only around the query's
    length. Units are ranked by the number of read tokens they share, then by how close
    their length is to the query's.
    """
    length = len(query.form)
    low, high = length_window(length, threshold)
    known = sorted((df[key], key) for key in query.keys if df.get(key, 0) > 0)
    if not known:
        return []
    light: list[int] = []
    spent = 0
    for frequency, key in known:
        if spent + frequency > POSTINGS_BUDGET:
            break
        light.append(key)
        spent += frequency
    heavy = [key for _, key in known[len(light) : max(MIN_TOKENS, len(light))]]

    parts: list[str] = []
    params: list[object] = []
    table = _table(MemoryPosting)
    # Each row: (distance between the unit's length and the query's, unit id).
    if light:
        parts.append(
            f"SELECT ABS(length - %s), unit_id FROM {table} "  # noqa: S608
            f"WHERE key IN ({', '.join(['%s'] * len(light))}) AND length BETWEEN %s AND %s"
        )
        params += [length, *light, low, high]
    for key in heavy:
        # The rows nearest the query's length on each side, read in primary-key order.
        parts.append(
            f"SELECT * FROM (SELECT ABS(length - %s), unit_id FROM {table} "  # noqa: S608
            "WHERE key = %s AND length BETWEEN %s AND %s ORDER BY length LIMIT %s) AS up"
        )
        params += [length, key, length, high, HEAVY_ROWS]
        parts.append(
            f"SELECT * FROM (SELECT ABS(length - %s), unit_id FROM {table} "  # noqa: S608
            "WHERE key = %s AND length BETWEEN %s AND %s ORDER BY length DESC LIMIT %s) AS down"
        )
        params += [length, key, low, length - 1, HEAVY_ROWS]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        shared = Counter(cursor.fetchall())  # (distance, unit_id) → tokens shared
    ranked = shared.most_common()  # most tokens shared first
    if len(ranked) > SHORTLIST:
        # Of the units tied at the cut, the nearest in length (then the oldest) go in:
        # plain tuple order, so that a long tie costs no Python-level key calls.
        cut = ranked[SHORTLIST - 1][1]
        start = bisect.bisect_left(ranked, -cut, key=_minus_count)
        end = bisect.bisect_right(ranked, -cut, key=_minus_count)
        ranked = ranked[:start] + heapq.nsmallest(SHORTLIST - start, ranked[start:end])
    return [unit_id for (_, unit_id), _ in ranked]


def _minus_count(item: tuple[tuple[int, int], int]) -> int:
    return -item[1]
