"""Exact memory matches use the folded source (normalise.fold): recompute the stored hashes.

Only sources holding a character that folding changes can get a new hash: a Devanagari
nukta, an Arabic heh, a heh doachashmee, a Bengali hasanta followed by ZWJ. Two units that
become the same translation under the new hash (मज़दूर and मजदूर, same target) are one unit:
the most recently approved stays, keeping the other's statement id if it has none, and the
other leaves the memory and its fuzzy index, as memory.remove() would take it out.

Reversed, the hashes are those of normalise() again; merged units do not come back.
"""

import hashlib

from django.db import migrations
from django.db.models import Q

from translations.memory import index
from translations.normalise import fold, normalise

# What fold() changes; a source without any of these keeps its hash.
_FOLDED = ("\u093c", "\u0647", "\u06be", "\u09cd\u200d")


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _rehash(apps, key) -> None:
    MemoryUnit = apps.get_model("translations", "MemoryUnit")
    touched = Q()
    for characters in _FOLDED:
        touched |= Q(source_text__contains=characters)
    rows = MemoryUnit.objects.filter(touched).order_by("-approved_at", "-id")
    changed = []
    for unit in rows.iterator(chunk_size=2000):
        new = _hash(key(unit.source_text))
        if new != unit.source_hash:
            changed.append((unit, new))
    for unit, new in changed:
        keeper = (
            MemoryUnit.objects.filter(
                source_language=unit.source_language,
                target_language=unit.target_language,
                source_hash=new,
                target_hash=unit.target_hash,
            )
            .exclude(pk=unit.pk)
            .first()
        )
        if keeper is None:
            MemoryUnit.objects.filter(pk=unit.pk).update(source_hash=new)
            continue
        newer, older = (
            (keeper, unit) if (keeper.approved_at, keeper.pk) >= (unit.approved_at, unit.pk)
            else (unit, keeper)
        )  # fmt: skip
        if newer.statement_id is None and older.statement_id is not None:
            newer.statement_id = older.statement_id
        entry = index.entry(
            older.pk, older.source_language, older.target_language, older.source_text
        )
        index.delete([entry])
        MemoryUnit.objects.filter(pk=older.pk).delete()
        MemoryUnit.objects.filter(pk=newer.pk).update(
            source_hash=new, statement_id=newer.statement_id
        )


def to_folded(apps, schema_editor):
    _rehash(apps, fold)


def to_normalised(apps, schema_editor):
    _rehash(apps, normalise)


class Migration(migrations.Migration):
    dependencies = [
        ("translations", "0005_glossary_inflects_forbidden"),
    ]

    operations = [
        migrations.RunPython(to_folded, to_normalised, elidable=True),
    ]
