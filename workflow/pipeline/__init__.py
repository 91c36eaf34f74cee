"""The machine side of a version's life: pre-fill, re-translation, pivot.

``fill`` finds and writes machine text (memory, then engines); ``pretranslate`` fills a
new version, ``retranslate`` the changed sentences of a revised source, ``pivot`` a
version through an approved sibling. Tasks call these; each re-checks state under lock.
"""

from .fill import EnginesFailed, Fill, Outcome, fill_texts
from .pivot import pivot_targets, variant_pivot
from .pretranslate import stalled_variants, variant_pretranslate
from .retranslate import retranslate, stalled_outdated

__all__ = [
    "EnginesFailed",
    "Fill",
    "Outcome",
    "fill_texts",
    "pivot_targets",
    "retranslate",
    "stalled_outdated",
    "stalled_variants",
    "variant_pivot",
    "variant_pretranslate",
]
