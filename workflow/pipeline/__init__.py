"""The machine side of a version's life: pre-fill, re-translation, pivot.

``fill`` finds and writes machine text (memory, then engines); ``pretranslate`` fills a
new version, ``retranslate`` the changed sentences of a revised source, ``pivot`` a
version through an approved sibling. Tasks call these; each re-checks state under lock.
``lease`` keeps two tasks off one version and finds the work of workers that died.
"""

from .fill import EnginesFailed, Fill, Outcome, fill_texts
from .lease import held, requeue_stalled
from .pivot import pivot_targets, variant_pivot
from .pretranslate import variant_pretranslate
from .retranslate import retranslate

__all__ = [
    "EnginesFailed",
    "Fill",
    "Outcome",
    "fill_texts",
    "held",
    "pivot_targets",
    "requeue_stalled",
    "retranslate",
    "variant_pivot",
    "variant_pretranslate",
]
