"""The translation memory: approved sentences offered again, exactly or by similarity.

Every write goes through add, add_many or remove, which keep the fuzzy index (index.py) in
the same transaction as the units. Lookups take the normalised hash for exact matches and
the index plus rapidfuzz for fuzzy ones.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from rapidfuzz import fuzz

from .. import languages
from ..models import MemoryUnit
from ..normalise import normalise
from . import index

__all__ = [
    "AddResult",
    "InvalidUnit",
    "Match",
    "TranslationMemoryError",
    "add",
    "add_many",
    "lookup",
    "lookup_many",
    "remove",
]

# Units prepared and written per round trip by add_many.
BATCH_SIZE = 5000
_UNIT_FIELDS = frozenset(
    {
        "source_language",
        "target_language",
        "source_text",
        "target_text",
        "statement",
        "statement_id",
        "approved_by",
        "approved_by_id",
        "approved_at",
    }
)


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


@dataclass
class _Row:
    """A unit ready to write, with what the index needs."""

    source_language: str
    target_language: str
    source_text: str
    target_text: str
    source_hash: str
    target_hash: str
    statement_id: int | None
    approved_by_id: int | None
    approved_at: datetime
    keys: frozenset[int] = field(repr=False)
    length: int

    @property
    def identity(self) -> tuple[str, str, str, str]:
        return (self.source_language, self.target_language, self.source_hash, self.target_hash)

    def unit(self, origin: str) -> MemoryUnit:
        return MemoryUnit(
            source_language=self.source_language,
            target_language=self.target_language,
            source_text=self.source_text,
            target_text=self.target_text,
            source_hash=self.source_hash,
            target_hash=self.target_hash,
            statement_id=self.statement_id,
            approved_by_id=self.approved_by_id,
            approved_at=self.approved_at,
            origin=origin,
        )


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _check_pair(source_language: str, target_language: str) -> None:
    for code in (source_language, target_language):
        if code not in languages.CODES:
            raise InvalidUnit(
                f"{code!r} is not one of Anuvad's languages ({', '.join(languages.CODES)})."
            )
    if source_language == target_language:
        raise InvalidUnit(f"Source and target language are both {source_language!r}.")


def _related_id(data: Mapping, name: str) -> int | None:
    obj = data.get(name)
    if obj is not None:
        return obj.pk
    return data.get(f"{name}_id")


def _prepare(data: Mapping, key_caches: dict[tuple[str, str], dict[str, int]]) -> _Row:
    unknown = set(data) - _UNIT_FIELDS
    if unknown:
        raise InvalidUnit(f"Unknown unit field(s): {', '.join(sorted(unknown))}.")
    try:
        source_language, target_language = data["source_language"], data["target_language"]
        source_text, target_text = data["source_text"], data["target_text"]
    except KeyError as missing:
        raise InvalidUnit(f"A unit needs {missing.args[0]}.") from None
    _check_pair(source_language, target_language)
    # Stored in NFC and without outer whitespace; otherwise exactly as approved.
    source_text = unicodedata.normalize("NFC", str(source_text)).strip()
    target_text = unicodedata.normalize("NFC", str(target_text)).strip()
    if not source_text or not target_text:
        raise InvalidUnit("A unit needs a non-empty source and target text.")
    approved_at = data.get("approved_at") or timezone.now()
    if timezone.is_naive(approved_at):
        approved_at = timezone.make_aware(approved_at)
    normalised = normalise(source_text)
    form = normalised.casefold()
    cache = key_caches.setdefault((source_language, target_language), {})
    return _Row(
        source_language=source_language,
        target_language=target_language,
        source_text=source_text,
        target_text=target_text,
        source_hash=_hash(normalised),
        target_hash=_hash(target_text),
        statement_id=_related_id(data, "statement"),
        approved_by_id=_related_id(data, "approved_by"),
        approved_at=approved_at,
        keys=index.keys_of(index.pair_prefix(source_language, target_language), form, cache),
        length=len(form),
    )


def add(
    *,
    source_language: str,
    target_language: str,
    source_text: str,
    target_text: str,
    statement: models.Model | None = None,
    approved_by: AbstractBaseUser | None = None,
    approved_at: datetime | None = None,
    origin: str = "approval",
) -> MemoryUnit:
    """Remember one translation; the same translation again refreshes approver and time."""
    data = {
        "source_language": source_language,
        "target_language": target_language,
        "source_text": source_text,
        "target_text": target_text,
        "statement": statement,
        "approved_by": approved_by,
        "approved_at": approved_at,
    }
    row = _prepare(data, {})
    with transaction.atomic():
        _write([row], origin=origin, result=AddResult())
        return MemoryUnit.objects.get(
            source_language=row.source_language,
            target_language=row.target_language,
            source_hash=row.source_hash,
            target_hash=row.target_hash,
        )


def add_many(units: Iterable[Mapping], *, origin: str) -> int:
    """Remember many translations at once; returns how many units are new.

    Each item takes add()'s arguments as keys (``statement_id``/``approved_by_id`` may stand
    for the objects). All or nothing: one invalid item raises InvalidUnit and adds nothing.
    """
    return add_many_counted(units, origin=origin).added


@transaction.atomic
def add_many_counted(units: Iterable[Mapping], *, origin: str) -> AddResult:
    """add_many, also counting the units that were already there (refreshed)."""
    result = AddResult()
    caches: dict[tuple[str, str], dict[str, int]] = {}
    batch: list[_Row] = []
    for data in units:
        batch.append(_prepare(data, caches))
        if len(batch) >= BATCH_SIZE:
            _write(batch, origin=origin, result=result)
            batch = []
    if batch:
        _write(batch, origin=origin, result=result)
    return result


def _write(batch: list[_Row], *, origin: str, result: AddResult) -> None:
    latest: dict[tuple[str, str, str, str], _Row] = {}
    repeats = 0
    for row in batch:
        seen = latest.get(row.identity)
        if seen is None:
            latest[row.identity] = row
            continue
        repeats += 1
        if row.approved_at >= seen.approved_at:
            row.statement_id = row.statement_id or seen.statement_id
            latest[row.identity] = row
    # A concurrent writer can add one of these units between our read and our insert; the
    # unique constraint stops it, and a second pass sees that unit as existing.
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                added, refreshed = _insert_or_refresh(latest, origin=origin)
            break
        except IntegrityError:
            if attempt == 2:
                raise
    result.added += added
    result.refreshed += refreshed + repeats


def _insert_or_refresh(
    rows: dict[tuple[str, str, str, str], _Row], *, origin: str
) -> tuple[int, int]:
    existing = _existing(rows)
    new = [row for identity, row in rows.items() if identity not in existing]
    created = MemoryUnit.objects.bulk_create([row.unit(origin) for row in new])
    index.insert(
        index.Entry(unit.pk, row.keys, row.length) for unit, row in zip(created, new, strict=True)
    )
    refresh = []
    for identity, (unit_id, approved_at, statement_id) in existing.items():
        row = rows[identity]
        if row.approved_at >= approved_at:
            refresh.append(
                MemoryUnit(
                    pk=unit_id,
                    approved_by_id=row.approved_by_id,
                    approved_at=row.approved_at,
                    statement_id=row.statement_id or statement_id,
                )
            )
    if refresh:
        MemoryUnit.objects.bulk_update(refresh, ["approved_by", "approved_at", "statement"])
    return len(created), len(existing)


def _existing(rows: Mapping[tuple[str, str, str, str], _Row]) -> dict:
    """identity → (id, approved_at, statement_id) of the units already stored."""
    by_pair: dict[tuple[str, str], list[str]] = {}
    for source_language, target_language, source_hash, _ in rows:
        by_pair.setdefault((source_language, target_language), []).append(source_hash)
    found = {}
    for (source_language, target_language), hashes in by_pair.items():
        hashes = sorted(set(hashes))
        for start in range(0, len(hashes), 500):
            matches = MemoryUnit.objects.filter(
                source_language=source_language,
                target_language=target_language,
                source_hash__in=hashes[start : start + 500],
            ).values_list("source_hash", "target_hash", "id", "approved_at", "statement_id")
            for source_hash, target_hash, *rest in matches:
                identity = (source_language, target_language, source_hash, target_hash)
                if identity in rows:
                    found[identity] = tuple(rest)
    return found


@transaction.atomic
def remove(unit_ids: Iterable[int]) -> int:
    """Forget units and take them out of the fuzzy index; returns how many were removed."""
    ids = sorted({int(unit_id) for unit_id in unit_ids})
    removed = 0
    for start in range(0, len(ids), 500):
        rows = list(
            MemoryUnit.objects.select_for_update()
            .filter(pk__in=ids[start : start + 500])
            .values_list("id", "source_language", "target_language", "source_text")
        )
        index.delete([index.entry(*row) for row in rows])
        MemoryUnit.objects.filter(pk__in=[row[0] for row in rows]).delete()
        removed += len(rows)
    return removed


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
    _check_pair(source_language, target_language)
    if threshold is None:
        threshold = settings.ANUVAD_TM_FUZZY_THRESHOLD
    threshold = float(threshold)
    if not 0 <= threshold <= 100:
        raise TranslationMemoryError(f"A threshold is a score from 0 to 100, not {threshold}.")
    if limit < 1 or not texts:
        return [[] for _ in texts]
    normalised = [normalise(text) for text in texts]
    hashes = [_hash(text) for text in normalised]
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
    texts_by_id = _units_by_id({unit_id for ids in shortlists for unit_id in ids})

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


def _exact_matches(
    hashes: set[str], *, source_language: str, target_language: str
) -> dict[str, list[tuple[int, str, str]]]:
    found: dict[str, list[tuple[int, str, str]]] = {}
    ordered = sorted(hashes)
    with connection.cursor() as cursor:
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            cursor.execute(
                f"SELECT source_hash, id, source_text, target_text FROM {_table()} "  # noqa: S608
                "WHERE source_language = %s AND target_language = %s "
                f"AND source_hash IN ({', '.join(['%s'] * len(chunk))}) "
                "ORDER BY approved_at DESC, id DESC",
                [source_language, target_language, *chunk],
            )
            for source_hash, *unit in cursor.fetchall():
                found.setdefault(source_hash, []).append(tuple(unit))
    return found


def _units_by_id(ids: set[int]) -> dict[int, tuple[str, str, object]]:
    found = {}
    ordered = sorted(ids)
    with connection.cursor() as cursor:
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            cursor.execute(
                f"SELECT id, source_text, target_text, approved_at FROM {_table()} "  # noqa: S608
                f"WHERE id IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )
            found.update((unit_id, rest) for unit_id, *rest in cursor.fetchall())
    return found
