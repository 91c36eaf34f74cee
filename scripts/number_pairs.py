"""Report the numbers check's false alarms and misses on the number pairs corpus
(tests/translations/corpora/number_pairs.tsv).

    DJANGO_DEBUG=1 .venv/bin/python scripts/number_pairs.py [-v]
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main(verbose: bool) -> int:
    import django

    django.setup()
    from translations import checks

    corpus = ROOT / "tests" / "translations" / "corpora" / "number_pairs.tsv"
    lines = corpus.read_text(encoding="utf-8").splitlines()
    count, wrong = Counter(), Counter()
    for line in lines:
        if not line or line.startswith("#"):
            continue
        pair, kind, expect, source, target = line.split("\t")
        error = any(f.level == checks.ERROR for f in checks.numbers(source, target))
        count[pair, expect] += 1
        if error != (expect == "differ"):
            wrong[pair, expect] += 1
            if verbose:
                print("false alarm" if error else "miss", pair, kind, source, "|", target)
    for pair in sorted({p for p, _ in count}):
        print(
            f"{pair}: {count[pair, 'same']} equivalents, {wrong[pair, 'same']} false alarms; "
            f"{count[pair, 'differ']} mismatches, {wrong[pair, 'differ']} misses"
        )
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main("-v" in sys.argv))
