"""Migration 0006: exact memory matches move to the folded source, merging what folding joins."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest

from tests.support.migrations import migrate
from translations import memory
from translations.normalise import fold, normalise

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

NORMALISED = [("translations", "0005_glossary_inflects_forbidden")]
FOLDED = [("translations", "0006_memory_folded_hash")]


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def test_hashes_fold_and_units_folding_joins_become_one():
    try:
        unit_model = migrate(NORMALISED).get_model("translations", "MemoryUnit")

        def unit(source, target, source_language="hi", target_language="en", **fields):
            return unit_model.objects.create(
                source_language=source_language,
                target_language=target_language,
                source_text=source,
                target_text=target,
                source_hash=digest(normalise(source)),
                target_hash=digest(target),
                **fields,
            )

        target = "Workers' strike continues."
        unit(  # approved first: merged into the newer one
            "मज़दूरों की हड़ताल जारी है।",
            target,
            statement_id=41,
            approved_at=datetime(2026, 3, 1, tzinfo=UTC),
        )
        newer = unit("मजदूरों की हडताल जारी है।", target, approved_at=datetime(2026, 4, 1, tzinfo=UTC))
        # Same source once folded, another translation: both stay.
        different = unit("मज़दूरों की हड़ताल जारी है।", "The strike of the workers goes on.")
        # Typed on an Arabic keyboard: ه where Urdu writes ہ.
        urdu = unit("مهنگائی کے خلاف احتجاج", "Protest against rising prices", "ur", "en")
        plain = unit("The union meets on Sunday.", "यूनियन रविवार को बैठक करेगी।", "en", "hi")

        after = migrate(FOLDED).get_model("translations", "MemoryUnit")
        rows = {u.pk: u for u in after.objects.all()}
        assert set(rows) == {newer.pk, different.pk, urdu.pk, plain.pk}
        # The most recently approved stays and keeps the other's statement.
        assert rows[newer.pk].statement_id == 41
        for pk, source in [
            (newer.pk, newer.source_text),
            (different.pk, different.source_text),
            (urdu.pk, urdu.source_text),
            (plain.pk, plain.source_text),
        ]:
            assert rows[pk].source_hash == digest(fold(source))
        assert rows[plain.pk].source_hash == plain.source_hash  # nothing to fold: unchanged
        assert rows[urdu.pk].source_hash != urdu.source_hash  # ه folds to ہ

        back = migrate(NORMALISED).get_model("translations", "MemoryUnit")
        assert {u.pk: u.source_hash for u in back.objects.all()} == {
            newer.pk: digest(normalise(newer.source_text)),
            different.pk: digest(normalise(different.source_text)),
            urdu.pk: urdu.source_hash,
            plain.pk: plain.source_hash,
        }
    finally:
        migrate()
    # At the latest state, both spellings find the kept unit as an exact match.
    for typed in ("मज़दूरों की हड़ताल जारी है।", "मजदूरों की हडताल जारी है।"):
        [matches] = memory.lookup_many([typed], source_language="hi", target_language="en")
        assert matches and matches[0].exact and matches[0].unit_id in {newer.pk, different.pk}
