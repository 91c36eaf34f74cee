"""Writes to the translation memory: every one keeps the fuzzy index in the same transaction."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from ..models import MemoryUnit
from ..normalise import fold, normalise
from . import index
from .base import AddResult, InvalidUnit, check_pair, hash_text

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


def _related_id(data: Mapping, name: str) -> int | None:
    # ``name`` may be any object with a primary key (a statement, a user), ``name_id`` its id.
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
    check_pair(source_language, target_language)
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
        source_hash=hash_text(fold(source_text)),
        target_hash=hash_text(target_text),
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
    statement_id: int | None = None,
    approved_by: AbstractBaseUser | None = None,
    approved_at: datetime | None = None,
    origin: str = "approval",
) -> MemoryUnit:
    """Remember one translation; the same translation again refreshes approver and time.

    The statement it came from is given as an object with a primary key or as its id.
    """
    data = {
        "source_language": source_language,
        "target_language": target_language,
        "source_text": source_text,
        "target_text": target_text,
        "statement": statement,
        "statement_id": statement_id,
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
        MemoryUnit.objects.bulk_update(refresh, ["approved_by", "approved_at", "statement_id"])
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
